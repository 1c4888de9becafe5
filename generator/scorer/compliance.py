"""Who met the rule: at least N trainings each month and M drills each quarter.

Pure functions over plain values, so the rule can be tested by hand and run
for ten thousand members in well under a second.

A member is judged for a month only from the first full month after joining
(joined on the 1st: that month counts) and for a quarter only from the first
full quarter; months and quarters that have not ended by ``as_of`` are not
judged yet. ``*_ok`` is None when nothing was due in the period.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import PinganError
from ..messages import scorer as smsg


class PeriodError(PinganError):
    """A --month/--quarter/--year value that names no period."""


@dataclass(frozen=True)
class Period:
    label: str  # 2024-06, 2024Q2, 2024
    start: dt.date
    end: dt.date  # inclusive

    @property
    def months(self) -> list[str]:
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(f"{day.year}-{day.month:02d}")
            day = next_month(day)
        return months

    @property
    def quarters(self) -> list[str]:
        """Quarters lying wholly inside the period (a month report judges no quarter)."""
        found = []
        for month in self.months:
            year, m = map(int, month.split("-"))
            q_start = dt.date(year, 3 * ((m - 1) // 3) + 1, 1)
            q_end = next_month(next_month(next_month(q_start))) - dt.timedelta(days=1)
            label = quarter_of(q_start)
            if q_start >= self.start and q_end <= self.end and label not in found:
                found.append(label)
        return found


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_of(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def month_end(month: str) -> dt.date:
    year, m = map(int, month.split("-"))
    return next_month(dt.date(year, m, 1)) - dt.timedelta(days=1)


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    year, q = int(quarter[:4]), int(quarter[-1])
    start = dt.date(year, 3 * (q - 1) + 1, 1)
    return start, next_month(next_month(next_month(start))) - dt.timedelta(days=1)


def parse_period(month: str | None = None, quarter: str | None = None, year: str | None = None) -> Period:
    given = [p for p in (month, quarter, year) if p]
    if len(given) != 1:
        raise PeriodError(smsg.ONE_PERIOD, smsg.BAD_PERIOD_HINT)
    value = given[0].strip().upper()
    try:
        if month:
            m = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
            start = dt.date(int(m[1]), int(m[2]), 1)  # type: ignore[index]
            return Period(f"{start.year}-{start.month:02d}", start, next_month(start) - dt.timedelta(days=1))
        if quarter:
            m = re.fullmatch(r"(\d{4})-?Q([1-4])", value)
            start, end = quarter_bounds(f"{m[1]}Q{m[2]}")  # type: ignore[index]
            return Period(f"{m[1]}Q{m[2]}", start, end)  # type: ignore[index]
        m = re.fullmatch(r"(\d{4})", value)
        y = int(m[1])  # type: ignore[index]
        return Period(str(y), dt.date(y, 1, 1), dt.date(y, 12, 31))
    except (TypeError, ValueError):
        raise PeriodError(smsg.BAD_PERIOD.format(value=given[0]), smsg.BAD_PERIOD_HINT) from None


@dataclass(frozen=True)
class MemberInfo:
    id: str
    name: str
    team: str
    joined: dt.date | None


@dataclass(frozen=True)
class Event:
    """One counted attendance: the member was at a training or drill that day."""

    member_id: str
    date: dt.date
    kind: str  # training | drill


@dataclass
class MemberCompliance:
    id: str
    name: str
    team: str
    trainings: int = 0
    drills: int = 0
    trainings_by_month: dict[str, int] = field(default_factory=dict)
    drills_by_quarter: dict[str, int] = field(default_factory=dict)
    due_months: list[str] = field(default_factory=list)
    due_quarters: list[str] = field(default_factory=list)
    missing_months: list[str] = field(default_factory=list)
    missing_quarters: list[str] = field(default_factory=list)

    @property
    def training_ok(self) -> bool | None:
        return None if not self.due_months else not self.missing_months

    @property
    def drill_ok(self) -> bool | None:
        return None if not self.due_quarters else not self.missing_quarters


def first_full_month(joined: dt.date | None) -> str | None:
    if joined is None:
        return None
    return month_of(joined if joined.day == 1 else next_month(joined))


def first_full_quarter(joined: dt.date | None) -> str | None:
    if joined is None:
        return None
    start, end = quarter_bounds(quarter_of(joined))
    return quarter_of(joined if joined == start else end + dt.timedelta(days=1))


def judge(
    members: Iterable[MemberInfo],
    events: Iterable[Event],
    period: Period,
    trainings_per_month: int,
    drills_per_quarter: int,
    as_of: dt.date,
) -> list[MemberCompliance]:
    """One pass over the events, then one over the members."""
    trainings: dict[str, Counter[str]] = defaultdict(Counter)
    drills: dict[str, Counter[str]] = defaultdict(Counter)
    for event in events:
        if not period.start <= event.date <= period.end:
            continue
        if event.kind == "training":
            trainings[event.member_id][month_of(event.date)] += 1
        else:
            drills[event.member_id][quarter_of(event.date)] += 1

    ended_months = [m for m in period.months if month_end(m) <= as_of]
    ended_quarters = [q for q in period.quarters if quarter_bounds(q)[1] <= as_of]
    results = []
    for member in members:
        by_month = trainings.get(member.id, Counter())
        by_quarter = drills.get(member.id, Counter())
        first_month = first_full_month(member.joined)
        first_quarter = first_full_quarter(member.joined)
        due_months = [m for m in ended_months if first_month is None or m >= first_month]
        due_quarters = [q for q in ended_quarters if first_quarter is None or q >= first_quarter]
        results.append(
            MemberCompliance(
                id=member.id,
                name=member.name,
                team=member.team,
                trainings=sum(by_month.values()),
                drills=sum(by_quarter.values()),
                trainings_by_month=dict(by_month),
                drills_by_quarter=dict(by_quarter),
                due_months=due_months,
                due_quarters=due_quarters,
                missing_months=[m for m in due_months if by_month[m] < trainings_per_month],
                missing_quarters=[q for q in due_quarters if by_quarter[q] < drills_per_quarter],
            )
        )
    return results
