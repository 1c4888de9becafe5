"""Merge an xlsx/CSV 花名册 into content/roster.yml (the roster stays content).

Rows are matched to existing members by 编号, else by 身份证号, else by name
within the same team. When these point at different people (the 编号 says one
member, the 身份证号 or the name another; a 身份证号 under another name) the row
is a conflict naming both: an import never renames or re-identifies a member on
its own. A row without 编号 gets a stable one: the next free number after the
roster's own prefix (QS031 after QS030), so importing the same file again matches
the same members and changes nothing. Every row is checked before anything is
written; one bad row rejects the whole file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..content import Project
from ..content.schema import MemberId, Roster
from ..diagnostics import ContentError, Diagnostic
from ..errors import PinganError
from ..messages import BAD_ID_NUMBER, BAD_ID_NUMBER_HINT, BAD_PHONE, BAD_PHONE_HINT
from ..messages import scorer as smsg
from ..privacy import id_number_problem, is_mobile_phone
from ..textio import dump_yaml
from .readers import CellError, Row, Table, parse_date, read_table, shown

ROSTER_FILE = "content/roster.yml"
FIELDS = ("id", "name", "gender", "team", "role", "phone", "id_number", "joined")


@dataclass
class RosterImportResult:
    added: int
    updated: int
    unchanged: int
    path: Path


def import_roster(project: Project, path: Path, rel: str) -> RosterImportResult:
    table = read_table(path, rel, ["name", "team"], project.config.records.header_aliases)
    roster = project.roster
    members = [m.model_dump(exclude_none=True) for m in roster.members]
    original = list(members)  # rows are matched against the roster as it was, not against each other
    teams = {t.id: t.name for t in roster.teams}
    problems: list[Diagnostic] = []
    seen: dict[tuple[str, ...], int] = {}  # (kind, value…) → the file row that had it
    claimed: dict[int, int] = {}  # roster member index → the file row that matched it
    added = updated = unchanged = 0

    for row in table.rows:
        try:
            incoming = _member_fields(row, roster, table)
            index = _match(original, incoming, teams)
            _check_repeats(incoming, index, members, row.number, seen, claimed)
        except _RowProblems as exc:
            problems.extend(exc.diagnostics)
            continue
        except _Conflict as exc:
            problems.append(table.diagnostic(row, exc.field, exc.message, exc.hint))
            continue
        if index is None:
            members.append(incoming)  # a 编号 is given below, after every 编号 in the file is known
            added += 1
        else:
            merged = {**members[index], **{k: v for k, v in incoming.items() if v not in (None, "")}}
            merged["id"] = members[index]["id"]
            if merged == members[index]:
                unchanged += 1
            else:
                members[index] = merged
                updated += 1
    if problems:
        raise ContentError(problems)
    next_number = _id_allocator([m["id"] for m in original], {m["id"] for m in members if m.get("id")})
    for member in members:
        if not member.get("id"):
            member["id"] = next_number()

    ordered = [{k: m[k] for k in FIELDS if m.get(k) not in (None, "")} for m in members]
    try:
        Roster.model_validate(
            {"teams": [t.model_dump(exclude_defaults=True) for t in roster.teams], "members": ordered}
        )
    except ValidationError as exc:  # a bug here, not bad input: rows were checked above
        raise RuntimeError(f"merged roster does not validate: {exc}") from exc
    target = project.root / ROSTER_FILE
    if added or updated:
        write_roster(target, roster, ordered)
    return RosterImportResult(added, updated, unchanged, target)


class _RowProblems(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics


def _member_fields(row: Row, roster: Roster, table: Table) -> dict[str, Any]:
    problems = []
    fields: dict[str, Any] = {}

    def check(name: str, parse) -> None:
        try:
            value = parse(row)
        except CellError as exc:
            problems.append(table.diagnostic(row, name, exc.message, exc.hint))
            return
        if value not in (None, ""):
            fields[name] = value

    check("id", lambda r: _member_id(r.text("id")))
    check("name", lambda r: _required(r.text("name")))
    check("gender", lambda r: r.text("gender") if r.text("gender") in ("男", "女") else None)
    check("team", lambda r: _team(r.text("team"), roster))
    check("role", lambda r: r.text("role"))
    check("phone", lambda r: _phone(r.text("phone")))
    check("id_number", lambda r: _id_number(r.values.get("id_number")))
    check("joined", lambda r: parse_date(r.values["joined"]) if r.text("joined") else None)
    if problems:
        raise _RowProblems(problems)
    return fields


_MEMBER_ID = TypeAdapter(MemberId)


def _member_id(value: str) -> str:
    """The 编号 cell, checked by the roster's own rule (letters, digits, hyphens)."""
    if not value:
        return value
    try:
        return _MEMBER_ID.validate_python(value)
    except ValidationError as exc:
        problem = exc.errors()[0].get("ctx", {}).get("error")
        if isinstance(problem, PinganError):
            raise CellError(problem.message, problem.hint) from None
        raise


def _required(value: str) -> str:
    if not value:
        raise CellError(smsg.REQUIRED_CELL, smsg.REQUIRED_CELL_HINT)
    return value


def _team(value: str, roster: Roster) -> str:
    for team in roster.teams:
        if value in (team.id, team.name):
            return team.id
    known = "、".join(t.name for t in roster.teams) or "（无）"
    raise CellError(
        smsg.UNKNOWN_TEAM_CELL.format(value=shown(value)), smsg.UNKNOWN_TEAM_CELL_HINT.format(known=known)
    )


def _phone(value: str) -> str | None:
    digits = re.sub(r"[\s-]", "", value)
    if not digits:
        return None
    if not is_mobile_phone(digits):
        raise CellError(BAD_PHONE, BAD_PHONE_HINT)
    return digits


def _id_number(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        # 18 digits do not fit a spreadsheet number: the last digits are already lost.
        raise CellError(smsg.EXCEL_NUMBER_ID, smsg.EXCEL_NUMBER_ID_HINT)
    text = str(value).strip().upper()
    why = id_number_problem(text)
    if why:
        raise CellError(BAD_ID_NUMBER.format(why=why), BAD_ID_NUMBER_HINT)
    return text


class _Conflict(Exception):
    """A row that cannot be merged safely: its 编号, 身份证号 and name point at different people."""

    def __init__(self, field: str, message: str, hint: str):
        super().__init__(message)
        self.field, self.message, self.hint = field, message, hint


def _match(members: list[dict[str, Any]], incoming: dict[str, Any], teams: dict[str, str]) -> int | None:
    """The roster member this row is (None: a new one); _Conflict when the row names two people."""

    def find(name: str, value: Any) -> int | None:
        return next((i for i, m in enumerate(members) if value and m.get(name) == value), None)

    by_id, by_number = find("id", incoming.get("id")), find("id_number", incoming.get("id_number"))
    by_name = next(
        (i for i, m in enumerate(members) if (m["name"], m["team"]) == (incoming["name"], incoming["team"])),
        None,
    )
    name, number = incoming["name"], incoming.get("id_number")
    if incoming.get("id"):
        if by_id is not None and members[by_id]["name"] != name:
            existing = members[by_id]["name"]
            message = smsg.ID_CONFLICT.format(id=incoming["id"], existing=existing, name=name)
            raise _Conflict("id", message, smsg.ID_CONFLICT_HINT)
        if by_number is not None and by_number != by_id:
            other = members[by_number]
            message = smsg.ID_NUMBER_OF_OTHER.format(
                other=other["id"], other_name=other["name"], id=incoming["id"]
            )
            raise _Conflict("id_number", message, smsg.ID_NUMBER_OF_OTHER_HINT)
        if by_id is None and by_name is not None:
            other = members[by_name]
            team = teams.get(other["team"], other["team"])
            message = smsg.NAME_OF_OTHER.format(team=team, other=other["id"], name=name, id=incoming["id"])
            raise _Conflict("name", message, smsg.NAME_OF_OTHER_HINT.format(other=other["id"]))
        return by_id
    if by_number is not None:
        other = members[by_number]
        if other["name"] != name:
            message = smsg.ID_NUMBER_OTHER_NAME.format(other=other["id"], other_name=other["name"], name=name)
            raise _Conflict("id_number", message, smsg.ID_NUMBER_OTHER_NAME_HINT)
        return by_number
    if by_name is not None and number and members[by_name].get("id_number") not in (None, number):
        other = members[by_name]
        team = teams.get(other["team"], other["team"])
        message = smsg.NAME_OTHER_ID_NUMBER.format(team=team, other=other["id"], name=name)
        raise _Conflict("id_number", message, smsg.NAME_OTHER_ID_NUMBER_HINT)
    return by_name


def _check_repeats(
    incoming: dict[str, Any],
    index: int | None,
    members: list[dict[str, Any]],
    row: int,
    seen: dict[tuple[str, ...], int],
    claimed: dict[int, int],
) -> None:
    """_Conflict when an earlier row of the file was the same member (by any key), else remember this row."""
    keys: list[tuple[tuple[str, ...], str, str]] = [
        (("name", incoming["team"], incoming["name"]), "name", smsg.SAME_NAME)
    ]
    if incoming.get("id"):
        keys.insert(0, (("id", incoming["id"]), "id", smsg.SAME_ID.format(id=incoming["id"])))
    if incoming.get("id_number"):
        keys.insert(1, (("id_number", incoming["id_number"]), "id_number", smsg.SAME_ID_NUMBER))
    for key, field_name, why in keys:
        if key in seen:
            message = smsg.DUPLICATE_IN_FILE.format(other=seen[key], why=why)
            raise _Conflict(field_name, message, smsg.DUPLICATE_IN_FILE_HINT)
    if index is not None and index in claimed:
        member = members[index]
        why = smsg.SAME_MEMBER.format(id=member["id"], name=member["name"])
        raise _Conflict(
            "name", smsg.DUPLICATE_IN_FILE.format(other=claimed[index], why=why), smsg.DUPLICATE_IN_FILE_HINT
        )
    for key, _, _ in keys:
        seen[key] = row
    if index is not None:
        claimed[index] = row


def _id_allocator(existing: list[str], taken: set[str]):
    """Next ids after the roster's own prefix and width (QS030 → QS031), skipping ``taken`` ones."""
    prefix, width, highest = "M", 3, 0
    for member_id in existing:
        m = re.fullmatch(r"(.*?)(\d+)", member_id)
        if m:
            number = int(m[2])
            if number >= highest:
                prefix, width, highest = m[1], len(m[2]), number
    taken = set(existing) | taken

    def allocate() -> str:
        nonlocal highest
        while True:
            highest += 1
            candidate = f"{prefix}{highest:0{width}d}"
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    return allocate


def write_roster(target: Path, roster: Roster, members: list[dict[str, Any]]) -> None:
    data = {"teams": [t.model_dump(exclude_defaults=True) for t in roster.teams], "members": members}
    header = smsg.ROSTER_HEADER.format(date=dt.date.today().isoformat())
    text = header + dump_yaml(data)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".roster-", suffix=".yml")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, target)
