"""Import attendance: sessions (date, training or drill, course, place, trainer)
and each member's status, from the sheet a trainer types in Excel or from YAML.

Atomic (every row is checked first; one bad row rejects the file, naming the
row) and idempotent (a session is keyed by date, kind, course and place; a
member's status in it is updated only if it changed, and never over a hand
correction). Rows are checked against the content: the course must be a module
of the row's kind (see ``courses``), or a title outside the content, which is
counted by its kind and reported; a session cannot be in the future; a member
recorded before joining is reported. Every import is logged (``importlog``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content import Project
from ..content.loader import format_key_path, load_yaml
from ..content.schema import Member, TrainingModule
from ..diagnostics import ContentError, Diagnostic, Severity
from ..messages import records as rmsg
from ..messages import scorer as smsg
from . import importlog
from .courses import Courses, id_shaped
from .database import RecordsDB
from .importlog import ImportSource
from .members import MemberDirectory
from .readers import CellError, Row, Table, parse_date, parse_kind, parse_status, read_table, shown
from .tables import Attendance, AttendanceCorrection, TrainingSession

ROWS_SHOWN = 10  # rows named in one warning before "…等 N 行"


@dataclass(frozen=True)
class SessionKey:
    date: dt.date
    kind: str
    course: str
    place: str


@dataclass
class AttendanceRow:
    number: int
    session: SessionKey
    module_id: str | None
    trainer: str
    member_id: str
    status: str
    outside_content: bool = False  # the course is no module of the content (see courses)


class AttendanceSheet(list[AttendanceRow]):
    """The checked rows of one file (a list, as ``read_attendance`` always returned), with
    the warnings found while checking them and the file they came from (for the import log)."""

    def __init__(
        self,
        rows: list[AttendanceRow] | None = None,
        warnings: list[Diagnostic] | None = None,
        source: ImportSource | None = None,
    ):
        super().__init__(rows or [])
        self.warnings = warnings or []
        self.source = source


@dataclass
class AttendanceImportResult:
    sessions: int
    added: int
    updated: int
    unchanged: int
    kept: int = 0  # rows that would have overwritten a hand correction (pingan attendance set)


def read_attendance(
    project: Project, path: Path, rel: str, *, today: dt.date | None = None, strict: bool = False
) -> AttendanceSheet:
    """Parse and check every row against the roster and the content's modules.

    Raise ContentError listing every problem (with the warnings) when any row is wrong;
    courses outside the content are warnings, errors when ``strict``. ``today`` (the
    system date when not given) is the last day a session may have been held.
    """
    if path.suffix.lower() in (".yml", ".yaml"):
        table = _yaml_table(path, rel)
    else:
        table = read_table(
            path, rel, ["date", "kind", "course", "status"], project.config.records.header_aliases
        )
    sheet = check_attendance_table(project, table, today=today, strict=strict)
    sheet.source = ImportSource.of_file(path, rel)
    return sheet


def check_attendance_table(
    project: Project, table: Table, *, today: dt.date | None = None, strict: bool = False
) -> AttendanceSheet:
    """Check rows already read (from a file, or one posted to `pingan serve`); ContentError on any bad row."""
    reader = _SheetChecker(project, table, today or dt.date.today())
    for row in table.rows:
        reader.check(row)
    problems, warnings = reader.problems, reader.warnings
    (problems if strict else warnings).extend(reader.outside_courses(strict))
    if problems:
        raise ContentError(problems + warnings)
    return AttendanceSheet(reader.rows, warnings, ImportSource(table.rel))


class _SheetChecker:
    """Checks rows one by one, keeping the good ones and every problem found."""

    def __init__(self, project: Project, table: Table, today: dt.date):
        self.table, self.today = table, today
        self.directory = MemberDirectory(project.roster)
        self.courses = Courses(project.modules)
        self.rows: list[AttendanceRow] = []
        self.problems: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.first_row: dict[tuple[SessionKey, str], AttendanceRow] = {}
        self.outside: dict[str, list[Row]] = {}  # course as written → its rows

    def check(self, row: Row) -> None:
        cells = self._cells(row)
        if cells is None:
            return
        date, kind, course, status, member = cells
        known, module = self._course(row, course, kind, date)
        if date > self.today:
            message = rmsg.FUTURE_DATE.format(date=date.isoformat(), today=self.today.isoformat())
            self.problems.append(self.table.diagnostic(row, "date", message, rmsg.FUTURE_DATE_HINT))
            known = False
        if not known:
            return
        if member.joined and date < member.joined:
            message = rmsg.BEFORE_JOINING.format(
                id=member.id, name=member.name, joined=member.joined.isoformat(), date=date.isoformat()
            )
            self.warnings.append(
                replace(
                    self.table.diagnostic(row, "date", message, rmsg.BEFORE_JOINING_HINT),
                    severity=Severity.WARNING,
                )
            )
        key = SessionKey(date, kind, module.id if module else course, row.text("place"))
        record = AttendanceRow(
            row.number, key, module.id if module else None, row.text("trainer"), member.id, status, not module
        )
        earlier = self.first_row.get((key, member.id))
        if earlier is not None:
            if earlier.status != status:
                message = smsg.CONFLICTING_STATUS.format(other=earlier.number)
                self.problems.append(
                    self.table.diagnostic(row, "status", message, smsg.CONFLICTING_STATUS_HINT)
                )
            return
        self.first_row[(key, member.id)] = record
        self.rows.append(record)
        if module is None:
            self.outside.setdefault(course, []).append(row)

    def _cells(self, row: Row) -> tuple[dt.date, str, str, str, Member] | None:
        """The row's date, kind, course, status and member; None (and problems) when any is wrong."""
        problems: list[Diagnostic] = []

        def cell(name: str, parse: Callable[[Row], Any]) -> Any:
            try:
                return parse(row)
            except CellError as exc:
                problems.append(self.table.diagnostic(row, name, exc.message, exc.hint))
                return None

        date = cell("date", lambda r: parse_date(_required(r.values.get("date"))))
        kind = cell("kind", lambda r: parse_kind(r.values.get("kind")))
        course = cell("course", lambda r: _required(r.text("course")))
        status = cell("status", lambda r: parse_status(r.values.get("status")))
        member_field = "id" if row.text("id") else "name"
        member = cell(member_field, lambda r: self.directory.resolve(r.text("id"), r.text("name")))
        if problems:
            self.problems.extend(problems)
            return None
        return date, kind, course, status, member

    def _course(self, row: Row, course: str, kind: str, date: dt.date) -> tuple[bool, TrainingModule | None]:
        """(usable, the module the row names): usable without a module is a course outside the
        content; not usable (and a problem) for an unknown id or a module of the other kind."""
        module = self.courses.match(course, kind, date)
        if module is None:
            if not id_shaped(course):
                return True, None
            nearest = "、".join(self.courses.nearest_ids(course)) or rmsg.NO_MODULES
            message = rmsg.UNKNOWN_COURSE_ID.format(value=shown(course))
            hint = rmsg.UNKNOWN_COURSE_ID_HINT.format(nearest=nearest)
            self.problems.append(self.table.diagnostic(row, "course", message, hint))
            return False, None
        if module.kind != kind:
            message = rmsg.KIND_MISMATCH.format(
                id=module.id,
                title=module.title,
                module_kind=rmsg.KIND_WORDS[module.kind],
                kind=rmsg.KIND_WORDS[kind],
            )
            hint = rmsg.KIND_MISMATCH_HINT.format(module_kind=rmsg.KIND_WORDS[module.kind])
            self.problems.append(self.table.diagnostic(row, "kind", message, hint))
            return False, None
        return True, module

    def outside_courses(self, strict: bool = False) -> list[Diagnostic]:
        """One warning per course outside the content, naming its rows and the nearest module
        (an error when ``strict``: every course must then be a module of the content)."""
        found = []
        for course, rows in self.outside.items():
            numbers = "、".join(str(r.number) for r in rows[:ROWS_SHOWN])
            if len(rows) > ROWS_SHOWN:
                numbers += rmsg.AND_MORE_ROWS.format(count=len(rows))
            kinds = sorted({rmsg.KIND_WORDS[parse_kind(r.values.get("kind"))] for r in rows})
            template = rmsg.OUTSIDE_COURSE_STRICT if strict else rmsg.OUTSIDE_COURSE
            message = template.format(value=shown(course, 40), rows=numbers, kind="、".join(kinds))
            nearest = self.courses.nearest_title(course)
            if nearest:
                template = rmsg.OUTSIDE_COURSE_STRICT_HINT if strict else rmsg.OUTSIDE_COURSE_HINT
                hint = template.format(id=nearest.id, title=nearest.title)
            else:
                hint = rmsg.OUTSIDE_STRICT_NO_MODULE_HINT if strict else rmsg.OUTSIDE_COURSE_NO_MODULE_HINT
            diagnostic = self.table.diagnostic(rows[0], "course", message, hint)
            found.append(diagnostic if strict else replace(diagnostic, severity=Severity.WARNING))
        return found


def _required(value: Any) -> Any:
    if value in (None, ""):
        raise CellError(smsg.REQUIRED_CELL, smsg.REQUIRED_CELL_HINT)
    return value


def _yaml_table(path: Path, rel: str) -> Table:
    """YAML form: sessions: [{date, kind, course, place, trainer, attendance: {编号: 状态}}]."""
    source, problems = load_yaml(path, rel)
    if problems:
        raise ContentError(problems)
    rows = []
    for s_index, session in enumerate((source.data or {}).get("sessions") or []):
        for member_id, status in (session.get("attendance") or {}).items():
            line, col = source.position(("sessions", s_index, "attendance", member_id))
            values = {
                "date": session.get("date"),
                "kind": session.get("kind"),
                "course": session.get("course") or session.get("module"),
                "place": session.get("place", ""),
                "trainer": session.get("trainer", ""),
                "id": str(member_id),
                "status": status,
            }
            where = format_key_path(("sessions", s_index, "attendance", member_id))
            headers = {f"__header_{k}": where for k in list(values)}
            rows.append(Row(line, {**values, **headers}, dict.fromkeys(values, col)))
    if not rows:
        raise ContentError([Diagnostic(rel, 1, 1, "sessions", smsg.EMPTY_SHEET, smsg.EMPTY_SHEET_HINT)])
    return Table(path, rel, rows)


def import_attendance(
    db: RecordsDB,
    rows: list[AttendanceRow],
    source: ImportSource | None = None,
    user: str | None = None,
) -> AttendanceImportResult:
    """Write checked rows in one transaction, with a line in the import log.

    ``source`` defaults to the file an ``AttendanceSheet`` was read from; ``user`` to the
    operating-system user. A status corrected by hand is kept (counted in ``kept``).
    """
    if source is None:
        source = getattr(rows, "source", None) or ImportSource(rmsg.UNNAMED_SOURCE)
    keys = {r.session: r for r in rows}
    with db.transaction() as session:
        sessions = {key: _stored_session(session, key, first) for key, first in keys.items()}
        for row in rows:
            training = sessions[row.session]
            training.module_id = training.module_id or row.module_id
            training.trainer = training.trainer or row.trainer
        session.flush()
        result = _store_statuses(session, rows, sessions)
        importlog.record(
            session,
            "attendance",
            source.name,
            sha256=source.sha256,
            added=result.added,
            changed=result.updated,
            unchanged=result.unchanged + result.kept,
            note=rmsg.LOG_KEPT.format(count=result.kept) if result.kept else "",
            user=user,
        )
    return result


def _stored_session(session: Session, key: SessionKey, first: AttendanceRow) -> TrainingSession:
    """The stored session with this natural key, added when there is none."""
    existing = session.scalars(
        select(TrainingSession).where(
            TrainingSession.date == key.date,
            TrainingSession.kind == key.kind,
            TrainingSession.course == key.course,
            TrainingSession.place == key.place,
        )
    ).one_or_none()
    if existing is None:
        existing = TrainingSession(
            date=key.date,
            kind=key.kind,
            course=key.course,
            place=key.place,
            module_id=None,
            trainer="",
            outside_content=first.outside_content,
        )
        session.add(existing)
    return existing


def _store_statuses(
    session: Session, rows: list[AttendanceRow], sessions: dict[SessionKey, TrainingSession]
) -> AttendanceImportResult:
    added = updated = unchanged = kept = 0
    ids = [s.id for s in sessions.values()]
    current = {
        (a.session_id, a.member_id): a
        for a in session.scalars(select(Attendance).where(Attendance.session_id.in_(ids)))
    }
    corrected = set(
        session.scalars(
            select(AttendanceCorrection.attendance_id)
            .join(Attendance, AttendanceCorrection.attendance_id == Attendance.id)
            .where(Attendance.session_id.in_(ids))
        )
    )
    for row in rows:
        session_id = sessions[row.session].id
        record = current.get((session_id, row.member_id))
        if record is None:
            session.add(Attendance(session_id=session_id, member_id=row.member_id, status=row.status))
            added += 1
        elif record.status == row.status:
            unchanged += 1
        elif record.id in corrected:
            kept += 1
        else:
            record.status = row.status
            updated += 1
    return AttendanceImportResult(len(sessions), added, updated, unchanged, kept)
