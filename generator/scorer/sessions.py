"""Stored sessions, seen and corrected: list, show, remove; a status set by hand; records cleared.

Every change is written in one transaction together with its line in the import log.
A hand correction keeps the status it replaced, the reason, who and when
(``AttendanceCorrection``); a later import of the original sheet does not undo it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..content import Project
from ..content.schema import Member
from ..errors import PinganError
from ..messages import records as rmsg
from . import importlog
from .compliance import Period
from .database import RecordsDB
from .members import MemberDirectory
from .readers import CellError, parse_status
from .tables import Attempt, AttemptAnswer, Attendance, AttendanceCorrection, TrainingSession

REASON_LIMIT = 500  # characters, the column's size
STATUSES = ("present", "late", "excused", "absent")


class SessionNotFound(PinganError):
    """No stored session has this number."""


@dataclass(frozen=True)
class SessionLine:
    """One stored session as listed: what, when, where, and how many of each status."""

    id: int
    date: dt.date
    kind: str  # training | drill
    course: str  # as stored: the module id, or the course as the sheet named it
    title: str  # the module's title; the course itself when outside the content
    module_id: str | None
    place: str
    trainer: str
    outside_content: bool
    counts: dict[str, int] = field(default_factory=dict)  # status → members

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class CorrectionLine:
    previous: str | None  # None: the member had no status in the session before
    status: str
    reason: str
    at: dt.datetime
    user: str


@dataclass(frozen=True)
class AttendanceLine:
    member_id: str
    name: str  # "" when the member is no longer in the roster
    team: str
    status: str
    corrections: list[CorrectionLine]


@dataclass(frozen=True)
class SessionDetail:
    session: SessionLine
    attendance: list[AttendanceLine]


def list_sessions(project: Project, db: RecordsDB, period: Period | None = None) -> list[SessionLine]:
    """Stored sessions (of ``period``, else all), by date."""
    query = select(TrainingSession).order_by(TrainingSession.date, TrainingSession.id)
    counted = select(Attendance.session_id, Attendance.status, func.count()).group_by(
        Attendance.session_id, Attendance.status
    )
    if period is not None:
        query = query.where(TrainingSession.date.between(period.start, period.end))
        counted = counted.join(TrainingSession, Attendance.session_id == TrainingSession.id).where(
            TrainingSession.date.between(period.start, period.end)
        )
    with db.session() as session:
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        for session_id, status, number in session.execute(counted):
            counts[session_id][status] = number
        return [_line(project, s, counts[s.id]) for s in session.scalars(query)]


def outside_sessions(project: Project, db: RecordsDB, period: Period) -> list[SessionLine]:
    """The period's sessions whose course is outside the content (counted by their kind), by date:
    what a ledger lists under 内容外课程."""
    return [line for line in list_sessions(project, db, period) if line.outside_content]


def _line(project: Project, stored: TrainingSession, counts: dict[str, int]) -> SessionLine:
    titles = {m.id: m.title for m in project.modules}
    return SessionLine(
        stored.id,
        stored.date,
        stored.kind,
        stored.course,
        titles.get(stored.module_id or "", stored.course),
        stored.module_id,
        stored.place,
        stored.trainer,
        stored.outside_content,
        dict(counts),
    )


def _get(session: Session, session_id: int) -> TrainingSession:
    stored = session.get(TrainingSession, session_id)
    if stored is None:
        raise SessionNotFound(rmsg.SESSION_NOT_FOUND.format(id=session_id), rmsg.SESSION_NOT_FOUND_HINT)
    return stored


def show_session(project: Project, db: RecordsDB, session_id: int) -> SessionDetail:
    """One session with each member's status and the corrections made to it."""
    members = {m.id: m for m in project.roster.members}
    teams = {t.id: t.name for t in project.roster.teams}
    with db.session() as session:
        stored = _get(session, session_id)
        records = session.scalars(
            select(Attendance).where(Attendance.session_id == session_id).order_by(Attendance.member_id)
        ).all()
        corrections: dict[int, list[CorrectionLine]] = defaultdict(list)
        for c in session.scalars(
            select(AttendanceCorrection)
            .where(AttendanceCorrection.attendance_id.in_([r.id for r in records]))
            .order_by(AttendanceCorrection.id)
        ):
            corrections[c.attendance_id].append(
                CorrectionLine(c.previous, c.status, c.reason, c.at, c.os_user)
            )
        counts: dict[str, int] = defaultdict(int)
        lines = []
        for record in records:
            counts[record.status] += 1
            member = members.get(record.member_id)
            lines.append(
                AttendanceLine(
                    record.member_id,
                    member.name if member else "",
                    teams.get(member.team, member.team) if member else "",
                    record.status,
                    corrections[record.id],
                )
            )
        return SessionDetail(_line(project, stored, counts), lines)


def remove_session(project: Project, db: RecordsDB, session_id: int, user: str | None = None) -> SessionLine:
    """Delete a session and its attendance (and their corrections); the log keeps what it was."""
    with db.transaction() as session:
        stored = _get(session, session_id)
        counts: dict[str, int] = defaultdict(int)
        for status in session.scalars(select(Attendance.status).where(Attendance.session_id == session_id)):
            counts[status] += 1
        line = _line(project, stored, counts)
        attendance_ids = select(Attendance.id).where(Attendance.session_id == session_id)
        session.execute(
            delete(AttendanceCorrection).where(AttendanceCorrection.attendance_id.in_(attendance_ids))
        )
        session.execute(delete(Attendance).where(Attendance.session_id == session_id))
        session.execute(delete(TrainingSession).where(TrainingSession.id == session_id))
        importlog.record(
            session,
            "remove",
            describe(line),
            changed=line.total,
            note=rmsg.LOG_REMOVED.format(count=line.total),
            user=user,
        )
    return line


def describe(line: SessionLine) -> str:
    """A session in a few words: 场次 12（2024-06-05 培训 m2024-06 乡政府会议室）."""
    return rmsg.SESSION_WORDS.format(
        id=line.id,
        date=line.date.isoformat(),
        kind=rmsg.KIND_WORDS.get(line.kind, line.kind),
        course=line.course,
        place=line.place or "-",
    )


@dataclass(frozen=True)
class Correction:
    """What ``set_attendance`` did: ``previous`` None means the member had no status there."""

    session: SessionLine
    member: Member
    previous: str | None
    status: str

    @property
    def changed(self) -> bool:
        return self.previous != self.status

    @property
    def before_joining(self) -> bool:
        return bool(self.member.joined and self.session.date < self.member.joined)


def find_member(project: Project, text: str) -> Member:
    """A member by 编号, else by a name unique in the roster (CellError saying why not)."""
    directory = MemberDirectory(project.roster)
    text = text.strip()
    if text in directory.by_id:
        return directory.by_id[text]
    if text not in directory.by_name and text.isascii() and any(c.isdigit() for c in text):
        return directory.resolve(text, "")  # meant as a 编号: says it is not in the roster
    try:
        return directory.resolve("", text)
    except CellError:
        # A name typed with spaces to line it up (张　三) is the name without them.
        compact = "".join(text.split())
        if compact == text or compact not in directory.by_name:
            raise
        return directory.resolve("", compact)


def parse_session_id(text: str) -> int:
    """A session number as typed (digits, full width too); SessionNotFound naming it otherwise."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 18:
        raise SessionNotFound(rmsg.SESSION_ID_NOT_NUMBER.format(value=text), rmsg.SESSION_NOT_FOUND_HINT)
    return int(cleaned)


def set_attendance(
    project: Project,
    db: RecordsDB,
    member_text: str,
    session_id: int,
    status_text: str,
    reason: str,
    user: str | None = None,
) -> Correction:
    """Set one member's status in one session by hand, keeping the previous value and the reason."""
    member = find_member(project, member_text)
    status = parse_status(status_text)
    reason = " ".join(reason.split())
    if not reason:
        raise PinganError(rmsg.REASON_REQUIRED, rmsg.REASON_REQUIRED_HINT)
    if len(reason) > REASON_LIMIT:
        raise PinganError(
            rmsg.REASON_TOO_LONG.format(length=len(reason), limit=REASON_LIMIT), rmsg.REASON_REQUIRED_HINT
        )
    with db.transaction() as session:
        stored = _get(session, session_id)
        record = session.scalars(
            select(Attendance).where(Attendance.session_id == session_id, Attendance.member_id == member.id)
        ).one_or_none()
        previous = record.status if record else None
        if previous != status:
            if record is None:
                record = Attendance(session_id=session_id, member_id=member.id, status=status)
                session.add(record)
                session.flush()
            record.status = status
            session.add(
                AttendanceCorrection(
                    attendance_id=record.id,
                    previous=previous,
                    status=status,
                    reason=reason,
                    at=importlog.now(),
                    os_user=user or importlog.os_user(),
                )
            )
        line = _line(project, stored, {})
        if previous != status:
            importlog.record(
                session,
                "correction",
                rmsg.CORRECTION_SOURCE.format(session=describe(line), member=member.id),
                added=int(previous is None),
                changed=int(previous is not None),
                note=rmsg.CORRECTION_NOTE.format(
                    previous=status_word(previous), status=status_word(status), reason=reason
                ),
                user=user,
            )
    return Correction(line, member, previous, status)


def status_word(status: str | None) -> str:
    return rmsg.STATUS_WORDS.get(status, status) if status else rmsg.NO_STATUS


@dataclass(frozen=True)
class RecordCounts:
    sessions: int
    attendance: int
    attempts: int

    @property
    def empty(self) -> bool:
        return not (self.sessions or self.attendance or self.attempts)


def count_records(db: RecordsDB) -> RecordCounts:
    with db.session() as session:
        return _count(session)


def _count(session: Session) -> RecordCounts:
    def rows(table: type) -> int:
        return session.scalar(select(func.count()).select_from(table)) or 0

    return RecordCounts(rows(TrainingSession), rows(Attendance), rows(Attempt))


def clear_records(session: Session) -> RecordCounts:
    """Delete every session, attendance, correction and attempt in the caller's transaction
    (the import log stays); returns what there was."""
    counts = _count(session)
    for table in (AttemptAnswer, Attempt, AttendanceCorrection, Attendance, TrainingSession):
        session.execute(delete(table))
    return counts


def reset_records(db: RecordsDB, user: str | None = None) -> RecordCounts:
    """Clear the records (``pingan records reset``); the log keeps a line saying so."""
    with db.transaction() as session:
        counts = clear_records(session)
        log_cleared(session, db.label, counts, user)
    return counts


def log_cleared(session: Session, label: str, counts: RecordCounts, user: str | None = None) -> None:
    """The import log's line for records cleared (``records reset``, ``demo-records --replace``)."""
    importlog.record(
        session,
        "reset",
        label,
        changed=counts.sessions + counts.attendance + counts.attempts,
        note=rmsg.LOG_CLEARED.format(**vars(counts)),
        user=user,
    )
