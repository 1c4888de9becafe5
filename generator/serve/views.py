"""What the trainer's pages load: the roll (teams, courses, today's marks) and the live board.

Only a member's 编号, name and team ever leave the server: never a phone or ID number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content import Project
from .records import OpenSession, SessionRecords

PRESENT = ("present", "late")  # counted as signed in


@dataclass(frozen=True)
class RollMember:
    id: str
    name: str


@dataclass(frozen=True)
class RollTeam:
    id: str
    name: str
    members: list[RollMember]


@dataclass(frozen=True)
class RollCourse:
    id: str
    title: str
    kind: str
    place: str
    trainer: str
    this_month: bool


@dataclass(frozen=True)
class Roll:
    date: str
    session: dict[str, str] | None
    teams: list[RollTeam]
    courses: list[RollCourse]
    statuses: dict[str, str]
    self_signed: list[str]


@dataclass(frozen=True)
class BoardResult:
    bank: str
    title: str
    score: float
    passed: bool
    finished: str  # HH:MM


@dataclass(frozen=True)
class BoardMember:
    id: str
    name: str
    team: str
    status: str | None
    self_signed: bool
    results: list[BoardResult] = field(default_factory=list)


@dataclass(frozen=True)
class Board:
    date: str
    session: dict[str, str] | None
    course: str
    signed_in: int
    submitted: int
    missing: int
    members: list[BoardMember]


def teams_of(project: Project) -> list[RollTeam]:
    """Teams in roster order, each with its members (编号 and name only)."""
    teams = [
        RollTeam(t.id, t.name, [RollMember(m.id, m.name) for m in project.roster.members if m.team == t.id])
        for t in project.roster.teams
    ]
    return [t for t in teams if t.members]


def roll_of(project: Project, records: SessionRecords) -> Roll:
    day = records.today()
    month = day.strftime("%Y-%m")
    courses = sorted(
        (RollCourse(m.id, m.title, m.kind, m.place, m.trainer, m.month == month) for m in project.modules),
        key=lambda c: (not c.this_month, c.id),
    )
    return Roll(
        day.isoformat(),
        _session_json(records.current, day),
        teams_of(project),
        courses,
        records.statuses(),
        sorted(records.self_signed),
    )


def board_of(project: Project, records: SessionRecords) -> Board:
    day = records.today()
    statuses = records.statuses()
    titles = {b.id: b.title for b in project.banks}
    results: dict[str, list[BoardResult]] = {}
    for attempt in records.attempts_today():
        results.setdefault(attempt.member_id, []).append(
            BoardResult(
                attempt.bank_id,
                titles.get(attempt.bank_id, attempt.bank_id),
                round(attempt.score, 1),
                attempt.passed,
                attempt.finished.strftime("%H:%M"),
            )
        )
    team_names = {t.id: t.name for t in project.roster.teams}
    members = [
        BoardMember(
            m.id,
            m.name,
            team_names.get(m.team, m.team),
            statuses.get(m.id),
            m.id in records.self_signed,
            results.get(m.id, []),
        )
        for m in project.roster.members
    ]
    session = records.current if records.current and records.current.date == day else None
    modules = {m.id: m.title for m in project.modules}
    return Board(
        day.isoformat(),
        _session_json(session, day),
        modules.get(session.course, session.course) if session else "",
        sum(1 for m in members if m.status in PRESENT),
        sum(1 for m in members if m.results),
        sum(1 for m in members if m.status not in (*PRESENT, "excused")),
        members,
    )


def _session_json(session: OpenSession | None, day) -> dict[str, str] | None:
    return session.as_json() if session is not None and session.date == day else None
