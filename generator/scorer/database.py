"""Open the records database and bring its schema up to date.

The URL comes from ``ProjectPaths`` (``PINGAN_DATABASE_URL``, else ``records.database``
in site_config.yml: a plain path is an SQLite file relative to the project; any
SQLAlchemy URL such as ``postgresql+psycopg://…`` is used as is). Schema changes are
Alembic migrations in ``scorer/migrations/versions``; opening a database applies
the pending ones (never drop and recreate); a database whose schema revision this
pingan does not know (written by a newer version), or that holds other programs'
tables, is refused untouched. Every failure a user can cause or fix (read-only,
locked, corrupt, unreachable…) is raised as a ``RecordsError`` (see ``faults``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from sqlalchemy import Engine, create_engine, event, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from .. import __version__
from ..content import Project
from ..messages import scorer as smsg
from .faults import RecordsError, database_faults, database_label
from .plainread import (
    BUSY_SECONDS,
    RowReader,
    driver_faults,
    psycopg_options,
    schema_at_head,
)
from .tables import Attempt, Base, TrainingSession

if TYPE_CHECKING:  # Alembic is imported only when a database is not at SCHEMA_HEAD (see open_engine)
    from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).parent / "migrations"


def _alembic_config(engine: Engine) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    # No sqlalchemy.url: env.py uses this engine, and a path with % (a Chinese folder
    # name, URL-encoded) would break Alembic's config interpolation.
    config.attributes["engine"] = engine
    return config


def _connect_args(url: str) -> dict[str, object]:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return {"timeout": BUSY_SECONDS}
    if parsed.get_driver_name() in ("psycopg", "psycopg2"):  # libpq options
        return psycopg_options(BUSY_SECONDS)
    return {}


def _check_schema(engine: Engine, config: AlembicConfig, url: str) -> None:
    """Refuse, before anything is written, a database written by a newer pingan, one holding
    other programs' tables, or pingan tables that lost their revision."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(config)
    known = {revision.revision for revision in script.walk_revisions()}
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
        tables = set(inspect(connection).get_table_names())
    unknown = [revision for revision in current if revision not in known]
    if unknown:
        raise RecordsError(
            smsg.DB_NEWER.format(
                db=database_label(url),
                found="、".join(unknown),
                version=__version__,
                head=script.get_current_head(),
            ),
            smsg.DB_NEWER_HINT,
        )
    if current:
        return
    ours = set(Base.metadata.tables)
    foreign = sorted(tables - ours - {"alembic_version"})
    if foreign:
        raise RecordsError(
            smsg.DB_FOREIGN.format(db=database_label(url), tables="、".join(foreign[:5])),
            smsg.DB_FOREIGN_HINT,
        )
    if tables & ours:
        _damaged(url, smsg.DB_DAMAGED_NO_VERSION)


def _check_tables(engine: Engine, url: str) -> None:
    """After migrating: every table is there (none dropped by hand)."""
    with engine.connect() as connection:
        missing = sorted(set(Base.metadata.tables) - set(inspect(connection).get_table_names()))
    if missing:
        _damaged(url, smsg.DB_DAMAGED_MISSING.format(tables="、".join(missing)))


def _at_head(engine: Engine) -> bool:
    """``plainread.schema_at_head`` on this engine (then Alembic is not even imported: a quarter of a
    second of every records command); an SQLite file is then kept in WAL mode."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if not schema_at_head(lambda sql: connection.exec_driver_sql(sql).all(), sqlite):
            return False
        if sqlite:  # as the migrating path leaves it (kept in the file)
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    return True


def _damaged(url: str, what: str) -> NoReturn:
    raise RecordsError(smsg.DB_DAMAGED.format(db=database_label(url), what=what), smsg.DB_CORRUPT_HINT)


def open_engine(url: str) -> Engine:
    """An engine on ``url`` with the schema brought up to date; RecordsError when it cannot be used."""
    try:
        engine = create_engine(url, future=True, connect_args=_connect_args(url))
    except (ArgumentError, ValueError, ImportError) as exc:  # a malformed URL, or no driver for it
        raise RecordsError(
            smsg.DB_BAD_URL.format(db=database_label(url), detail=exc), smsg.DB_BAD_URL_HINT
        ) from exc
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    try:
        with database_faults(url, BUSY_SECONDS):
            if _at_head(engine):
                return engine
            from alembic import command

            config = _alembic_config(engine)
            _check_schema(engine, config, url)  # before anything could write to it
            if engine.dialect.name == "sqlite":
                with engine.connect() as connection:  # kept in the file: readers never wait for a writer
                    connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            command.upgrade(config, "head")
            _check_tables(engine, url)
    except BaseException:
        engine.dispose()  # let go of the file (or connection) before reporting
        raise
    return engine


class RecordsDB:
    """The records database of one content project."""

    def __init__(self, url: str):
        self.url = url
        self.engine = open_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def label(self) -> str:
        """The database as shown to a user (never with its password)."""
        return database_label(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One atomic unit: everything commits together or nothing does."""
        with database_faults(self.url, BUSY_SECONDS), self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for reading."""
        with database_faults(self.url, BUSY_SECONDS), self._sessions() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[RowReader]:
        """Plain SELECTs on this engine's own driver connection, as a report reads (``plainread``)."""
        with self.session() as session, driver_faults(self.url):
            connection = session.connection()
            cursor = connection.connection.dbapi_connection.cursor()
            try:
                yield RowReader(cursor, self.engine.dialect.name == "sqlite")
            finally:
                cursor.close()

    def has_records(self) -> bool:
        with self.session() as session:
            return any(
                session.scalar(select(table.id).limit(1)) is not None for table in (TrainingSession, Attempt)
            )

    def __enter__(self) -> RecordsDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()


def open_records(project: Project) -> RecordsDB:
    """The records database of ``project`` (created and migrated on first use)."""
    paths = project.paths
    if paths.database_file is not None:
        try:
            paths.database_file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RecordsError(
                smsg.DB_CANNOT_OPEN.format(db=paths.database_file), smsg.DB_CANNOT_OPEN_HINT
            ) from exc
    return RecordsDB(paths.database_url)
