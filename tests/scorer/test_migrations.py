"""Schema 0002 through Alembic: a database written by the previous pingan (0001) is upgraded in
place, its records kept; the migrated schema is what the models describe (SQLite, PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from generator.scorer.database import RecordsDB, _alembic_config
from generator.scorer.importlog import log_rows
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
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
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
