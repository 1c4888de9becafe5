"""Records-database failures a user can cause or fix, in words they can act on.

The drivers say "attempt to write a readonly database" or "database is locked",
with the SQL attached. ``database_faults`` turns each such failure (read-only,
locked after the busy timeout, corrupt, disk full, server unreachable, login
refused) into a ``RecordsError`` that names the database and what to do.
Anything it does not recognise is left alone: that is a bug in pingan, and the
CLI reports it as one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from ..errors import PinganError
from ..messages import scorer as smsg

# SQLite primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
WAL_WRITE_LOCK = 120  # byte of the -shm file a WAL writer locks (sqlite os_unix.c: WALINDEX_LOCK_OFFSET)

# PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html)
PG_READ_ONLY = {"25006", "42501"}  # read-only transaction, insufficient privilege
PG_LOCKED = {"55P03"}  # lock_not_available: lock_timeout passed
PG_CONCURRENT = {"23505", "40001", "40P01"}  # unique violation, serialization failure, deadlock
PG_LOGIN = {"28000", "28P01"}
PG_MISSING = {"3D000"}
PG_FULL = {"53100"}


class RecordsError(PinganError):
    """The records database cannot be used as it is: read-only, locked, corrupt, newer, unreachable…"""


def database_label(url: str) -> str:
    """The database as a user knows it: the SQLite file, or the server URL without its password."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # unparseable: still never show what looks like a password
        return re.sub(r"://([^:/@]*):[^@]*@", r"://\1@", url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed._replace(password=None).render_as_string(hide_password=False)


@contextmanager
def database_faults(url: str, busy_seconds: float) -> Iterator[None]:
    """Re-raise a driver failure the user can act on as a ``RecordsError``."""
    try:
        yield
    except DBAPIError as exc:
        fault = driver_fault(exc.orig, url, busy_seconds)
        if fault is None:
            raise
        raise fault from exc


def driver_fault(error: BaseException, url: str, busy_seconds: float) -> RecordsError | None:
    """The ``RecordsError`` for the driver's own exception (sqlite3's, psycopg's), or None."""
    sqlite = hasattr(error, "sqlite_errorcode")
    return (_sqlite_fault if sqlite else _server_fault)(error, url, busy_seconds)


def _sqlite_fault(error: BaseException, url: str, busy_seconds: float) -> RecordsError | None:
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    db = database_label(url)
    primary = code & 0xFF
    if primary in (SQLITE_READONLY, SQLITE_PERM):
        return RecordsError(smsg.DB_READ_ONLY.format(db=db), smsg.DB_READ_ONLY_HINT)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return _locked(db, lock_holders(Path(db)), busy_seconds)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        why = smsg.DB_CORRUPT_NOT_DB if primary == SQLITE_NOTADB else smsg.DB_CORRUPT_MALFORMED
        return RecordsError(smsg.DB_CORRUPT.format(db=db, why=why), smsg.DB_CORRUPT_HINT)
    if primary == SQLITE_CANTOPEN:
        return RecordsError(smsg.DB_CANNOT_OPEN.format(db=db), smsg.DB_CANNOT_OPEN_HINT)
    if primary == SQLITE_FULL:
        return RecordsError(smsg.DB_FULL.format(db=db), smsg.DB_FULL_HINT)
    if primary == SQLITE_IOERR:
        return RecordsError(smsg.DB_FAILED.format(db=db, detail=_detail(error)), smsg.DB_FAILED_HINT)
    return None


def _server_fault(error: BaseException, url: str, busy_seconds: float) -> RecordsError | None:
    state = getattr(error, "sqlstate", None)
    db, detail = database_label(url), _detail(error)
    if state is None and _operational(error):
        # Connecting failed: libpq gives no SQLSTATE then, only its (English) text.
        if "authentication failed" in detail or re.search(r'role ".*" does not exist', detail):
            state = "28P01"
        elif re.search(r'database ".*" does not exist', detail):
            state = "3D000"
        else:
            return RecordsError(smsg.DB_UNREACHABLE.format(db=db, detail=detail), smsg.DB_UNREACHABLE_HINT)
    if state is None:
        return None
    if state in PG_READ_ONLY:
        return RecordsError(
            smsg.DB_READ_ONLY_SERVER.format(db=db, detail=detail), smsg.DB_READ_ONLY_SERVER_HINT
        )
    if state in PG_LOCKED:
        return _locked(db, [], busy_seconds)
    if state in PG_CONCURRENT:
        return RecordsError(smsg.DB_CONCURRENT, smsg.DB_CONCURRENT_HINT)
    if state in PG_LOGIN:
        return RecordsError(smsg.DB_LOGIN_FAILED.format(db=db, detail=detail), smsg.DB_LOGIN_FAILED_HINT)
    if state in PG_MISSING:
        return RecordsError(smsg.DB_MISSING.format(db=db, detail=detail), smsg.DB_MISSING_HINT)
    if state in PG_FULL:
        return RecordsError(smsg.DB_FULL.format(db=db), smsg.DB_FULL_HINT)
    if state.startswith("08") or state.startswith("57P"):  # connection lost, server shutting down
        return RecordsError(smsg.DB_UNREACHABLE.format(db=db, detail=detail), smsg.DB_UNREACHABLE_HINT)
    return None


def _operational(error: BaseException) -> bool:
    """DB-API's OperationalError (whichever driver raised it): connecting failed, among others."""
    return any(cls.__name__ == "OperationalError" for cls in type(error).__mro__)


def _detail(error: BaseException) -> str:
    """The driver's own words, first line only (never the SQL statement)."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _locked(db: str, holders: list[tuple[int, str]], busy_seconds: float) -> RecordsError:
    holder = (
        "；".join(smsg.DB_LOCKED_HOLDER.format(pid=pid, command=command) for pid, command in holders)
        or smsg.DB_LOCKED_SOMEONE
    )
    return RecordsError(
        smsg.DB_LOCKED.format(db=db, holder=holder, seconds=busy_seconds), smsg.DB_LOCKED_HINT
    )


def lock_holders(database: Path) -> list[tuple[int, str]]:
    """Processes (pid, command line) holding a write lock on an SQLite file, from /proc/locks.

    A WAL writer locks byte 120 of the -shm file; a rollback-journal writer locks the file
    itself. Empty where /proc/locks does not exist (not Linux) or nothing is found.
    """
    files: dict[tuple[int, int, int], str] = {}
    for suffix in ("", "-wal", "-shm"):
        try:
            stat = os.stat(f"{database}{suffix}")
        except OSError:
            continue
        files[(os.major(stat.st_dev), os.minor(stat.st_dev), stat.st_ino)] = suffix
    try:
        table = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    pids: list[int] = []
    for line in table.splitlines():
        # "1: POSIX  ADVISORY  WRITE 13944 fe:00:15346977 120 120"; waiters read "1: -> POSIX …"
        parts = line.split()
        if len(parts) < 8 or parts[1] == "->" or parts[3] != "WRITE":
            continue
        try:
            major, minor, inode = parts[5].split(":")
            suffix = files.get((int(major, 16), int(minor, 16), int(inode)))
            pid, start = int(parts[4]), int(parts[6])
        except ValueError:
            continue
        if suffix is None or (suffix == "-shm" and start != WAL_WRITE_LOCK) or suffix == "-wal":
            continue
        if pid > 0 and pid != os.getpid() and pid not in pids:
            pids.append(pid)
    return [(pid, _command_line(pid)) for pid in pids]


def _command_line(pid: int) -> str:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        command = " ".join(" ".join(w.decode("utf-8", "replace") for w in words).split())
    except OSError:
        command = ""
    return command[:80] + ("…" if len(command) > 80 else "") if command else "?"
