"""The import log: which file was imported when, by whom, and what it changed.

Every write to the records goes through here in the same transaction as the write
itself, so the log and the records never disagree: an import (file name as the user
gave it and the SHA-256 of its bytes), a scanned result, a hand correction, a removed
session, a reset, demo records. Rows are never updated or deleted, not even by a reset.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..messages import records as rmsg
from .plainread import RowReader

if TYPE_CHECKING:  # not imported by a report's ledger, which reads the log without SQLAlchemy
    from sqlalchemy.orm import Session

    from .database import RecordsDB
    from .plainread import PlainRecords
    from .tables import ImportLog

# action → how a trainer reads it
ACTIONS = {
    "attendance": rmsg.ACTION_ATTENDANCE,
    "answers": rmsg.ACTION_ANSWERS,
    "scan": rmsg.ACTION_SCAN,
    "correction": rmsg.ACTION_CORRECTION,
    "remove": rmsg.ACTION_REMOVE,
    "reset": rmsg.ACTION_RESET,
    "demo": rmsg.ACTION_DEMO,
}
SOURCE_LIMIT, NOTE_LIMIT, USER_LIMIT = 500, 500, 100  # the columns' sizes


@dataclass(frozen=True)
class ImportSource:
    """Where imported rows came from: the file as the user named it and its SHA-256."""

    name: str
    sha256: str | None = None

    @classmethod
    def of_file(cls, path: Path, rel: str) -> ImportSource:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return cls(rel, digest.hexdigest())

    @classmethod
    def of_text(cls, name: str, text: str) -> ImportSource:
        return cls(name, hashlib.sha256(text.encode("utf-8")).hexdigest())


def os_user() -> str:
    """The operating-system user running pingan ("?" when the system cannot say)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no USER/LOGNAME and no passwd entry (some containers)
        return "?"


def now() -> dt.datetime:
    """Local wall-clock time, to the second, as stored in the log."""
    return dt.datetime.now().replace(microsecond=0)


def record(
    session: Session,
    action: str,
    source: str,
    *,
    sha256: str | None = None,
    added: int = 0,
    changed: int = 0,
    unchanged: int = 0,
    note: str = "",
    user: str | None = None,
) -> ImportLog:
    """Add one log row inside the caller's transaction (it lands or fails with the change it logs)."""
    from .tables import ImportLog

    if action not in ACTIONS:
        raise ValueError(f"unknown log action {action!r}")
    entry = ImportLog(
        at=now(),
        action=action,
        source=_cut(source, SOURCE_LIMIT),
        sha256=sha256,
        added=added,
        changed=changed,
        unchanged=unchanged,
        os_user=_cut(user or os_user(), USER_LIMIT),
        note=_cut(note, NOTE_LIMIT),
    )
    session.add(entry)
    return entry


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class LogRow(NamedTuple):
    """One row of the import log as shown (terminal table, the ledger's sheet); LOG_COLUMNS name them."""

    at: dt.datetime
    action: str  # in words: 考勤导入, 考勤更正…
    source: str
    sha256: str
    added: int
    changed: int
    unchanged: int
    user: str
    note: str


LOG_COLUMNS = (
    rmsg.COL_AT,
    rmsg.COL_ACTION,
    rmsg.COL_SOURCE,
    rmsg.COL_SHA256,
    rmsg.COL_ADDED,
    rmsg.COL_CHANGED,
    rmsg.COL_UNCHANGED,
    rmsg.COL_USER,
    rmsg.COL_NOTE,
)


def log_rows(
    db: RecordsDB | PlainRecords, since: dt.date | None = None, until: dt.date | None = None
) -> list[LogRow]:
    """The log, oldest first; ``since``/``until`` (inclusive days) narrow it to a period."""
    with db.reading() as reader:
        return read_log(reader, since, until)


def read_log(reader: RowReader, since: dt.date | None = None, until: dt.date | None = None) -> list[LogRow]:
    where, params = [], []
    if since is not None:
        where.append("at >= ?")
        params.append(dt.datetime.combine(since, dt.time.min))
    if until is not None:
        where.append("at < ?")
        params.append(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min))
    rows = reader.rows(
        "SELECT at, action, source, sha256, added, changed, unchanged, os_user, note FROM import_log"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY at, id",
        params,
    )
    return [
        LogRow(reader.moment(at), ACTIONS.get(action, action), source, sha or "", *counts, user, note)
        for at, action, source, sha, *counts, user, note in rows
    ]
