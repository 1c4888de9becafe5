"""Grading one response, and one attempt."""

from __future__ import annotations

import pytest

from generator.content.schema import QuizBank
from generator.scorer.grading import compile_key, credit, grade

BANK = QuizBank.model_validate(
    {
        "id": "b",
        "title": "题库",
        "mode": "practice",
        "questions": [
            {"id": "s", "type": "single", "stem": "单", "options": {"A": "甲", "B": "乙"}, "answer": "B"},
            {
                "id": "m",
                "type": "multiple",
                "stem": "多",
                "options": {"A": "甲", "B": "乙", "C": "丙", "D": "丁"},
                "answer": ["A", "C"],
            },
            {"id": "t", "type": "true_false", "stem": "判", "answer": False},
        ],
    }
)
KEY = compile_key(BANK)


@pytest.mark.parametrize(
    ("qid", "response", "expected"),
    [
        ("s", "B", 1.0),
        ("s", "b", 1.0),
        ("s", "A", 0.0),
        ("s", None, 0.0),
        ("m", ["A", "C"], 1.0),
        ("m", "CA", 1.0),
        ("m", "A、C", 1.0),
        ("m", ["A"], 0.0),
        ("t", False, 1.0),
        ("t", "错", 1.0),
        ("t", "×", 1.0),
        ("t", "对", 0.0),
        ("t", "不知道", 0.0),
    ],
)
def test_credit_all_or_nothing(qid, response, expected):
    assert credit(KEY[qid], response) == expected


@pytest.mark.parametrize(
    ("response", "expected"),
    [(["A"], 0.5), (["A", "C"], 1.0), (["A", "B"], 0.0), (["A", "C", "D"], 0.5), (["B", "D"], 0.0)],
)
def test_partial_credit_for_multiple_choice(response, expected):
    assert credit(KEY["m"], response, partial=True) == expected


def test_grade_counts_unanswered_questions_as_wrong():
    graded = grade(KEY, {"s": "B", "m": ["A"]}, partial=True)
    assert graded.score == 50.0  # (1 + 0.5 + 0) / 3
    assert graded.answered == 2 and graded.total == 3
    assert graded.passed(50) and not graded.passed(60)


def test_batch_grading_agrees_with_grading_one_answer_at_a_time():
    import random

    from generator.scorer.grading import grade_rows

    rng = random.Random(5)
    pool = {
        "s": ["A", "B", "b", None],
        "m": [["A", "C"], ["C", "A"], ["A"], "AC", ["A", "B", "C"]],
        "t": [True, False, "对", "错", "?"],
    }
    rows = [("b", qid, rng.choice(pool[qid])) for qid in rng.choices(list(pool), k=500)]
    for partial in (False, True):
        expected = [credit(KEY[qid], response, partial) for _, qid, response in rows]
        assert grade_rows({"b": KEY}, rows, partial) == expected
