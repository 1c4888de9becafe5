"""Reports read the records database with plain SELECTs straight through its driver (sqlite3,
psycopg), without SQLAlchemy.

Importing SQLAlchemy costs a county's ``pingan report`` about half a CPU second, a quarter of
the time it may take (bench/README.md). A report only reads, with a few SELECTs that mean the
same on SQLite and PostgreSQL, so ``open_plain`` opens a database that is already at this
pingan's newest schema with the driver alone. Anything else (no file yet, an older schema
that must be migrated, a newer or damaged one, another driver, an SQLite URL with options)
returns None, and the command opens the database with ``database.open_records`` as every
other command does, which migrates, refuses or explains. A driver failure a user can act on
(locked, corrupt, unreachable, login refused…) becomes the same ``RecordsError`` as there
(``faults.driver_fault``).

``RowReader`` is the one way a report reads, on either kind of connection: ``RecordsDB.reading``
gives one over SQLAlchemy's own connection, so both paths run the same SQL.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..content.paths import ProjectPaths

# The newest migration in migrations/versions (tests/scorer check it is Alembic's head). A database
# already there is opened without Alembic (database.open_engine) or, by a report, without SQLAlchemy.
SCHEMA_HEAD = "0003"
VERSION_TABLE = "alembic_version"
# The tables of that schema (tests/scorer check they are tables.Base's).
TABLES = frozenset(
    {"training_sessions", "attendance", "attendance_corrections", "attempts", "attempt_answers", "import_log"}
)
# How long a write waits for another program's transaction to end before giving up
# (SQLite busy timeout; PostgreSQL lock_timeout).
BUSY_SECONDS = 5.0
CONNECT_SECONDS = 10  # PostgreSQL: give up on an unreachable server after this long
PSYCOPG_SCHEME = "postgresql+psycopg://"


def psycopg_options(busy_seconds: float) -> dict[str, Any]:
    """libpq options of every PostgreSQL connection pingan makes."""
    return {
        "connect_timeout": CONNECT_SECONDS,
        "options": f"-c lock_timeout={int(busy_seconds * 1000)}",
        "application_name": "pingan",
    }


def sqlite_datetime(value: dt.datetime) -> str:
    """A timestamp as SQLAlchemy stores it in SQLite (and so as it compares there, as text)."""
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
    )


class RowReader:
    """Plain SELECTs on a driver connection; rows as the driver gives them (tuples of int, str,
    float…). SQL is written with ``?`` for parameters; dates and timestamps are bound, and read
    back (``day``, ``moment``), as each database stores them."""

    def __init__(self, cursor: Any, sqlite: bool):
        self._cursor = cursor
        self.sqlite = sqlite

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self.sqlite:
            self._cursor.execute(sql, [self._bind(p) for p in params])
        else:
            self._cursor.execute(sql.replace("?", "%s"), list(params))
        return self._cursor.fetchall()

    @staticmethod
    def _bind(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return sqlite_datetime(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def day(self, value: Any) -> dt.date:
        return dt.date.fromisoformat(value) if isinstance(value, str) else value

    def moment(self, value: Any) -> dt.datetime:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


class PlainRecords:
    """A records database at ``SCHEMA_HEAD``, opened by its driver alone, for reading."""

    def __init__(self, url: str, connection: Any, sqlite: bool):
        self.url = url
        self._connection = connection
        self._sqlite = sqlite

    @contextmanager
    def reading(self) -> Iterator[RowReader]:
        with driver_faults(self.url):
            cursor = self._connection.cursor()
            try:
                yield RowReader(cursor, self._sqlite)
            finally:
                cursor.close()

    def __enter__(self) -> PlainRecords:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._connection.close()  # a report wrote nothing: an open read transaction is rolled back


def open_plain(paths: ProjectPaths) -> PlainRecords | None:
    """The project's records database for a report, when it is an existing SQLite file or a
    PostgreSQL server (psycopg) at ``SCHEMA_HEAD``; None when it must be opened the usual way."""
    url, sqlite = paths.database_url, paths.database_file is not None
    if sqlite:
        if url != f"sqlite:///{paths.database_file}" or not paths.database_file.is_file():
            return None  # no file yet (created and migrated by open_records), or URL options
    elif not url.startswith(PSYCOPG_SCHEME):
        return None
    with driver_faults(url):
        try:
            connection = _connect(paths, sqlite)
        except Exception as exc:
            if _driver_error(exc) and _fault(exc, url) is not None:
                raise  # unreachable, login refused…: said as open_records says it
            # No psycopg installed, an option libpq does not take…: open_records says what is wrong.
            return None
        try:
            at_head = _at_head(connection, sqlite)
        except BaseException:
            connection.close()
            raise
    if not at_head:
        connection.close()
        return None
    return PlainRecords(url, connection, sqlite)


def _connect(paths: ProjectPaths, sqlite: bool) -> Any:
    if sqlite:
        return sqlite3.connect(paths.database_file, timeout=BUSY_SECONDS)
    import psycopg

    conninfo = "postgresql://" + paths.database_url.removeprefix(PSYCOPG_SCHEME)
    return psycopg.connect(conninfo, **psycopg_options(BUSY_SECONDS))


def schema_at_head(rows: Callable[[str], Sequence[tuple[Any, ...]]], sqlite: bool) -> bool:
    """Every table of this pingan's schema is there and its revision is the newest (``SCHEMA_HEAD``):
    nothing to check or migrate. ``rows(sql)``: a query's rows on the database's connection (the
    driver's here, SQLAlchemy's in ``database.open_engine``)."""
    if sqlite:
        listing = "SELECT name FROM sqlite_master WHERE type = 'table'"
    else:
        listing = (
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
    tables = {name for (name,) in rows(listing)}
    if VERSION_TABLE not in tables or not tables >= TABLES:
        return False
    return [revision for (revision,) in rows(f"SELECT version_num FROM {VERSION_TABLE}")] == [SCHEMA_HEAD]


def _at_head(connection: Any, sqlite: bool) -> bool:
    """``schema_at_head``, and an SQLite file in WAL mode as the migrating path leaves it (readers
    never wait for a writer); anything else is left to ``open_records``."""
    cursor = connection.cursor()

    def rows(sql: str) -> list[tuple[Any, ...]]:
        cursor.execute(sql)
        return cursor.fetchall()

    try:
        if not schema_at_head(rows, sqlite):
            return False
        return not sqlite or rows("PRAGMA journal_mode")[0][0].lower() == "wal"
    finally:
        cursor.close()


@contextmanager
def driver_faults(url: str) -> Iterator[None]:
    """Re-raise a driver failure the user can act on as a ``RecordsError`` (as ``faults.database_faults``
    does for SQLAlchemy's wrapped ones)."""
    try:
        yield
    except Exception as exc:
        fault = _fault(exc, url) if _driver_error(exc) else None
        if fault is None:
            raise
        raise fault from exc


def _fault(exc: Exception, url: str) -> Exception | None:
    from .faults import driver_fault  # it imports SQLAlchemy: only when something went wrong

    return driver_fault(exc, url, BUSY_SECONDS)


def _driver_error(exc: Exception) -> bool:
    """An error of sqlite3 or psycopg (DB-API's ``Error``), not a bug of pingan's."""
    return isinstance(exc, sqlite3.Error) or any(
        cls.__module__.startswith("psycopg") and cls.__name__ == "Error" for cls in type(exc).__mro__
    )


__all__ = ["PlainRecords", "RowReader", "open_plain"]
