"""Who met the rule: at least N trainings each month and M drills each quarter.

Pure functions over plain values, so the rule can be tested by hand and run
for ten thousand members in well under a second.

A member is judged for a month only from the first full month after joining
(joined on the 1st: that month counts) and for a quarter only from the first
full quarter; months and quarters that have not ended by ``as_of`` are not
judged yet. A month in which no training session at all was recorded (a quarter
with no drill session) is not judged either: "nothing was imported" must not look
like "nobody trained" (``Coverage``). ``*_ok`` is None when nothing was due, or
nothing recorded, in the period.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

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


class Event(NamedTuple):
    """One counted attendance: the member was at a training or drill that day (a tuple: a
    county's year holds a couple of hundred thousand of them)."""

    member_id: str
    date: dt.date
    kind: str  # training | drill


@dataclass(frozen=True)
class Coverage:
    """How many training and drill sessions were recorded in each month of a period."""

    trainings: dict[str, int]  # month (2024-06) → training sessions held
    drills: dict[str, int]  # month → drill sessions held

    @classmethod
    def of(cls, sessions: Iterable[tuple[dt.date, str]], period: Period) -> Coverage:
        """``sessions``: (date, kind) of every recorded session, whoever attended."""
        trainings = dict.fromkeys(period.months, 0)
        drills = dict.fromkeys(period.months, 0)
        for day, kind in sessions:
            month = month_of(day)
            if month in trainings:
                (trainings if kind == "training" else drills)[month] += 1
        return cls(trainings, drills)

    @classmethod
    def everything(cls, period: Period) -> Coverage:
        """Every month counted as recorded (a judgement of events alone, as in the benchmark)."""
        return cls(dict.fromkeys(period.months, 1), dict.fromkeys(period.months, 1))

    def has_training(self, month: str) -> bool:
        return self.trainings.get(month, 0) > 0

    def has_drill(self, quarter: str) -> bool:
        return any(self.drills.get(month, 0) for month in quarter_months(quarter))

    def as_json(self) -> dict[str, dict[str, int]]:
        return {m: {"trainings": self.trainings[m], "drills": self.drills[m]} for m in self.trainings}


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
    # ended and due, but no session of the kind was recorded for anyone: 无记录, not judged
    unrecorded_months: list[str] = field(default_factory=list)
    unrecorded_quarters: list[str] = field(default_factory=list)

    @property
    def training_ok(self) -> bool | None:
        return None if not self.due_months else not self.missing_months

    @property
    def drill_ok(self) -> bool | None:
        return None if not self.due_quarters else not self.missing_quarters


@lru_cache(maxsize=1024)  # a county's ledger names a missed month about 36,000 times
def month_title(month: str) -> str:
    """2024-06 → 2024年6月."""
    return smsg.PERIOD_MONTH.format(year=month[:4], month=int(month[5:]))


def month_only(month: str) -> str:
    """2024-06 → 6月 (where the year is said already)."""
    return smsg.MONTH_ONLY.format(month=int(month[5:]))


@lru_cache(maxsize=1024)
def quarter_title(quarter: str) -> str:
    """2024Q2 → 2024年第二季度."""
    return smsg.PERIOD_QUARTER.format(year=quarter[:4], numeral=smsg.QUARTER_NUMERALS[int(quarter[-1]) - 1])


def period_title(period: Period) -> str:
    """The period as a ledger's title names it: 2024年6月, 2024年第二季度, 2024年度."""
    label = period.label
    if "Q" in label:
        return quarter_title(label)
    return month_title(label) if "-" in label else smsg.PERIOD_YEAR.format(year=label)


def months_phrase(months: list[str]) -> str:
    """2024-04, 2024-05, 2025-01 → 2024年4月、5月、2025年1月 (the year said once per year)."""
    parts, year = [], ""
    for month in months:
        same_year = month[:4] == year
        parts.append(month_only(month) if same_year else month_title(month))
        year = month[:4]
    return "、".join(parts)


def quarter_months(quarter: str) -> list[str]:
    start, _ = quarter_bounds(quarter)
    return [f"{start.year}-{start.month + i:02d}" for i in range(3)]


def first_full_month(joined: dt.date | None) -> str | None:
    if joined is None:
        return None
    return month_of(joined if joined.day == 1 else next_month(joined))


def first_full_quarter(joined: dt.date | None) -> str | None:
    if joined is None:
        return None
    start, end = quarter_bounds(quarter_of(joined))
    return quarter_of(joined if joined == start else end + dt.timedelta(days=1))


@dataclass
class Tallies:
    """Counted attendances per member: trainings per month (2024-06) and drills per quarter (2024Q2),
    each member's months and quarters in time order. What ``judge_tallies`` reads; a report counts
    them a session at a time (``reports.count_attendance``), ``judge`` from events."""

    trainings: dict[str, dict[str, int]] = field(default_factory=dict)
    drills: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, kind: str, month: str, member_ids: Iterable[str]) -> None:
        """One attendance of each of ``member_ids`` at a ``kind`` session in ``month``."""
        counts, key = (self.trainings, month) if kind == "training" else (self.drills, month_quarter(month))
        for member_id in member_ids:
            mine = counts.get(member_id)
            if mine is None:
                counts[member_id] = {key: 1}
            else:
                mine[key] = mine.get(key, 0) + 1

    @classmethod
    def of(cls, events: Iterable[Event], period: Period) -> Tallies:
        """The events inside ``period``, counted in time order."""
        tallies = cls()
        inside = (e for e in events if period.start <= e.date <= period.end)
        for event in sorted(inside, key=lambda e: e.date):
            tallies.add(event.kind, month_of(event.date), [event.member_id])
        return tallies


def month_quarter(month: str) -> str:
    """2024-06 → 2024Q2."""
    return f"{month[:4]}Q{(int(month[5:]) - 1) // 3 + 1}"


def judge(
    members: Iterable[MemberInfo],
    events: Iterable[Event],
    period: Period,
    trainings_per_month: int,
    drills_per_quarter: int,
    as_of: dt.date,
    coverage: Coverage | None = None,
) -> list[MemberCompliance]:
    """``judge_tallies`` over the counted ``events``."""
    tallies = Tallies.of(events, period)
    return judge_tallies(members, tallies, period, trainings_per_month, drills_per_quarter, as_of, coverage)


@dataclass(frozen=True)
class _Owed:
    """The months and quarters a member who joined on a given day is judged on (shared by everyone
    who joined that day: ten thousand members hold a few hundred joining days)."""

    owed_months: list[str]
    owed_quarters: list[str]
    due_months: list[str]
    due_quarters: list[str]


def judge_tallies(
    members: Iterable[MemberInfo],
    tallies: Tallies,
    period: Period,
    trainings_per_month: int,
    drills_per_quarter: int,
    as_of: dt.date,
    coverage: Coverage | None = None,
) -> list[MemberCompliance]:
    """One pass over the members; what is due is worked out once per joining day."""
    coverage = coverage or Coverage.everything(period)
    ended_months = [m for m in period.months if month_end(m) <= as_of]
    ended_quarters = [q for q in period.quarters if quarter_bounds(q)[1] <= as_of]
    recorded_months = {m for m in ended_months if coverage.has_training(m)}
    recorded_quarters = {q for q in ended_quarters if coverage.has_drill(q)}
    owed_by_joining: dict[dt.date | None, _Owed] = {}

    def owed(joined: dt.date | None) -> _Owed:
        first_month, first_quarter = first_full_month(joined), first_full_quarter(joined)
        months = [m for m in ended_months if first_month is None or m >= first_month]
        quarters = [q for q in ended_quarters if first_quarter is None or q >= first_quarter]
        return _Owed(months, quarters, [m for m in months if m in recorded_months],
                     [q for q in quarters if q in recorded_quarters])  # fmt: skip

    results = []
    for member in members:
        terms = owed_by_joining.get(member.joined)
        if terms is None:
            terms = owed_by_joining[member.joined] = owed(member.joined)
        by_month = tallies.trainings.get(member.id, {})
        by_quarter = tallies.drills.get(member.id, {})
        results.append(
            MemberCompliance(
                id=member.id,
                name=member.name,
                team=member.team,
                trainings=sum(by_month.values()),
                drills=sum(by_quarter.values()),
                trainings_by_month=dict(by_month),
                drills_by_quarter=dict(by_quarter),
                due_months=list(terms.due_months),
                due_quarters=list(terms.due_quarters),
                missing_months=[m for m in terms.due_months if by_month.get(m, 0) < trainings_per_month],
                missing_quarters=[q for q in terms.due_quarters if by_quarter.get(q, 0) < drills_per_quarter],
                unrecorded_months=[m for m in terms.owed_months if m not in recorded_months],
                unrecorded_quarters=[q for q in terms.owed_quarters if q not in recorded_quarters],
            )
        )
    return results
