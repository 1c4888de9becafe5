"""Realistic synthetic records: sessions, attendance and quiz attempts.

Members have a steady "ability" and "reliability"; attendance and answers are
drawn from them, so reports show plausible gaps and item analysis has signal.
Deterministic for a given seed. Rows are written in bulk (thousands at a time).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from ..privacy import id_check_digit
from ..project import Project
from ..schema import Member
from .compliance import _next_month
from .database import RecordsDB
from .grading import compile_key, grade
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
                "name": f"{rng.choice(SURNAMES)}{GIVEN[rng.randrange(0, len(GIVEN) - 1, 2) :][:2]}演示{n}",
                "team": rng.choice(teams),
                "role": "队员",
                "phone": f"1380{n:07d}"[-11:],
                "id_number": first17 + id_check_digit(first17),
                "joined": dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(900)),
            }
        )
    return members


def generate(
    project: Project, db: RecordsDB, members: list[Member], start: dt.date, months: int, seed: int = 7
) -> DemoResult:
    rng = random.Random(seed)
    reliability = {m.id: min(0.99, max(0.3, rng.gauss(0.85, 0.12))) for m in members}
    ability = {m.id: rng.gauss(0.0, 1.0) for m in members}
    modules_by_month = {}
    for module in project.modules:
        modules_by_month.setdefault((module.month[5:], module.kind), module)
    banks = [b for b in project.banks if not b.is_exam] or list(project.banks)
    keys = {b.id: compile_key(b) for b in banks}
    difficulty = {(b.id, q.id): rng.gauss(-1.6, 0.8) for b in banks for q in b.questions}
    # One miskeyed question, as happens in real banks: strong members "miss" it.
    miskeyed = (banks[0].id, banks[0].questions[0].id) if banks else None

    with db.transaction() as session:
        next_session = (session.scalar(select(func.max(TrainingSession.id))) or 0) + 1
        next_attempt = (session.scalar(select(func.max(Attempt.id))) or 0) + 1
        sessions, attendance, attempts, answers = [], [], [], []
        month = start.replace(day=1)
        for _ in range(months):
            plans = [("training", month + dt.timedelta(days=rng.randrange(3, 25)))]
            if month.month % 3 == 0:
                plans.append(("drill", month + dt.timedelta(days=rng.randrange(10, 27))))
            for kind, day in plans:
                module = modules_by_month.get((f"{month.month:02d}", kind))
                sessions.append(
                    {
                        "id": next_session,
                        "date": day,
                        "kind": kind,
                        "course": f"{module.id if module else kind}-{day:%Y%m}",
                        "module_id": module.id if module else None,
                        "place": "乡政府会议室" if kind == "training" else "场镇主街",
                        "trainer": "乡平安法治办",
                    }
                )
                for member in members:
                    if member.joined and member.joined > day:
                        continue
                    roll = rng.random()
                    present = reliability[member.id]
                    status = (
                        "present"
                        if roll < present * 0.92
                        else "late"
                        if roll < present
                        else "excused"
                        if roll < present + (1 - present) / 2
                        else "absent"
                    )
                    attendance.append({"session_id": next_session, "member_id": member.id, "status": status})
                next_session += 1
            for member in members:
                if not banks or (member.joined and member.joined > month) or rng.random() > 0.6:
                    continue
                bank = rng.choice(banks)
                responses = {}
                for question in bank.questions:
                    p_right = 1 / (1 + 2.718 ** -(ability[member.id] - difficulty[(bank.id, question.id)]))
                    right = rng.random() < p_right
                    if (bank.id, question.id) == miskeyed:
                        right = not right
                    responses[question.id] = _response(question, right, rng)
                graded = grade(keys[bank.id], responses, project.config.records.partial_credit)
                finished = dt.datetime.combine(month + dt.timedelta(days=rng.randrange(27)), dt.time(19, 30))
                pass_mark = (
                    bank.pass_mark if bank.pass_mark is not None else project.config.thresholds.pass_mark
                )
                attempts.append(
                    {
                        "id": next_attempt,
                        "fingerprint": f"demo-{seed}-{next_attempt}-{member.id}",
                        "member_id": member.id,
                        "bank_id": bank.id,
                        "finished": finished,
                        "origin": "tablet",
                        "score": graded.score,
                        "passed": graded.passed(pass_mark),
                        "answered": graded.answered,
                        "total": graded.total,
                    }
                )
                answers.extend(
                    {
                        "attempt_id": next_attempt,
                        "question_id": qid,
                        "response": responses[qid],
                        "credit": graded.credits.get(qid, 0.0),
                    }
                    for qid in keys[bank.id]
                )
                next_attempt += 1
            month = _next_month(month)
        for table, rows in (
            (TrainingSession, sessions),
            (Attendance, attendance),
            (Attempt, attempts),
            (AttemptAnswer, answers),
        ):
            for i in range(0, len(rows), 5000):
                session.execute(insert(table), rows[i : i + 5000])
    return DemoResult(len(members), months, len(sessions), len(attendance), len(attempts))


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
