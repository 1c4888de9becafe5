"""An index that holds everything a report reads of an attempt (bench/README.md).

A report reads every attempt of its period in time order: id, member, bank, score, passed.
With only the index on ``finished``, SQLite looks each of a county's 70,000 rows up in the
table as well; an index holding those columns answers from the index alone (PostgreSQL: an
index-only scan). It starts with ``finished``, so the index on ``finished`` alone is dropped.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = ["finished", "id", "member_id", "bank_id", "score", "passed"]


def upgrade() -> None:
    op.create_index("ix_attempts_report", "attempts", COLUMNS)
    op.drop_index("ix_attempts_finished", table_name="attempts")


def downgrade() -> None:
    op.create_index("ix_attempts_finished", "attempts", ["finished"])
    op.drop_index("ix_attempts_report", table_name="attempts")
