"""Import attendance: sessions (date, training or drill, course, place, trainer)
and each member's status, from the sheet a trainer types in Excel or from YAML.

Atomic (every row is checked first; one bad row rejects the file, naming the
row) and idempotent (a session is keyed by date, kind, course and place; a
member's status in it is updated only if it changed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..content import Project
from ..content.loader import format_key_path, load_yaml
from ..diagnostics import ContentError, Diagnostic
from ..messages import scorer as smsg
from .database import RecordsDB
from .members import MemberDirectory
from .readers import CellError, Row, Table, parse_date, parse_kind, parse_status, read_table
from .tables import Attendance, TrainingSession


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


@dataclass
class AttendanceImportResult:
    sessions: int
    added: int
    updated: int
    unchanged: int


def read_attendance(project: Project, path: Path, rel: str) -> list[AttendanceRow]:
    """Parse and check every row; raise ContentError listing every bad row."""
    if path.suffix.lower() in (".yml", ".yaml"):
        table = _yaml_table(path, rel)
    else:
        table = read_table(
            path, rel, ["date", "kind", "course", "status"], project.config.records.header_aliases
        )
    return check_attendance_table(project, table)


def check_attendance_table(project: Project, table: Table) -> list[AttendanceRow]:
    """Check rows already read (from a file, or one posted to `pingan serve`); ContentError on any bad row."""
    directory = MemberDirectory(project.roster)
    modules = {m.id: m for m in project.modules}
    modules_by_title = {m.title: m for m in project.modules}
    rows: list[AttendanceRow] = []
    problems: list[Diagnostic] = []
    first_row: dict[tuple[SessionKey, str], AttendanceRow] = {}

    for row in table.rows:
        cell_problems: list[Diagnostic] = []

        def cell(name: str, parse, row: Row = row, cell_problems: list[Diagnostic] = cell_problems) -> Any:
            try:
                return parse(row)
            except CellError as exc:
                cell_problems.append(table.diagnostic(row, name, exc.message, exc.hint))
                return None

        date = cell("date", lambda r: parse_date(_required(r.values.get("date"))))
        kind = cell("kind", lambda r: parse_kind(r.values.get("kind")))
        course = cell("course", lambda r: _required(r.text("course")))
        status = cell("status", lambda r: parse_status(r.values.get("status")))
        member_field = "id" if row.text("id") else "name"
        member = cell(member_field, lambda r: directory.resolve(r.text("id"), r.text("name")))
        if cell_problems:
            problems.extend(cell_problems)
            continue
        module = modules.get(course) or modules_by_title.get(course)
        key = SessionKey(date, kind, module.id if module else course, row.text("place"))
        record = AttendanceRow(
            row.number, key, module.id if module else None, row.text("trainer"), member.id, status
        )
        earlier = first_row.get((key, member.id))
        if earlier is not None:
            if earlier.status != status:
                problems.append(
                    table.diagnostic(
                        row,
                        "status",
                        smsg.CONFLICTING_STATUS.format(other=earlier.number),
                        smsg.CONFLICTING_STATUS_HINT,
                    )
                )
            continue
        first_row[(key, member.id)] = record
        rows.append(record)
    if problems:
        raise ContentError(problems)
    return rows


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


def import_attendance(db: RecordsDB, rows: list[AttendanceRow]) -> AttendanceImportResult:
    """Write checked rows in one transaction."""
    added = updated = unchanged = 0
    keys = {r.session for r in rows}
    with db.transaction() as session:
        sessions: dict[SessionKey, TrainingSession] = {}
        for key in keys:
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
                )
                session.add(existing)
            sessions[key] = existing
        for row in rows:
            training = sessions[row.session]
            training.module_id = training.module_id or row.module_id
            training.trainer = training.trainer or row.trainer
        session.flush()
        current = {
            (a.session_id, a.member_id): a
            for a in session.scalars(
                select(Attendance).where(Attendance.session_id.in_([s.id for s in sessions.values()]))
            )
        }
        for row in rows:
            session_id = sessions[row.session].id
            record = current.get((session_id, row.member_id))
            if record is None:
                session.add(Attendance(session_id=session_id, member_id=row.member_id, status=row.status))
                added += 1
            elif record.status != row.status:
                record.status = row.status
                updated += 1
            else:
                unchanged += 1
    return AttendanceImportResult(len(keys), added, updated, unchanged)
