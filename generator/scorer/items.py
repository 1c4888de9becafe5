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


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    dx = [x - mx for x in xs]
    dy = [y - my for y in ys]
    sxy = sum(map(operator.mul, dx, dy))
    sxx = sum(map(operator.mul, dx, dx))
    syy = sum(map(operator.mul, dy, dy))
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def analyse(bank_id: str, question_ids: list[str], responses: list[dict[str, float]]) -> BankStats:
    """``responses``: one {question id: credit} per respondent (missing = 0)."""
    columns = [[r.get(q, 0.0) for r in responses] for q in question_ids]
    totals = [sum(row) for row in zip(*columns, strict=True)] if columns else [0.0] * len(responses)
    items = []
    for qid, scores in zip(question_ids, columns, strict=True):
        rest = [total - score for total, score in zip(totals, scores, strict=True)]
        facility = sum(scores) / len(scores) if scores else 0.0
        items.append(ItemStats(qid, facility, _pearson(scores, rest)))
    return BankStats(bank_id, len(responses), items, _kr20(columns, totals))


def _kr20(columns: list[list[float]], totals: list[float]) -> float | None:
    """KR-20 = k/(k-1) · (1 − Σ p·q / σ²), σ² the population variance of totals."""
    n = len(totals)
    k = len(columns)
    if n < 2 or k < 2:
        return None
    mean = sum(totals) / n
    variance = sum((t - mean) ** 2 for t in totals) / n
    if variance == 0:
        return None
    pq = 0.0
    for column in columns:
        p = sum(column) / n
        pq += p * (1 - p)
    return k / (k - 1) * (1 - pq / variance)
