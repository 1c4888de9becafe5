"""What the session writes and reads, through the scorer's own imports.

A posted quiz result is checked by ``answers.read_result_document`` and stored by
``answers.import_submissions``, exactly as ``pingan answers import`` does; a roll-call
tap is one row checked by ``attendance.check_attendance_table`` and stored by
``attendance.import_attendance``, as ``pingan attendance import`` does. Writes are
serialised by one lock (one process serves the room), and each is committed before
the caller answers the tablet.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..content import Project
from ..content.schema import Member
from ..diagnostics import ContentError, Diagnostic
from ..messages import serve as text
from ..scorer.answers import read_result_document
from ..scorer.attendance import check_attendance_table, import_attendance
from ..scorer.database import RecordsDB
from ..scorer.grading import compile_key
from ..scorer.members import MemberDirectory
from ..scorer.readers import KIND_WORDS, CellError, Row, Table
from ..scorer.tables import Attempt, Attendance, TrainingSession
from .commit import ResultCommits
from .errors import ServeError
from .log import WriteLog

RESULT_SOURCE = "POST /api/results"
ATTENDANCE_SOURCE = "POST /api/attendance"
SESSION_FIELDS = ("date", "type", "course", "place", "trainer")
FIELD_CHARS = 200  # the widest text column of training_sessions
MEMBER_CHARS = 50  # attendance.member_id


class Refused(ServeError):
    """A write the tablet sent wrong (answered 400 with the message)."""


def refused_by(error: ContentError) -> Refused:
    """One Chinese sentence from the importer's diagnostics (the API has no file or line)."""

    def one(d: Diagnostic) -> str:
        where = f"{d.field}：" if d.field else ""
        return f"{where}{d.message}" + (f"（{d.hint}）" if d.hint else "")

    return Refused("；".join(one(d) for d in error.diagnostics))


@dataclass(frozen=True)
class OpenSession:
    """Today's training or drill, as the trainer opened it on the roll page."""

    date: dt.date
    kind: str  # training | drill
    course: str  # a module id, or the course as typed
    place: str
    trainer: str

    def as_json(self) -> dict[str, str]:
        return {**asdict(self), "date": self.date.isoformat()}


@dataclass(frozen=True)
class ResultOutcome:
    status: str  # saved | duplicate
    score: float
    passed: bool
    member: str
    bank: str
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AttendanceOutcome:
    members: list[str]
    status: str  # present | late | excused | absent
    added: int
    updated: int
    unchanged: int


class SessionRecords:
    """The records side of one session: today's writes and what the trainer's pages show."""

    def __init__(self, project: Project, db: RecordsDB, log: WriteLog, today: Callable[[], dt.date]):
        self.project = project
        self.db = db
        self.log = log
        self.today = today  # () → the session's date
        self.directory = MemberDirectory(project.roster)
        self.banks = {b.id: b for b in project.banks}
        self.keys = {bank_id: compile_key(bank) for bank_id, bank in self.banks.items()}
        self._write = threading.Lock()
        self.results = ResultCommits(project, db, self._write)
        self.current: OpenSession | None = None
        self.self_signed: set[str] = set()
        self._replay_log()

    # --- quiz results -------------------------------------------------------------------------

    def submit_result(self, raw: str, client: str) -> ResultOutcome:
        """One posted result document (JSON text), checked and stored as `pingan answers import` does."""
        day = self.today()
        try:
            submissions, warnings = read_result_document(
                raw, RESULT_SOURCE, self.directory, self.banks, self.keys
            )
        except ContentError as exc:
            self._refused(day, client, "result", exc, None)
        submission = submissions[0]
        if submission.finished.date() != day:
            self._refuse(
                day,
                client,
                "result",
                text.RESULT_WRONG_DAY.format(finished=submission.finished.date(), day=day),
                member=submission.member_id,
            )
        stored = self.results.store(submission)
        outcome = ResultOutcome(
            stored.status,
            stored.score,
            stored.passed,
            submission.member_id,
            submission.bank_id,
            [w.message for w in warnings],
        )
        self.log.write(day, client, "result", stored.status, member=outcome.member, bank=outcome.bank)
        return outcome

    # --- attendance ------------------------------------------------------------------------------

    def mark_attendance(self, body: Any, client: str) -> AttendanceOutcome:
        """One member (``member``) or several at once (``members``: "全部出勤") in today's session."""
        day = self.today()
        try:
            fields, members = _attendance_body(body)
        except Refused as exc:
            self._refuse(day, client, "attendance", exc.message)
        table = Table(
            Path(ATTENDANCE_SOURCE),
            ATTENDANCE_SOURCE,
            [_attendance_row(n, fields, m) for n, m in enumerate(members, start=1)],
        )
        try:
            # The day is checked just below, with serve's own message ("only today's roll").
            rows = check_attendance_table(self.project, table, today=dt.date.max)
        except ContentError as exc:
            self._refused(day, client, "attendance", exc, body)
        if rows[0].session.date != day:
            self._refuse(day, client, "attendance", text.ATTENDANCE_WRONG_DAY.format(day=day))
        with self._write:
            result = import_attendance(self.db, rows)
            key = rows[0].session
            self.current = OpenSession(key.date, key.kind, key.course, key.place, rows[0].trainer)
        outcome = AttendanceOutcome(
            [r.member_id for r in rows], rows[0].status, result.added, result.updated, result.unchanged
        )
        self.self_signed.difference_update(outcome.members)  # the trainer has now marked them
        self.log.write(
            day,
            client,
            "attendance",
            "saved",
            members=outcome.members,
            status=outcome.status,
            session=self.current.as_json(),
        )
        return outcome

    def open_session(self, body: Any, client: str) -> OpenSession:
        """The trainer opens today's session; nothing is in the records until the first mark."""
        day = self.today()
        try:
            fields = _text_fields(body, SESSION_FIELDS)
            kind = KIND_WORDS.get(fields["type"].strip())
            if kind is None:
                raise Refused(text.BAD_TYPE.format(value=fields["type"]))
            if fields["date"] != day.isoformat():
                raise Refused(text.ATTENDANCE_WRONG_DAY.format(day=day))
            if not fields["course"].strip():
                raise Refused(text.COURSE_REQUIRED)
        except Refused as exc:
            self._refuse(day, client, "session", exc.message)
        module = next((m for m in self.project.modules if fields["course"] in (m.id, m.title)), None)
        opened = OpenSession(
            day,
            kind,
            module.id if module else fields["course"].strip(),
            fields["place"].strip(),
            fields["trainer"].strip(),
        )
        self.current = opened
        self.log.write(day, client, "session", "opened", session=opened.as_json())
        return opened

    def sign_in(self, member_id: str, client: str) -> tuple[Member, bool]:
        """A member signs in on a tablet: 出勤 unless the trainer already marked them. (member, new?)"""
        day = self.today()
        session = self.current if self.current and self.current.date == day else None
        if session is None:
            self._refuse(day, client, "signin", text.SIGNIN_NOT_OPEN, member=member_id)
        try:
            member = self.directory.resolve(member_id.strip(), "")
        except CellError as exc:
            self._refuse(day, client, "signin", f"{exc.message}（{exc.hint}）", member=member_id)
        with self._write:
            if self._status_of(session, member.id) is not None:
                self.log.write(day, client, "signin", "already", member=member.id)
                return member, False
            rows = check_attendance_table(
                self.project,
                Table(
                    Path("/signin"),
                    "/signin",
                    [_attendance_row(1, _session_fields(session), member.id, "出勤")],
                ),
                today=day,
            )
            import_attendance(self.db, rows)
            self.self_signed.add(member.id)
        self.log.write(day, client, "signin", "saved", member=member.id, session=session.as_json())
        return member, True

    # --- what the trainer's pages show ----------------------------------------------------------

    def statuses(self) -> dict[str, str]:
        """member → status in the open session (nothing when no session is open today)."""
        session = self.current if self.current and self.current.date == self.today() else None
        if session is None:
            return {}
        with self.db.session() as db_session:
            found = db_session.execute(
                select(Attendance.member_id, Attendance.status)
                .join(TrainingSession)
                .where(*_session_filter(session))
            ).all()
        return dict(found)

    def attempts_today(self) -> list[Attempt]:
        start = dt.datetime.combine(self.today(), dt.time())
        with self.db.session() as session:
            return list(
                session.scalars(
                    select(Attempt)
                    .where(Attempt.finished >= start, Attempt.finished < start + dt.timedelta(days=1))
                    .order_by(Attempt.finished)
                )
            )

    # --- helpers --------------------------------------------------------------------------------

    def _status_of(self, session: OpenSession, member_id: str) -> str | None:
        with self.db.session() as db_session:
            return db_session.scalar(
                select(Attendance.status)
                .join(TrainingSession)
                .where(*_session_filter(session), Attendance.member_id == member_id)
            )

    def _refuse(self, day: dt.date, client: str, action: str, message: str, **details: Any):
        self.log.write(day, client, action, "refused", reason=message, **details)
        raise Refused(message)

    def _refused(self, day: dt.date, client: str, action: str, error: ContentError, body: Any):
        refusal = refused_by(error)
        member = body.get("member") if isinstance(body, dict) else None
        self._refuse(day, client, action, refusal.message, member=str(member)[:50] if member else None)

    def _replay_log(self) -> None:
        """After a restart: the session the trainer opened today, and who signed in themselves."""
        day = self.today()
        for entry in self.log.entries(day):
            if entry.get("outcome") in ("opened", "saved") and isinstance(entry.get("session"), dict):
                opened = entry["session"]
                self.current = OpenSession(
                    dt.date.fromisoformat(opened["date"]),
                    opened["kind"],
                    opened["course"],
                    opened["place"],
                    opened["trainer"],
                )
            if entry.get("action") == "signin" and entry.get("outcome") == "saved":
                self.self_signed.add(entry["member"])
            elif entry.get("action") == "attendance" and entry.get("outcome") == "saved":
                self.self_signed.difference_update(entry.get("members") or [])


def _session_filter(session: OpenSession) -> tuple:
    return (
        TrainingSession.date == session.date,
        TrainingSession.kind == session.kind,
        TrainingSession.course == session.course,
        TrainingSession.place == session.place,
    )


def _session_fields(session: OpenSession) -> dict[str, str]:
    kind = next(word for word, code in KIND_WORDS.items() if code == session.kind)
    return {
        "date": session.date.isoformat(),
        "type": kind,
        "course": session.course,
        "place": session.place,
        "trainer": session.trainer,
    }


def _text_fields(body: Any, names: tuple[str, ...]) -> dict[str, str]:
    """The posted object's text fields (missing ones empty), each at most 200 characters."""
    if not isinstance(body, dict):
        raise Refused(text.BODY_NOT_OBJECT)
    fields: dict[str, str] = {}
    for name in names:
        value = body.get(name, "")
        if not isinstance(value, str) or len(value) > FIELD_CHARS:
            raise Refused(text.BAD_FIELD.format(name=name, limit=FIELD_CHARS))
        fields[name] = value
    return fields


def _attendance_body(body: Any) -> tuple[dict[str, str], list[str]]:
    """Session fields and status, and one member (``member``) or several (``members``)."""
    fields = _text_fields(body, (*SESSION_FIELDS, "status"))
    if "members" in body:
        members = body["members"]
        if (
            not isinstance(members, list)
            or not members
            or not all(isinstance(m, str) and 0 < len(m) <= MEMBER_CHARS for m in members)
        ):
            raise Refused(text.BAD_MEMBERS.format(limit=MEMBER_CHARS))
        return fields, members
    member = body.get("member")
    if not isinstance(member, str) or not member.strip() or len(member) > MEMBER_CHARS:
        raise Refused(text.BAD_FIELD.format(name="member", limit=MEMBER_CHARS))
    return fields, [member]


def _attendance_row(number: int, fields: dict[str, str], member: str, status: str | None = None) -> Row:
    values = {
        "date": fields["date"],
        "kind": fields["type"],
        "course": fields["course"],
        "place": fields["place"],
        "trainer": fields["trainer"],
        "id": member.strip(),
        "status": status if status is not None else fields["status"],
    }
    api_names = {"kind": "type", "id": "member"}
    headers = {f"__header_{name}": api_names.get(name, name) for name in values}
    return Row(number, {**values, **headers})
