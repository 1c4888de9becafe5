"""Grading as pure functions: a compiled answer key, one response → credit.

A bank is compiled once into ``{question id: Key}``; grading a response is then
a dict lookup and a set comparison, which is what lets a million answers grade
in about a second (see bench/scorer_bench.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..content.schema import QuizBank

TRUE_WORDS = {"true", "t", "对", "正确", "是", "√", "✓", "1", "yes", "y"}
FALSE_WORDS = {"false", "f", "错", "错误", "否", "×", "✗", "0", "no", "n"}


@dataclass(frozen=True)
class Key:
    type: str  # single | multiple | true_false
    correct: frozenset[str] | bool
    options: frozenset[str]


def compile_key(bank: QuizBank) -> dict[str, Key]:
    key = {}
    for q in bank.questions:
        if q.type == "true_false":
            key[q.id] = Key(q.type, bool(q.answer), frozenset())
        else:
            key[q.id] = Key(q.type, frozenset(q.correct_letters), frozenset(q.options or {}))
    return key


def normalise(key: Key, response: Any) -> frozenset[str] | bool | None:
    """A response as typed on a tablet or in a spreadsheet → letters or a truth value."""
    if response is None or response == "" or response == []:
        return None
    if key.type == "true_false":
        if isinstance(response, bool):
            return response
        word = str(response).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        return None
    if isinstance(response, list | tuple | set | frozenset):
        letters = "".join(str(r) for r in response)
    else:
        letters = str(response)
    return frozenset(re.sub(r"[^A-Za-z]", "", letters).upper())


def credit(key: Key, response: Any, partial: bool = False) -> float:
    """1.0 right, 0.0 wrong or blank; multiple choice may earn partial credit.

    Partial credit (Moodle style): each right letter earns 1/k, each wrong one
    costs 1/k of the k right ones, never below zero.
    """
    given = normalise(key, response)
    if given is None:
        return 0.0
    if key.type == "true_false" or key.type == "single":
        return 1.0 if given == key.correct else 0.0
    assert isinstance(key.correct, frozenset) and isinstance(given, frozenset)
    if given == key.correct:
        return 1.0
    if not partial:
        return 0.0
    right = len(given & key.correct)
    wrong = len(given - key.correct)
    return max(0.0, (right - wrong) / len(key.correct))


@dataclass(frozen=True)
class Graded:
    credits: dict[str, float]
    score: float  # percent of the whole bank
    answered: int
    total: int

    def passed(self, pass_mark: int) -> bool:
        return self.score >= pass_mark


def grade(key: dict[str, Key], answers: dict[str, Any], partial: bool = False) -> Graded:
    """Grade one attempt; unanswered questions count as wrong."""
    credits = {qid: credit(key[qid], response, partial) for qid, response in answers.items() if qid in key}
    return summarise(key, answers, credits)


def summarise(key: dict[str, Key], answers: dict[str, Any], credits: dict[str, float]) -> Graded:
    """An attempt's score from its per-question credits."""
    total = len(key)
    score = round(100.0 * sum(credits.values()) / total, 2) if total else 0.0
    answered = sum(1 for qid, r in answers.items() if qid in key and normalise(key[qid], r) is not None)
    return Graded(credits, score, answered, total)


def grade_rows(
    keys: dict[str, dict[str, Key]], rows: list[tuple[str, str, Any]], partial: bool = False
) -> list[float]:
    """Credit for many (bank id, question id, response) rows at once.

    Responses repeat (there are only so many ways to answer a question), so each
    distinct (bank, question, response) is normalised and compared once and then
    looked up: one tuple and one dict lookup per row.
    """
    memo: dict[tuple[str, str, Any], float] = {}
    out: list[float] = []
    append = out.append
    for bank_id, qid, response in rows:
        token = (bank_id, qid, tuple(response) if type(response) is list else response)
        value = memo.get(token)
        if value is None:
            value = memo[token] = credit(keys[bank_id][qid], response, partial)
        append(value)
    return out
