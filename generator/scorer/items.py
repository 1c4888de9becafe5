"""Item analysis of a question bank (classical test theory).

For each question: facility (mean credit, 0..1: how easy it was) and item-rest
discrimination (Pearson correlation between the item's credit and the rest of
the test's score: do people who know the rest get this one right?). For the
bank: KR-20 reliability. A question whose discrimination is below 0.2, or
negative, is flagged: often its answer key is wrong or it is ambiguous.

Each member's latest attempt at the bank counts once, so a member who practised
twenty times does not dominate the statistics.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass

DISCRIMINATION_FLOOR = 0.2


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    facility: float
    discrimination: float | None  # None when it cannot be computed (no variance)

    @property
    def flagged(self) -> bool:
        return self.discrimination is not None and self.discrimination < DISCRIMINATION_FLOOR


@dataclass(frozen=True)
class BankStats:
    bank_id: str
    attempts: int
    items: list[ItemStats]
    kr20: float | None

    @property
    def flagged(self) -> list[ItemStats]:
        return [i for i in self.items if i.flagged]


def _pearson(xs: list[float], ys: list[float], mx: float) -> float | None:
    """Pearson's r of ``xs`` (mean ``mx``, known already) and ``ys``.

    The deviations are made with ``map`` over the bound subtraction rather than a comprehension
    (a county's year: half a million of them); each is the same float ``x - mean``."""
    n = len(xs)
    if n < 2:
        return None
    my = sum(ys) / n
    dx = list(map(mx.__rsub__, xs))
    dy = list(map(my.__rsub__, ys))
    sxy = sum(map(operator.mul, dx, dy))
    sxx = sum(map(operator.mul, dx, dx))
    syy = sum(map(operator.mul, dy, dy))
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def analyse(bank_id: str, question_ids: list[str], responses: list[dict[str, float]]) -> BankStats:
    """``responses``: one {question id: credit} per respondent (missing = 0)."""
    columns = [[r.get(q, 0.0) for r in responses] for q in question_ids]
    return analyse_columns(bank_id, question_ids, columns, len(responses))


def analyse_columns(
    bank_id: str, question_ids: list[str], columns: list[list[float]], respondents: int
) -> BankStats:
    """``analyse`` of the credits already laid out one list per question, one entry per respondent
    (how a report reads them from the database, without a dict per respondent)."""
    totals = [sum(row) for row in zip(*columns, strict=True)] if columns else [0.0] * respondents
    items = []
    facilities = []
    for qid, scores in zip(question_ids, columns, strict=True):
        rest = list(map(operator.sub, totals, scores))
        facility = sum(scores) / len(scores) if scores else 0.0
        facilities.append(facility)
        items.append(ItemStats(qid, facility, _pearson(scores, rest, float(facility))))
    return BankStats(bank_id, respondents, items, _kr20(facilities, totals))


def _kr20(facilities: list[float], totals: list[float]) -> float | None:
    """KR-20 = k/(k-1) · (1 − Σ p·q / σ²), σ² the population variance of totals; p is each
    question's facility (its mean credit)."""
    n = len(totals)
    k = len(facilities)
    if n < 2 or k < 2:
        return None
    mean = sum(totals) / n
    variance = sum((t - mean) ** 2 for t in totals) / n
    if variance == 0:
        return None
    pq = 0.0
    for p in facilities:
        pq += p * (1 - p)
    return k / (k - 1) * (1 - pq / variance)
