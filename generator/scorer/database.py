"""Open the records database and bring its schema up to date.

The URL comes from ``ProjectPaths`` (``PINGAN_DATABASE_URL``, else ``records.database``
in site_config.yml: a plain path is an SQLite file relative to the project; any
SQLAlchemy URL such as ``postgresql+psycopg://…`` is used as is). Schema changes are
Alembic migrations in ``scorer/migrations/versions``; opening a database applies
the pending ones (never drop and recreate).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from ..content import Project
from .tables import Attempt, TrainingSession

MIGRATIONS = Path(__file__).parent / "migrations"


def _alembic_config(engine: Engine) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    # No sqlalchemy.url: env.py uses this engine, and a path with % (a Chinese folder
    # name, URL-encoded) would break Alembic's config interpolation.
    config.attributes["engine"] = engine
    return config


def open_engine(url: str) -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

    command.upgrade(_alembic_config(engine), "head")
    return engine


class RecordsDB:
    """The records database of one content project."""

    def __init__(self, url: str):
        self.url = url
        self.engine = open_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One atomic unit: everything commits together or nothing does."""
        with self._sessions() as session, session.begin():
            yield session

    def session(self) -> Session:
        return self._sessions()

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
        paths.database_file.parent.mkdir(parents=True, exist_ok=True)
    return RecordsDB(paths.database_url)
