"""Sessions outside the content, hand corrections of attendance, and the import log.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("training_sessions") as batch:
        batch.add_column(sa.Column("outside_content", sa.Boolean, nullable=False, server_default=sa.false()))
    # Sessions stored before: a course that matched no module was kept without its module id.
    op.execute(
        sa.text("UPDATE training_sessions SET outside_content = :yes WHERE module_id IS NULL").bindparams(
            yes=True
        )
    )
    op.create_table(
        "attendance_corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "attendance_id", sa.Integer, sa.ForeignKey("attendance.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("previous", sa.String(16)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("os_user", sa.String(100), nullable=False),
    )
    op.create_index("ix_attendance_corrections_attendance_id", "attendance_corrections", ["attendance_id"])
    op.create_table(
        "import_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64)),
        sa.Column("added", sa.Integer, nullable=False, server_default="0"),
        sa.Column("changed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unchanged", sa.Integer, nullable=False, server_default="0"),
        sa.Column("os_user", sa.String(100), nullable=False),
        sa.Column("note", sa.String(500), nullable=False, server_default=""),
    )
    op.create_index("ix_import_log_at", "import_log", ["at"])


def downgrade() -> None:
    op.drop_table("import_log")
    op.drop_table("attendance_corrections")
    with op.batch_alter_table("training_sessions") as batch:
        batch.drop_column("outside_content")
