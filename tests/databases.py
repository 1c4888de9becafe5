"""One real database per test: an SQLite file, or a fresh database on the PostgreSQL server
that scripts/test.sh starts (PINGAN_TEST_POSTGRES_URL). The records and serve fixtures use it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

PG_URL = os.environ.get("PINGAN_TEST_POSTGRES_URL", "")
KINDS = ["sqlite", "postgresql"]


def database_url(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.db'}"
        return
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must test PostgreSQL: scripts/test.sh did not start a server")
        pytest.skip("no PostgreSQL server (scripts/test.sh starts one)")
    name = f"pingan_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
