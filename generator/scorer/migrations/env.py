"""Alembic environment: runs on the engine pingan passes in (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from generator.scorer.tables import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch migrations recreate a SQLite table (copy, drop the old one, rename). With foreign
        # keys on, dropping the old training_sessions would cascade into attendance and delete
        # every row. The pragma only works outside a transaction, so it is set before BEGIN.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    with connection.begin():
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:  # rolls the migration back: the database stays as it was
                    raise RuntimeError(f"foreign keys broken by the migration: {broken[:5]}")
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")  # as every other connection has it
        connection.commit()
