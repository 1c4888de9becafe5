"""Database tables. Members are referred to by their roster id (编号): the roster
itself stays content, versioned with the project, not in the database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class TrainingSession(Base):
    """One held training or drill: its natural key makes re-imports idempotent."""

    __tablename__ = "training_sessions"
    __table_args__ = (UniqueConstraint("date", "kind", "course", "place", name="uq_session_natural"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(16))  # training | drill
    course: Mapped[str] = mapped_column(String(200))  # module id when known, else its title
    module_id: Mapped[str | None] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(200), default="")
    trainer: Mapped[str] = mapped_column(String(200), default="")

    attendance: Mapped[list[Attendance]] = relationship(back_populates="session")


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "member_id", name="uq_attendance_member"),
        Index("ix_attendance_member", "member_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"))
    member_id: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(16))  # present | late | excused | absent

    session: Mapped[TrainingSession] = relationship(back_populates="attendance")


class Attempt(Base):
    """One member's attempt at one bank, graded when imported."""

    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("fingerprint", name="uq_attempt_fingerprint"),
        Index("ix_attempt_member_bank", "member_id", "bank_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of member, bank, time, answers
    member_id: Mapped[str] = mapped_column(String(50))
    bank_id: Mapped[str] = mapped_column(String(100))
    finished: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), index=True)
    origin: Mapped[str] = mapped_column(String(16))  # tablet | sheet
    score: Mapped[float] = mapped_column(Float)  # percent, 0..100
    passed: Mapped[bool] = mapped_column()
    answered: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)

    answers: Mapped[list[AttemptAnswer]] = relationship(back_populates="attempt")


class AttemptAnswer(Base):
    __tablename__ = "attempt_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id", name="uq_answer_question"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(100))
    response: Mapped[object] = mapped_column(JSON)
    credit: Mapped[float] = mapped_column(Float)  # 0..1

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
