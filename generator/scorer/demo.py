"""Realistic synthetic records: sessions, attendance and quiz attempts.

Members have a steady "ability" and "reliability"; attendance and answers are
drawn from them, so reports show plausible gaps and item analysis has signal.
Deterministic for a given seed. Rows are written in bulk (thousands at a time).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select

from ..content import Project
from ..content.schema import Member, TrainingModule
from ..messages import records as rmsg
from ..messages import scorer as smsg
from ..privacy import id_check_digit
from . import importlog
from .compliance import next_month
from .database import RecordsDB
from .grading import compile_key, grade
from .sessions import clear_records, log_cleared
from .tables import Attempt, AttemptAnswer, Attendance, TrainingSession

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈"
)
GIVEN = "建国志强秀兰桂芳海燕春梅明华玉兰德胜永红丽娟文军金凤小龙翠花国庆俊杰雪梅新民"


@dataclass
class DemoResult:
    members: int
    months: int
    sessions: int
    attendance: int
    attempts: int


def synthetic_members(existing: list[Member], count: int, teams: list[str], rng: random.Random) -> list[dict]:
    """Fictional members (names marked 演示, phones 1380000xxxx, valid ID check digits)."""
    members = []
    start = len(existing) + 1
    for n in range(start, start + count):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
        seq = f"{rng.randrange(1000):03d}"
        first17 = f"500999{birth:%Y%m%d}{seq}"
        members.append(
            {
                "id": f"D{n:05d}",
                "name": f"{rng.choice(SURNAMES)}{GIVEN[rng.randrange(0, len(GIVEN) - 1, 2) :][:2]}"
                + smsg.DEMO_NAME_MARK.format(n=n),
                "team": rng.choice(teams),
                "role": smsg.DEMO_ROLE,
                "phone": f"1380{n:07d}"[-11:],
                "id_number": first17 + id_check_digit(first17),
                "joined": dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(900)),
            }
        )
    return members


@dataclass
class _Rows:
    """Rows to insert, and the next free ids."""

    next_session: int
    next_attempt: int
    sessions: list[dict[str, Any]] = field(default_factory=list)
    attendance: list[dict[str, Any]] = field(default_factory=list)
    attempts: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)


class _Simulation:
    """Members with a steady reliability (attendance) and ability (answers), drawn once per seed."""

    def __init__(self, project: Project, members: list[Member], seed: int):
        self.project, self.members, self.seed = project, members, seed
        self.rng = rng = random.Random(seed)
        self.reliability = {m.id: min(0.99, max(0.3, rng.gauss(0.85, 0.12))) for m in members}
        self.ability = {m.id: rng.gauss(0.0, 1.0) for m in members}
        self.modules_by_month: dict[tuple[str, str], TrainingModule] = {}
        for module in project.modules:
            self.modules_by_month.setdefault((module.month[5:], module.kind), module)
        self.banks = [b for b in project.banks if not b.is_exam] or list(project.banks)
        self.keys = {b.id: compile_key(b) for b in self.banks}
        self.difficulty = {(b.id, q.id): rng.gauss(-1.6, 0.8) for b in self.banks for q in b.questions}
        # One miskeyed question, as happens in real banks: strong members "miss" it.
        self.miskeyed = (self.banks[0].id, self.banks[0].questions[0].id) if self.banks else None

    def month(self, month: dt.date, rows: _Rows) -> None:
        plans = [("training", month + dt.timedelta(days=self.rng.randrange(3, 25)))]
        if month.month % 3 == 0:
            plans.append(("drill", month + dt.timedelta(days=self.rng.randrange(10, 27))))
        for kind, day in plans:
            self.session(kind, day, month, rows)
        for member in self.members:
            if not self.banks or (member.joined and member.joined > month) or self.rng.random() > 0.6:
                continue
            self.attempt(member, month, rows)

    def session(self, kind: str, day: dt.date, month: dt.date, rows: _Rows) -> None:
        module = self.modules_by_month.get((f"{month.month:02d}", kind))
        rows.sessions.append(
            {
                "id": rows.next_session,
                "date": day,
                "kind": kind,
                "course": f"{module.id if module else kind}-{day:%Y%m}",
                "module_id": module.id if module else None,
                "place": smsg.DEMO_PLACE_TRAINING if kind == "training" else smsg.DEMO_PLACE_DRILL,
                "trainer": smsg.DEMO_TRAINER,
                "outside_content": module is None,
            }
        )
        for member in self.members:
            if member.joined and member.joined > day:
                continue
            roll, present = self.rng.random(), self.reliability[member.id]
            if roll < present * 0.92:
                status = "present"
            elif roll < present:
                status = "late"
            elif roll < present + (1 - present) / 2:
                status = "excused"
            else:
                status = "absent"
            rows.attendance.append(
                {"session_id": rows.next_session, "member_id": member.id, "status": status}
            )
        rows.next_session += 1

    def attempt(self, member: Member, month: dt.date, rows: _Rows) -> None:
        rng, bank = self.rng, self.rng.choice(self.banks)
        responses = {}
        for question in bank.questions:
            p_right = 1 / (1 + 2.718 ** -(self.ability[member.id] - self.difficulty[(bank.id, question.id)]))
            right = rng.random() < p_right
            if (bank.id, question.id) == self.miskeyed:
                right = not right
            responses[question.id] = _response(question, right, rng)
        graded = grade(self.keys[bank.id], responses, self.project.config.records.partial_credit)
        finished = dt.datetime.combine(month + dt.timedelta(days=rng.randrange(27)), dt.time(19, 30))
        rows.attempts.append(
            {
                "id": rows.next_attempt,
                "fingerprint": f"demo-{self.seed}-{rows.next_attempt}-{member.id}",
                "member_id": member.id,
                "bank_id": bank.id,
                "finished": finished,
                "origin": "tablet",
                "score": graded.score,
                "passed": graded.passed(bank.effective_pass_mark(self.project.config)),
                "answered": graded.answered,
                "total": graded.total,
            }
        )
        rows.answers.extend(
            {
                "attempt_id": rows.next_attempt,
                "question_id": qid,
                "response": responses[qid],
                "credit": graded.credits.get(qid, 0.0),
            }
            for qid in self.keys[bank.id]
        )
        rows.next_attempt += 1


def generate(
    project: Project,
    db: RecordsDB,
    members: list[Member],
    start: dt.date,
    months: int,
    seed: int = 7,
    replace: bool = False,
) -> DemoResult:
    """Write demo records; with ``replace``, every record there was is cleared first, in the
    same transaction (the import log keeps a line for both)."""
    simulation = _Simulation(project, members, seed)
    with db.transaction() as session:
        cleared = clear_records(session) if replace else None
        rows = _Rows(
            next_session=(session.scalar(select(func.max(TrainingSession.id))) or 0) + 1,
            next_attempt=(session.scalar(select(func.max(Attempt.id))) or 0) + 1,
        )
        month = start.replace(day=1)
        for _ in range(months):
            simulation.month(month, rows)
            month = next_month(month)
        for table, batch in (
            (TrainingSession, rows.sessions),
            (Attendance, rows.attendance),
            (Attempt, rows.attempts),
            (AttemptAnswer, rows.answers),
        ):
            for i in range(0, len(batch), 5000):
                session.execute(insert(table), batch[i : i + 5000])
        result = DemoResult(
            len(members), months, len(rows.sessions), len(rows.attendance), len(rows.attempts)
        )
        if cleared is not None:
            log_cleared(session, db.label, cleared)
        importlog.record(
            session,
            "demo",
            rmsg.DEMO_SOURCE.format(seed=seed, start=start.isoformat(), months=months),
            added=result.sessions + result.attendance + result.attempts,
            note=smsg.DEMO_OK.format(**vars(result)),
        )
    return result


def _response(question, right: bool, rng: random.Random):
    if question.type == "true_false":
        return bool(question.answer) if right else not bool(question.answer)
    letters = list(question.options or {})
    correct = question.correct_letters
    if right:
        return correct[0] if question.type == "single" else sorted(correct)
    wrong = [x for x in letters if x not in correct] or letters
    if question.type == "single":
        return rng.choice(wrong)
    return sorted({*correct[:1], rng.choice(wrong)})
