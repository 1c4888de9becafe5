"""`build_report` as it was before the database was asked only for what a report needs: the
baseline `scorer_bench.py --report` times beside the current one (the code is kept here, not
in generator/).

Before: every counted attendance read as an ``Event`` (member, date, kind) through SQLAlchemy
``Row`` objects, dates parsed; every attempt of the period read with its timestamp; the latest
attempts' answers; then ``judge`` counting events into ``Counter`` objects and working out each
member's due months one member at a time, quiz statistics from a list of scores per member and
bank, and team rates scanning every member once per team and month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import astuple
from typing import Any
from unittest.mock import patch

from sqlalchemy import Row, select

from generator.content import Project
from generator.privacy import scrub
from generator.scorer import ledger, reports
from generator.scorer.compliance import (
    Coverage,
    Event,
    MemberCompliance,
    MemberInfo,
    Period,
    first_full_month,
    first_full_quarter,
    month_end,
    month_of,
    quarter_bounds,
    quarter_of,
)
from generator.scorer.database import RecordsDB
from generator.scorer.items import analyse
from generator.scorer.reports import MemberReport, MemberRow, QuizStat, Report, TeamReport
from generator.scorer.tables import Attempt, AttemptAnswer, Attendance, TrainingSession


def judge_events(
    members: Iterable[MemberInfo],
    events: Iterable[Event],
    period: Period,
    trainings_per_month: int,
    drills_per_quarter: int,
    as_of: dt.date,
    coverage: Coverage,
) -> list[MemberCompliance]:
    """``judge`` before: one pass over the events, then one over the members."""
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
    recorded_months = {m for m in ended_months if coverage.has_training(m)}
    recorded_quarters = {q for q in ended_quarters if coverage.has_drill(q)}
    results = []
    for member in members:
        by_month = trainings.get(member.id, Counter())
        by_quarter = drills.get(member.id, Counter())
        first_month = first_full_month(member.joined)
        first_quarter = first_full_quarter(member.joined)
        owed_months = [m for m in ended_months if first_month is None or m >= first_month]
        owed_quarters = [q for q in ended_quarters if first_quarter is None or q >= first_quarter]
        due_months = [m for m in owed_months if m in recorded_months]
        due_quarters = [q for q in owed_quarters if q in recorded_quarters]
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
                unrecorded_months=[m for m in owed_months if m not in due_months],
                unrecorded_quarters=[q for q in owed_quarters if q not in due_quarters],
            )
        )
    return results


def read_records(db: RecordsDB, period: Period, counted: list[str]):
    """(events, coverage, attempts, latest attempt ids, credits), as ``_read_records`` read them."""
    with db.session() as session:
        connection = session.connection()
        rows = connection.execute(
            select(Attendance.member_id, TrainingSession.date, TrainingSession.kind)
            .join(TrainingSession, Attendance.session_id == TrainingSession.id)
            .where(Attendance.status.in_(counted))
            .where(TrainingSession.date.between(period.start, period.end))
        )
        events = [Event(member_id, day, kind) for member_id, day, kind in rows]
        held = connection.execute(
            select(TrainingSession.date, TrainingSession.kind).where(
                TrainingSession.date.between(period.start, period.end)
            )
        )
        coverage = Coverage.of(((day, kind) for day, kind in held), period)
        start = dt.datetime.combine(period.start, dt.time.min)
        end = dt.datetime.combine(period.end, dt.time.max)
        attempts = connection.execute(
            select(Attempt.id, Attempt.member_id, Attempt.bank_id, Attempt.finished, Attempt.score,
                   Attempt.passed)
            .where(Attempt.finished.between(start, end))
            .order_by(Attempt.finished, Attempt.id)
        ).all()  # fmt: skip
        latest: dict[tuple[str, str], int] = {}
        for attempt_id, member_id, bank_id, *_ in attempts:  # ordered by time
            latest[(member_id, bank_id)] = attempt_id
        latest_ids = set(latest.values())
        credits: dict[int, dict[str, float]] = defaultdict(dict)
        ordered = sorted(latest_ids)
        for chunk in (ordered[i : i + 5000] for i in range(0, len(ordered), 5000)):
            for attempt_id, question_id, credit in connection.execute(
                select(AttemptAnswer.attempt_id, AttemptAnswer.question_id, AttemptAnswer.credit).where(
                    AttemptAnswer.attempt_id.in_(chunk)
                )
            ):
                credits[attempt_id][question_id] = credit
    return events, coverage, attempts, latest_ids, credits


def quiz_stats(attempts: Sequence[Row[Any]]) -> dict[str, list[QuizStat]]:
    grouped: dict[tuple[str, str], list[float]] = defaultdict(list)
    passed: set[tuple[str, str]] = set()
    for _id, member_id, bank_id, _finished, score, did_pass in attempts:
        grouped[(member_id, bank_id)].append(score)
        if did_pass:
            passed.add((member_id, bank_id))
    stats: dict[str, list[QuizStat]] = defaultdict(list)
    for key, scores in sorted(grouped.items()):
        stats[key[0]].append(QuizStat(key[1], len(scores), max(scores), scores[-1], key in passed))
    return stats


def team_reports(project: Project, compliance: list[MemberCompliance], period: Period) -> list[TeamReport]:
    teams = []
    for team in project.roster.teams:
        members = [c for c in compliance if c.team == team.id]
        rates: dict[str, float | None] = {}
        for month in period.months:
            due = [c for c in members if month in c.due_months]
            ok = [c for c in due if month not in c.missing_months]
            rates[month] = round(len(ok) / len(due), 4) if due else None
        teams.append(
            TeamReport(
                id=team.id,
                name=team.name,
                members=len(members),
                training_ok=sum(c.training_ok is True for c in members),
                training_due=sum(c.training_ok is not None for c in members),
                drill_ok=sum(c.drill_ok is True for c in members),
                drill_due=sum(c.drill_ok is not None for c in members),
                monthly_rate=rates,
            )
        )
    return teams


def build_report_before(project: Project, db: RecordsDB, period: Period, as_of: dt.date) -> Report:
    config = project.config
    members = [MemberInfo(m.id, m.name, m.team, m.joined) for m in project.roster.members]
    events, coverage, attempts, latest_ids, credits = read_records(
        db, period, list(config.records.counted_statuses)
    )
    thresholds = config.thresholds
    per_month, per_quarter = thresholds.trainings_per_month, thresholds.drills_per_quarter
    compliance = judge_events(members, events, period, per_month, per_quarter, as_of, coverage)
    stats = quiz_stats(attempts)
    by_bank: dict[str, list[dict[str, float]]] = defaultdict(list)
    for attempt_id, _member, bank_id, *_ in attempts:
        if attempt_id in latest_ids:
            by_bank[bank_id].append(credits[attempt_id])
    banks = [
        analyse(bank.id, [q.id for q in bank.questions], by_bank[bank.id])
        for bank in project.banks
        if by_bank.get(bank.id)
    ]
    return Report(
        period=period,
        as_of=as_of,
        trainings_per_month=thresholds.trainings_per_month,
        drills_per_quarter=thresholds.drills_per_quarter,
        pass_mark=thresholds.pass_mark,
        members=[MemberReport(c, stats.get(c.id, [])) for c in compliance],
        teams=team_reports(project, compliance, period),
        banks=banks,
        bank_titles={b.id: b.title for b in project.banks},
        coverage=coverage,
        organisation=config.organisation.name,
        min_answers=config.records.flag_min_answers,
    )


_DIGIT = re.compile(r"\d")


def shown_before(value: Any) -> Any:
    """``reports.shown`` before: every text with a digit scrubbed again each time it is written."""
    if isinstance(value, str):
        return scrub(value) if _DIGIT.search(value) else value
    if isinstance(value, dict):
        return {key: shown_before(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [shown_before(item) for item in value]
    return value


def cells_before(self: MemberRow, drills: bool) -> list[Any]:
    """``MemberRow.cells`` before: ``dataclasses.astuple`` (a deep copy) for every member."""
    if drills:
        return list(astuple(self))
    return [self.id, self.name, self.team, self.trainings, self.training, self.missing, self.quiz]


@contextmanager
def output_before() -> Iterator[None]:
    """``to_json`` and ``write_xlsx`` run as they did before, inside this block."""
    with (
        patch.object(reports, "shown", shown_before),
        patch.object(ledger, "scrubbed", shown_before),
        patch.object(MemberRow, "cells", cells_before),
    ):
        yield
