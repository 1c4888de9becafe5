"""Schemas 0002 and 0003 through Alembic: a database written by a previous pingan (0001, 0002) is upgraded in
place, its records kept; the migrated schema is what the models describe (SQLite, PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from generator.scorer.database import RecordsDB, _alembic_config
from generator.scorer.faults import RecordsError
from generator.scorer.importlog import log_rows
from generator.scorer.plainread import SCHEMA_HEAD
from generator.scorer.tables import Base


def test_a_0001_database_is_upgraded_with_its_records(records_project, db_url, run):
    engine = create_engine(db_url)
    command.upgrade(_alembic_config(engine), "0001")
    with engine.begin() as connection:
        for course, module in (("m01", "m01"), ("消防器材使用", None)):
            connection.execute(
                text(
                    "INSERT INTO training_sessions (date, kind, course, place, module_id, trainer)"
                    " VALUES (:date, 'training', :course, '会议室', :module, '王')"
                ),
                {"date": dt.date(2024, 6, 5), "course": course, "module": module},
            )
        connection.execute(
            text(
                "INSERT INTO attendance (session_id, member_id, status)"
                " SELECT id, 'M001', 'present' FROM training_sessions"
            )
        )
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    engine.dispose()

    code, out, err = run("-C", str(records_project), "sessions", "list", "--month", "2024-06")
    assert (code, err) == (0, ""), err
    assert "m01 巡查日志的填写" in out and "消防器材使用（内容外课程）" in out  # flagged by the migration
    with RecordsDB(db_url) as db:
        assert log_rows(db) == []
        with db.session() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
            assert session.execute(text("SELECT count(*) FROM attendance")).scalar() == 2
    code, out, err = run(
        "-C", str(records_project), "attendance", "set", "M001", "2", "请假", "--reason", "补假条"
    )
    assert code == 0, err


def test_the_migrated_schema_is_the_models(db_url):
    RecordsDB(db_url).close()
    engine = create_engine(db_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_schema_head_is_the_newest_migration():
    """A database at SCHEMA_HEAD is opened without Alembic: that must be Alembic's own head."""
    from alembic.script import ScriptDirectory

    engine = create_engine("sqlite://")
    assert ScriptDirectory.from_config(_alembic_config(engine)).get_heads() == [SCHEMA_HEAD]
    engine.dispose()


def test_a_database_at_head_missing_a_table_is_refused(db_url):
    """The path that skips Alembic still checks every table is there."""
    assert "import_log" in refusal_after(db_url, "DROP TABLE import_log")


def test_a_database_written_by_a_newer_pingan_is_still_refused(db_url):
    assert "9999" in refusal_after(db_url, "UPDATE alembic_version SET version_num = '9999'")


def refusal_after(db_url: str, statement: str) -> str:
    """What opening a current records database says after ``statement`` ran on it."""
    RecordsDB(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()
    with pytest.raises(RecordsError) as refused:
        RecordsDB(db_url)
    return str(refused.value)


def test_a_0002_database_gets_the_report_index_with_its_attempts(db_url):
    """0003 replaces the index on attempts.finished by one holding what a report reads."""
    engine = create_engine(db_url)
    command.upgrade(_alembic_config(engine), "0002")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO attempts (fingerprint, member_id, bank_id, finished, origin, score, passed,"
                " answered, total) VALUES ('fp', 'M001', 'basics', :at, 'tablet', 50.0, :no, 2, 2)"
            ),
            {"at": dt.datetime(2024, 6, 1, 9, 0), "no": False},
        )
    engine.dispose()
    RecordsDB(db_url).close()  # migrates to the head
    engine = create_engine(db_url)
    with engine.connect() as connection:
        indexes = {i["name"]: i["column_names"] for i in inspect(connection).get_indexes("attempts")}
        assert indexes["ix_attempts_report"] == ["finished", "id", "member_id", "bank_id", "score", "passed"]
        assert "ix_attempts_finished" not in indexes
        assert connection.execute(text("SELECT member_id, score FROM attempts")).all() == [("M001", 50.0)]
        if engine.dialect.name == "sqlite":  # the report's query answered from the index alone
            plan = connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id, member_id, bank_id, score, passed FROM attempts"
                " WHERE finished BETWEEN ? AND ? ORDER BY finished, id",
                ("2024-01-01 00:00:00.000000", "2024-12-31 23:59:59.999999"),
            ).all()
            assert [row[-1] for row in plan] == [
                "SEARCH attempts USING COVERING INDEX ix_attempts_report (finished>? AND finished<?)"
            ]
    engine.dispose()
