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
    # The sheet named a course that is no module of the content (real sheets name courses in
    # their own words): counted by its kind, and shown as such in lists and reports.
    outside_content: Mapped[bool] = mapped_column(default=False)

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
    corrections: Mapped[list[AttendanceCorrection]] = relationship(
        back_populates="attendance", order_by="AttendanceCorrection.id", passive_deletes=True
    )


class AttendanceCorrection(Base):
    """A status changed by hand (``pingan attendance set``): the value before, the reason, who and when.

    A corrected status is not overwritten by a later import of the original sheet."""

    __tablename__ = "attendance_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attendance_id: Mapped[int] = mapped_column(ForeignKey("attendance.id", ondelete="CASCADE"), index=True)
    previous: Mapped[str | None] = mapped_column(String(16))  # None: the member had no status there
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(500))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False))  # local wall-clock time
    os_user: Mapped[str] = mapped_column(String(100))

    attendance: Mapped[Attendance] = relationship(back_populates="corrections")


class Attempt(Base):
    """One member's attempt at one bank, graded when imported."""

    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("fingerprint", name="uq_attempt_fingerprint"),
        Index("ix_attempt_member_bank", "member_id", "bank_id"),
        # What a report reads, in its order: answered from the index alone (migration 0003).
        Index("ix_attempts_report", "finished", "id", "member_id", "bank_id", "score", "passed"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of member, bank, time, answers
    member_id: Mapped[str] = mapped_column(String(50))
    bank_id: Mapped[str] = mapped_column(String(100))
    finished: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False))
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
    response: Mapped[object | None] = mapped_column(JSON)  # nullable, as migration 0001 made it
    credit: Mapped[float] = mapped_column(Float)  # 0..1

    attempt: Mapped[Attempt] = relationship(back_populates="answers")


class ImportLog(Base):
    """Every change to the records: each import (file name and SHA-256), correction, removal, reset."""

    __tablename__ = "import_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), index=True)  # local wall-clock time
    action: Mapped[str] = mapped_column(String(16))  # see importlog.ACTIONS
    source: Mapped[str] = mapped_column(String(500))  # the file as the user named it, or what was done
    sha256: Mapped[str | None] = mapped_column(String(64))  # of the file's bytes; None when no file
    added: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    os_user: Mapped[str] = mapped_column(String(100))  # the operating-system user who ran pingan
    note: Mapped[str] = mapped_column(String(500), default="")
