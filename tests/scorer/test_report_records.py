"""`build_report` on records written straight into a real database (SQLite and PostgreSQL),
stored out of time order: what counts, which attempt is a member's latest (the same finishing
time: the later record), what the item analysis reads, and the order of the JSON's months."""

from __future__ import annotations

import datetime as dt
import gc

import pytest

from generator.content import load_project
from generator.scorer.compliance import parse_period
from generator.scorer.database import open_records
from generator.scorer.reports import QuizStat, build_report, to_json
from generator.scorer.tables import Attempt, AttemptAnswer, Attendance, TrainingSession

D = dt.date
T = dt.datetime


def session(day: dt.date, kind: str, place: str) -> TrainingSession:
    return TrainingSession(date=day, kind=kind, course="m01", place=place)


def attempt(member: str, finished: dt.datetime, score: float, passed: bool, tag: str) -> Attempt:
    return Attempt(fingerprint=f"fp-{tag}", member_id=member, bank_id="basics", finished=finished,
                   origin="tablet", score=score, passed=passed, answered=2, total=2)  # fmt: skip


def store_records(project_root) -> None:
    """December stored before January, the tie's higher score stored first."""
    project = load_project(project_root)
    with open_records(project) as db, db.transaction() as s:
        dec, jan, jan_late = session(D(2024, 12, 3), "training", "甲"), session(D(2024, 1, 9), "training", "甲"), \
            session(D(2024, 1, 20), "training", "乙")  # fmt: skip
        march_drill, before = (
            session(D(2024, 3, 5), "drill", "甲"),
            session(D(2023, 12, 30), "training", "甲"),
        )
        s.add_all([dec, jan, jan_late, march_drill, before])
        s.flush()
        statuses = [(dec, "M001", "present"), (jan, "M001", "late"), (jan_late, "M001", "present"),
                    (march_drill, "M001", "present"), (before, "M001", "present"), (jan, "M003", "absent"),
                    (dec, "M003", "excused"), (march_drill, "M002", "present")]  # fmt: skip
        s.add_all(
            Attendance(session_id=where.id, member_id=who, status=what) for where, who, what in statuses
        )
        june = T(2024, 6, 1, 9, 0)
        tied_high = attempt("M001", june, 70.0, True, "tied-high")
        s.add_all([attempt("M001", T(2024, 5, 1, 10), 90.0, True, "best"),
                   attempt("M001", T(2024, 2, 1, 10), 40.0, False, "first"), tied_high])  # fmt: skip
        s.flush()
        tied_low = attempt("M001", june, 50.0, False, "tied-low")  # stored later: the latest
        s.add_all([tied_low, attempt("M001", T(2025, 1, 2, 8), 0.0, False, "next-year"),
                   attempt("M003", T(2024, 3, 1, 8), 100.0, True, "no-answers")])  # fmt: skip
        s.flush()
        s.add_all([AttemptAnswer(attempt_id=tied_low.id, question_id="q1", response="B", credit=1.0),
                   AttemptAnswer(attempt_id=tied_low.id, question_id="q2", response=False, credit=0.0),
                   AttemptAnswer(attempt_id=tied_high.id, question_id="q2", response=True, credit=1.0)])  # fmt: skip


@pytest.fixture
def stored(records_project):
    store_records(records_project)
    return records_project


def year_report(root):
    project = load_project(root)
    with open_records(project) as db:
        return build_report(project, db, parse_period(year="2024"), D(2025, 1, 15))


def test_counts_latest_attempts_and_month_order(stored):
    report = year_report(stored)
    members = {m.compliance.id: m for m in report.members}
    m001 = members["M001"].compliance
    # By hand: late and present count, 2023-12-30 lies outside the year; absent and excused do not.
    assert list(m001.trainings_by_month.items()) == [("2024-01", 2), ("2024-12", 1)]
    assert m001.drills_by_quarter == {"2024Q1": 1} and (m001.trainings, m001.drills) == (3, 1)
    assert members["M003"].compliance.trainings == 0
    assert members["M002"].compliance.drills_by_quarter == {"2024Q1": 1}
    # Four attempts in 2024; two finished at 09:00 on 6-01, the one stored later (50) is the latest.
    assert members["M001"].quizzes == [QuizStat("basics", 4, 90.0, 50.0, True)]
    assert members["M003"].quizzes == [QuizStat("basics", 1, 100.0, 100.0, True)]
    assert members["M002"].quizzes == []
    # Item analysis over the latest attempts: M003's (no answers: 0 on both) and M001's (q1 right).
    (bank,) = report.banks
    assert bank.attempts == 2
    assert {i.question_id: i.facility for i in bank.items} == {"q1": 0.5, "q2": 0.0}
    line = next(row for row in to_json(report).splitlines() if '"id": "M001"' in row)
    assert '"trainings_by_month": {"2024-01": 2, "2024-12": 1}' in line


def test_the_cycle_collector_is_left_as_it_was(stored):
    assert gc.isenabled()
    year_report(stored)
    assert gc.isenabled()
    gc.disable()
    try:
        year_report(stored)
        assert not gc.isenabled()
    finally:
        gc.enable()
