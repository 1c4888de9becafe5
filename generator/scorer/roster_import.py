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
import stat
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..content import Project
from ..content.loader import parse_yaml
from ..content.schema import Member, MemberId, Roster, Team
from ..diagnostics import ContentError, Diagnostic
from ..errors import PinganError
from ..messages import BAD_ID_NUMBER, BAD_ID_NUMBER_HINT, BAD_PHONE, BAD_PHONE_HINT
from ..messages import outputs as otext
from ..messages import records as rmsg
from ..messages import scorer as smsg
from ..privacy import id_number_problem, is_mobile_phone
from ..publish import writing
from ..yamledit import Item, YamlTextEditor, quoted
from .courses import normalise
from .readers import CellError, Row, Table, parse_date, read_table, shown

ROSTER_FILE = "content/roster.yml"
FIELDS = ("id", "name", "gender", "team", "role", "phone", "id_number", "joined")
QUOTED = ("phone", "id_number")  # digits: always in quotes, as the content files write them


@dataclass
class RosterImportResult:
    added: int
    updated: int
    unchanged: int
    path: Path
    teams_added: list[Team] = field(default_factory=list)  # teams the sheet named that the roster lacked


def import_roster(project: Project, path: Path, rel: str, new_teams: bool = True) -> RosterImportResult:
    """Merge a 花名册 into content/roster.yml; teams it names that the roster lacks are added
    (refused, naming the rows, when ``new_teams`` is False)."""
    table = read_table(path, rel, ["name", "team"], project.config.records.header_aliases)
    roster = project.roster
    teams = TeamBook(roster, new_teams)
    members = _member_dicts(roster)
    original = list(members)  # rows are matched against the roster as it was, not against each other
    problems: list[Diagnostic] = []
    seen: dict[tuple[str, ...], int] = {}  # (kind, value…) → the file row that had it
    claimed: dict[int, int] = {}  # roster member index → the file row that matched it
    added = updated = unchanged = 0
    index_of = RosterIndex(original)

    for row in table.rows:
        try:
            incoming = _member_fields(row, teams, table)
            index = _match(original, index_of, incoming, teams.names)
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
    del table  # the sheet's rows are merged: let a county's 50,000 go before the roster is written
    target = project.root / ROSTER_FILE
    if added or updated or teams.added:  # else nothing to number or write (a sheet imported again)
        _number_new(original, members)
        ordered = [{k: m[k] for k in FIELDS if m.get(k) not in (None, "")} for m in members]
        write_roster(target, roster, ordered, teams.added)
    return RosterImportResult(added, updated, unchanged, target, teams.added)


def _number_new(original: list[dict[str, Any]], members: list[dict[str, Any]]) -> None:
    """A 编号 for each new member the sheet gave none, once every 编号 in the file is known."""
    if all(m.get("id") for m in members):
        return
    next_number = _id_allocator([m["id"] for m in original], {m["id"] for m in members if m.get("id")})
    for member in members:
        if not member.get("id"):
            member["id"] = next_number()


def _member_dicts(roster: Roster) -> list[dict[str, Any]]:
    """Each member as ``model_dump(exclude_none=True)`` gives it, the roster's 50,000 in one
    call of the serializer rather than one each."""
    return roster.model_dump(include={"members"}, exclude_none=True)["members"]


class TeamBook:
    """The roster's teams, found by id or name as a sheet writes them; teams it lacks are added
    (or refused) by name, each once, with a new id (team-1, team-2…)."""

    def __init__(self, roster: Roster, allow_new: bool):
        self.teams = list(roster.teams)
        self.allow_new = allow_new
        self.added: list[Team] = []
        self.names = {t.id: t.name for t in self.teams}
        self.resolved: dict[str, str] = {}  # a sheet writes one team the same way thousands of times

    def resolve(self, value: str) -> str:
        if value not in self.resolved:
            self.resolved[value] = self._resolve(value)
        return self.resolved[value]

    def _resolve(self, value: str) -> str:
        wanted = normalise(value)
        for team in self.teams:
            if value in (team.id, team.name) or wanted in (normalise(team.id), normalise(team.name)):
                return team.id
        if not value:
            raise CellError(smsg.REQUIRED_CELL, smsg.REQUIRED_CELL_HINT)
        if not self.allow_new:
            known = "、".join(t.name for t in self.teams) or "（无）"
            raise CellError(
                smsg.UNKNOWN_TEAM_CELL.format(value=shown(value)),
                rmsg.UNKNOWN_TEAM_NO_NEW_HINT.format(known=known),
            )
        try:
            team = Team(id=self._new_id(), name=value)
        except ValidationError as exc:  # a name the roster itself would refuse (control characters…)
            problem = exc.errors()[0].get("msg", "")
            raise CellError(rmsg.BAD_TEAM_NAME.format(value=shown(value), why=problem)) from None
        self.teams.append(team)
        self.added.append(team)
        self.names[team.id] = team.name
        return team.id

    def _new_id(self) -> str:
        taken = {t.id for t in self.teams}
        return next(f"team-{n}" for n in range(1, len(taken) + 2) if f"team-{n}" not in taken)


class _RowProblems(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics


def _member_fields(row: Row, teams: TeamBook, table: Table) -> dict[str, Any]:
    """The row's member fields, each cell checked; every bad cell of the row is said at once."""
    problems = []
    fields: dict[str, Any] = {}
    for name, parse in _CELLS:
        try:
            value = parse(row, teams)
        except CellError as exc:
            problems.append(table.diagnostic(row, name, exc.message, exc.hint))
            continue
        if value is not None and value != "":
            fields[name] = value
    if problems:
        raise _RowProblems(problems)
    return fields


def _gender(row: Row, _teams: TeamBook) -> str | None:
    value = row.text("gender")
    return value if value in ("男", "女") else None


def _joined(row: Row, _teams: TeamBook) -> dt.date | None:
    return parse_date(row.values["joined"]) if row.text("joined") else None


# field → its cell's parser, in the roster's field order (one table, not eight closures a row)
_CELLS: tuple[tuple[str, Any], ...] = (
    ("id", lambda row, _teams: _member_id(row.text("id"))),
    ("name", lambda row, _teams: _required(row.text("name"))),
    ("gender", _gender),
    ("team", lambda row, teams: teams.resolve(row.text("team"))),
    ("role", lambda row, _teams: row.text("role")),
    ("phone", lambda row, _teams: _phone(row.text("phone"))),
    ("id_number", lambda row, _teams: _id_number(row.values.get("id_number"))),
    ("joined", _joined),
)


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


class RosterIndex:
    """Where each 编号, 身份证号 and (name, team) first appears in the roster: a 50,000-row sheet
    against a 50,000-member roster is matched in dictionary lookups, not 2.5 billion compares."""

    def __init__(self, members: list[dict[str, Any]]):
        self.by_id: dict[str, int] = {}
        self.by_id_number: dict[str, int] = {}
        self.by_name: dict[tuple[str, str], int] = {}
        for i, member in enumerate(members):
            self.by_id.setdefault(member["id"], i)
            if member.get("id_number"):
                self.by_id_number.setdefault(member["id_number"], i)
            self.by_name.setdefault((member["name"], member["team"]), i)


def _match(
    members: list[dict[str, Any]], index: RosterIndex, incoming: dict[str, Any], teams: dict[str, str]
) -> int | None:
    """The roster member this row is (None: a new one); _Conflict when the row names two people."""
    by_id = index.by_id.get(incoming["id"]) if incoming.get("id") else None
    by_number = index.by_id_number.get(incoming["id_number"]) if incoming.get("id_number") else None
    by_name = index.by_name.get((incoming["name"], incoming["team"]))
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
    name_key = ("name", incoming["team"], incoming["name"])
    keys: list[tuple[tuple[str, ...], str, str]] = [(name_key, "name", smsg.SAME_NAME)]
    if incoming.get("id"):
        keys.insert(0, (("id", incoming["id"]), "id", smsg.SAME_ID.format(id=incoming["id"])))
    if incoming.get("id_number"):
        keys.insert(1, (("id_number", incoming["id_number"]), "id_number", smsg.SAME_ID_NUMBER))
    # Two people of one name in one team are common in a county (张伟): rows that carry a 编号
    # or 身份证号 are told apart by it; only a row with neither is taken for the earlier one.
    identified = bool(incoming.get("id") or incoming.get("id_number"))
    for key, field_name, why in keys:
        if key in seen and not (identified and key is name_key):
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


def write_roster(
    target: Path, roster: Roster, members: list[dict[str, Any]], teams: Iterable[Team] = ()
) -> None:
    """Write ``members`` (the whole roster: the ones it had, changed or not, then new ones) and
    new ``teams`` into roster.yml, changing only what differs from ``roster``.

    The file's text is edited in place (``yamledit.YamlTextEditor``): its comments (such as
    “内部资料，不得公开”), order, quoting and indentation stay; it keeps its permissions; it
    is replaced whole, through a temporary file, or not at all.
    """
    new_teams = [t.model_dump(exclude_defaults=True) for t in teams]
    expected = Roster.model_validate(
        {"teams": [t.model_dump(exclude_defaults=True) for t in roster.teams] + new_teams, "members": members}
    )
    with writing(otext.WHAT_ROSTER, target):
        old = target.read_bytes() if target.exists() else None
        editor = YamlTextEditor(old.decode("utf-8") if old is not None else "")
        _apply(editor, roster, members, new_teams)
        text = editor.dump()
        if old is None:  # a new roster starts with what it is and who may see it
            text = smsg.ROSTER_HEADER.format(date=dt.date.today().isoformat()) + text
        _check_written(text, expected, target)
        mode = stat.S_IMODE(target.stat().st_mode) if old is not None else _new_file_mode()
        _replace(target, text.encode("utf-8"), mode)


def _apply(
    editor: YamlTextEditor, roster: Roster, members: list[dict[str, Any]], new_teams: list[dict[str, Any]]
) -> None:
    """Set in ``editor`` what ``members`` and ``new_teams`` change in ``roster``."""
    for team in new_teams:
        editor.append("teams", team)
    before = {m["id"]: m for m in _member_dicts(roster)}
    items = {item.fields["id"].text: item for item in editor.items("members") if item and "id" in item.fields}
    for member in members:
        values = {k: quoted(v) if k in QUOTED else v for k, v in member.items()}
        entry = {k: values[k] for k in FIELDS if k in values}
        old = before.get(member["id"])
        if old is None:
            editor.append("members", entry)
            continue
        changed = [k for k in FIELDS if k in member and member[k] != old.get(k)]
        if changed:
            _change(editor, items.get(member["id"]), entry, changed)


def _change(editor: YamlTextEditor, item: Item | None, entry: dict[str, Any], changed: list[str]) -> None:
    if item is None:  # written in a way no edit can reach (an alias, a merge key…): said by the check
        raise _Unwritable
    if item.flow:
        editor.rewrite(item, entry)
        return
    for key in changed:
        editor.set(item, key, entry[key], after=list(FIELDS[: FIELDS.index(key)]))


class _Unwritable(PinganError):
    def __init__(self) -> None:
        super().__init__(rmsg.ROSTER_UNWRITABLE.format(file=ROSTER_FILE), rmsg.ROSTER_UNWRITABLE_HINT)


def _check_written(text: str, expected: Roster, target: Path) -> None:
    """The text reads back, as `pingan check` reads it, as the roster meant: else the file is
    written in a way an edit in place cannot follow, and nothing is written. Members are
    compared one at a time, so a county's roster is not held twice."""
    source, problems = parse_yaml(text, target, ROSTER_FILE, positions=False)
    data = source.data
    if problems or not isinstance(data, dict) or not isinstance(data.get("members", []), list):
        raise _Unwritable
    members = data.pop("members", [])
    try:
        rest = Roster.model_validate(data)
        same = rest == expected.model_copy(update={"members": []}) and len(members) == len(expected.members)
        pairs = zip(members, expected.members, strict=True)
        same = same and all(Member.model_validate(m) == e for m, e in pairs)
    except ValidationError:
        raise _Unwritable from None
    if not same:
        raise _Unwritable


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _replace(target: Path, data: bytes, mode: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the roster, then renamed over it: the roster is whole, old or new.
    # ".tmp", not ".yml": while it exists, `pingan check` must not take it for content.
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".roster-", suffix=".yml.tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)  # mkstemp makes it 0600; the roster keeps its own mode
            os.fsync(handle.fileno())  # on disk before the rename, so a power cut leaves one or the other
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
