"""Merge an xlsx/CSV 花名册 into content/roster.yml (the roster stays content).

Rows are matched to existing members by 编号, else by 身份证号, else by name
within the same team. A row without 编号 gets a stable one: the next free
number after the roster's own prefix (QS031 after QS030), so importing the same
file again matches the same members and changes nothing. Every row is checked
before anything is written; one bad row rejects the whole file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..content import Project
from ..content.schema import Roster
from ..diagnostics import ContentError, Diagnostic
from ..messages import BAD_ID_NUMBER, BAD_ID_NUMBER_HINT, BAD_PHONE, BAD_PHONE_HINT
from ..messages import outputs as otext
from ..messages import scorer as smsg
from ..privacy import id_number_problem, is_mobile_phone
from ..publish import writing
from ..textio import dump_yaml
from .readers import CellError, Row, Table, parse_date, read_table

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
    problems: list[Diagnostic] = []
    seen: dict[str, int] = {}
    added = updated = unchanged = 0
    next_number = _id_allocator([m["id"] for m in members])

    for row in table.rows:
        try:
            incoming = _member_fields(row, roster, table)
        except _RowProblems as exc:
            problems.extend(exc.diagnostics)
            continue
        index = _match(members, incoming)
        if incoming.get("id") and index is not None and members[index]["name"] != incoming["name"]:
            problems.append(
                table.diagnostic(
                    row,
                    "id",
                    smsg.ID_CONFLICT.format(
                        id=incoming["id"], existing=members[index]["name"], name=incoming["name"]
                    ),
                    smsg.ID_CONFLICT_HINT,
                )
            )
            continue
        key = incoming.get("id") or incoming.get("id_number") or f"{incoming['team']}/{incoming['name']}"
        if key in seen:
            problems.append(
                table.diagnostic(
                    row,
                    "name",
                    smsg.DUPLICATE_IN_FILE.format(other=seen[key], key=key),
                    smsg.DUPLICATE_IN_FILE_HINT,
                )
            )
            continue
        seen[key] = row.number
        if index is None:
            incoming.setdefault("id", next_number())
            members.append(incoming)
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

    check("id", lambda r: r.text("id"))
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
        smsg.UNKNOWN_TEAM_CELL.format(value=value), smsg.UNKNOWN_TEAM_CELL_HINT.format(known=known)
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


def _match(members: list[dict[str, Any]], incoming: dict[str, Any]) -> int | None:
    for key in ("id", "id_number"):
        if incoming.get(key):
            for index, member in enumerate(members):
                if member.get(key) == incoming[key]:
                    return index
            if key == "id":
                return None
    for index, member in enumerate(members):
        if member["name"] == incoming["name"] and member["team"] == incoming["team"]:
            return index
    return None


def _id_allocator(existing: list[str]):
    """Next ids after the roster's own prefix and width (QS030 → QS031)."""
    prefix, width, highest = "M", 3, 0
    for member_id in existing:
        m = re.fullmatch(r"(.*?)(\d+)", member_id)
        if m:
            number = int(m[2])
            if number >= highest:
                prefix, width, highest = m[1], len(m[2]), number
    taken = set(existing)

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
    with writing(otext.WHAT_ROSTER, target):
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the roster, then renamed over it: the roster is whole, old or new.
        # ".tmp", not ".yml": while it exists, `pingan check` must not take it for content.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".roster-", suffix=".yml.tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())  # on disk before the rename, so a power cut leaves one or the other
            os.replace(tmp, target)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp)
            raise
