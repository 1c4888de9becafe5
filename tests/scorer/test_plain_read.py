"""A report's file formats read the records database through its driver alone (scorer.plainread):
the same figures as through SQLAlchemy on SQLite and PostgreSQL, SQLAlchemy never imported, and
every database that is not at the newest schema left to ``open_records`` (which migrates or refuses)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from generator.content import load_project
from generator.scorer.compliance import parse_period
from generator.scorer.database import open_records
from generator.scorer.importlog import log_rows
from generator.scorer.plainread import TABLES, PlainRecords, open_plain
from generator.scorer.reports import build_report, to_json
from generator.scorer.tables import Base

from .test_report_records import D, store_records

REPO = Path(__file__).resolve().parents[2]


def test_the_schema_it_expects_is_the_tables_of_the_orm():
    assert set(Base.metadata.tables) == TABLES


def test_a_report_through_the_driver_is_the_report_through_sqlalchemy(records_project, db_url):
    store_records(records_project)
    project = load_project(records_project)
    period, as_of = parse_period(year="2024"), D(2025, 1, 15)
    with open_records(project) as db:
        usual, usual_log = to_json(build_report(project, db, period, as_of)), log_rows(db)
    plain = open_plain(project.paths)
    assert isinstance(plain, PlainRecords)
    with plain:
        direct, direct_log = to_json(build_report(project, plain, period, as_of)), log_rows(plain)
        since = log_rows(plain, since=D(2000, 1, 1), until=D(2000, 1, 2))
    assert direct == usual
    assert direct_log == usual_log and since == []
    members = {m["id"]: m for m in json.loads(direct)["members"]}
    assert members["M001"]["trainings_by_month"] == {"2024-01": 2, "2024-12": 1}  # by hand, as stored
    assert members["M001"]["quizzes"][0]["attempts"] == 4


def report_in_a_process(root: Path, fmt: str, env: dict[str, str]) -> tuple[bool, str]:
    """(was SQLAlchemy imported, what the command wrote) of a whole `pingan report` process."""
    out = root / f"out.{fmt}"
    script = (
        "import sys\nfrom generator.cli import main\n"
        f"code = main(['-C', {str(root)!r}, 'report', '--year', '2024', '--as-of', '2025-01-15', "
        f"'--format', {fmt!r}, '-o', {str(out)!r}])\n"
        "assert code == 0, code\nprint('sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1] == "True", out.read_text(encoding="utf-8") if fmt != "xlsx" else ""


def test_the_report_command_imports_no_sqlalchemy_at_the_newest_schema(records_project, db_url):
    env = {**os.environ, "PINGAN_DATABASE_URL": db_url}
    # A new database: created and migrated the usual way (SQLAlchemy, Alembic).
    assert report_in_a_process(records_project, "json", env)[0] is True
    store_records(records_project)
    for fmt in ("json", "csv", "xlsx"):
        imported, _ = report_in_a_process(records_project, fmt, env)
        assert imported is False, fmt
    assert '"2024-01": 2, "2024-12": 1' in report_in_a_process(records_project, "json", env)[1]


def test_a_missing_sqlite_file_is_not_created_by_the_driver(records_project, db_url):
    project = load_project(records_project)
    if project.paths.database_file is None:
        return  # a server: nothing to create (tested through open_records)
    assert not project.paths.database_file.exists()
    assert open_plain(project.paths) is None
    assert not project.paths.database_file.exists()


def test_a_database_not_at_the_newest_schema_is_left_to_open_records(records_project, db_url):
    store_records(records_project)
    project = load_project(records_project)
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert open_plain(project.paths) is None  # open_records would migrate it from 0001
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0003'"))
        connection.execute(text("DROP TABLE attendance_corrections"))
    engine.dispose()
    assert open_plain(project.paths) is None  # a table dropped by hand: open_records says so


def test_an_sqlite_file_not_in_wal_mode_is_left_to_open_records(records_project, db_url):
    store_records(records_project)
    project = load_project(records_project)
    if project.paths.database_file is None:
        return
    connection = sqlite3.connect(project.paths.database_file)
    assert connection.execute("PRAGMA journal_mode=DELETE").fetchone() == ("delete",)
    connection.close()
    assert open_plain(project.paths) is None
    open_records(project).close()  # the usual way puts it back in WAL mode…
    plain = open_plain(project.paths)  # …and the driver alone reads it again
    assert isinstance(plain, PlainRecords)
    plain.close()


def test_a_server_url_without_psycopg_is_left_to_open_records(records_project, db_url, monkeypatch):
    """open_records then says the driver is missing (DB_BAD_URL), as it always has."""
    store_records(records_project)
    project = load_project(records_project)
    if project.paths.database_file is not None:
        return
    plain = open_plain(project.paths)
    assert isinstance(plain, PlainRecords)  # the check below can fail
    plain.close()
    monkeypatch.setitem(sys.modules, "psycopg", None)  # `import psycopg` raises ImportError
    assert open_plain(project.paths) is None
