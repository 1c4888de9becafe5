"""Records fixtures: every database test runs on a real SQLite file and on a real
PostgreSQL server (started by scripts/test.sh; PINGAN_TEST_POSTGRES_URL)."""

from __future__ import annotations

import pytest

from tests.databases import KINDS, database_url


@pytest.fixture(params=KINDS)
def db_url(request, tmp_path):
    yield from database_url(request.param, tmp_path)


@pytest.fixture
def records_project(project, db_url, monkeypatch):
    """The scaffold project (plus a few roster members) wired to the database under test."""
    monkeypatch.setenv("PINGAN_DATABASE_URL", db_url)
    return project(
        {
            "content/roster.yml": """\
                teams:
                  - id: patrol
                    name: 专（兼）职巡防队
                  - id: guards
                    name: 保安联防队
                members:
                  - id: M001
                    name: 甲一
                    team: patrol
                    phone: "13800001234"
                    id_number: "500999199001010025"
                    joined: 2023-01-01
                  - id: M002
                    name: 乙二
                    team: patrol
                    joined: 2024-05-15
                  - id: M003
                    name: 丙三
                    team: guards
                  - id: M004
                    name: 同名
                    team: patrol
                  - id: M005
                    name: 同名
                    team: guards
                """
        }
    )
