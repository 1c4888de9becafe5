"""Initial records schema: sessions, attendance, attempts, answers.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "training_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("date", sa.Date, nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("course", sa.String(200), nullable=False),
        sa.Column("module_id", sa.String(100)),
        sa.Column("place", sa.String(200), nullable=False, server_default=""),
        sa.Column("trainer", sa.String(200), nullable=False, server_default=""),
        sa.UniqueConstraint("date", "kind", "course", "place", name="uq_session_natural"),
    )
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("training_sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("member_id", sa.String(50), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.UniqueConstraint("session_id", "member_id", name="uq_attendance_member"),
    )
    op.create_index("ix_attendance_member", "attendance", ["member_id"])
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("member_id", sa.String(50), nullable=False),
        sa.Column("bank_id", sa.String(100), nullable=False),
        sa.Column("finished", sa.DateTime, nullable=False, index=True),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("answered", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.UniqueConstraint("fingerprint", name="uq_attempt_fingerprint"),
    )
    op.create_index("ix_attempt_member_bank", "attempts", ["member_id", "bank_id"])
    op.create_table(
        "attempt_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("attempt_id", sa.Integer, sa.ForeignKey("attempts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("response", sa.JSON),
        sa.Column("credit", sa.Float, nullable=False),
        sa.UniqueConstraint("attempt_id", "question_id", name="uq_answer_question"),
    )
    op.create_index("ix_attempt_answers_attempt_id", "attempt_answers", ["attempt_id"])


def downgrade() -> None:
    op.drop_table("attempt_answers")
    op.drop_table("attempts")
    op.drop_table("attendance")
    op.drop_table("training_sessions")
