"""Quiz results read from a 2D scanner: one result per line, imported as it arrives.

A USB scanner in keyboard mode types what the quiz's QR code holds, the result file's
JSON on one line (see docs/quizzes.md), then Enter. Each line is checked and imported on
its own, in its own transaction and with its own import-log line, exactly as
``pingan answers import`` would import the same result file: scanning a code twice
stores it once. A line that is not a result is refused with the reason; the lines
before and after it are not affected.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

from sqlalchemy import select

from ..content import Project
from ..content.schema import Member
from ..diagnostics import ContentError, Diagnostic
from ..messages import records as rmsg
from .answers import import_submissions, read_result_document
from .database import RecordsDB
from .grading import compile_key
from .importlog import ImportSource
from .members import MemberDirectory
from .tables import Attempt

# A QR code holds at most 2953 bytes; a longer line is not a scanned result (a stuck key, a paste).
MAX_LINE_BYTES = 8 * 1024

Outcome = Literal["added", "duplicate", "refused"]


@dataclass(frozen=True)
class ScanResult:
    """What became of one scanned line."""

    number: int  # 1-based line of the input
    outcome: Outcome
    member: Member | None = None
    bank: str = ""
    score: float | None = None
    passed: bool | None = None
    problems: list[Diagnostic] = field(default_factory=list)  # why it was refused
    warnings: list[Diagnostic] = field(default_factory=list)


class TooLong(bytes):
    """A line cut short at ``MAX_LINE_BYTES`` (the rest was read and dropped)."""


def read_lines(stream: BinaryIO, limit: int = MAX_LINE_BYTES) -> Iterator[bytes]:
    """Lines of ``stream`` as they arrive (without the line ending); a longer line is a ``TooLong``."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # drop the rest of this line, however long
                rest = stream.readline(limit)
                if not rest or rest.endswith(b"\n"):
                    break
            yield TooLong(line[:limit])
            continue
        yield line.rstrip(b"\r\n")


class ResultScanner:
    """Imports scanned results one line at a time into ``db``."""

    def __init__(self, project: Project, db: RecordsDB, user: str | None = None):
        self.project, self.db, self.user = project, db, user
        self.directory = MemberDirectory(project.roster)
        self.members = {m.id: m for m in project.roster.members}
        self.banks = {b.id: b for b in project.banks}
        self.keys = {bank_id: compile_key(bank) for bank_id, bank in self.banks.items()}

    def scan(self, raw: bytes, number: int) -> ScanResult | None:
        """Import one line; None for an empty line (a scanner's extra Enter)."""
        where = rmsg.SCAN_WHERE.format(line=number)
        if isinstance(raw, TooLong):
            why = rmsg.SCAN_TOO_LONG.format(limit=MAX_LINE_BYTES)
            return self._refused(number, where, why, rmsg.SCAN_TOO_LONG_HINT)
        try:
            text = raw.decode("utf-8").strip().lstrip("\ufeff")
        except UnicodeDecodeError:
            return self._refused(number, where, rmsg.SCAN_NOT_UTF8, rmsg.SCAN_KEYBOARD_HINT)
        if not text:
            return None
        try:
            submissions, warnings = read_result_document(text, where, self.directory, self.banks, self.keys)
        except ContentError as exc:
            return ScanResult(number, "refused", problems=exc.diagnostics)
        (submission,) = submissions
        source = ImportSource(where, hashlib.sha256(raw).hexdigest())
        submission.file = source
        result = import_submissions(self.project, self.db, [submission], self.user, action="scan")
        with self.db.session() as session:
            stored = session.scalars(
                select(Attempt).where(
                    Attempt.fingerprint.in_([submission.fingerprint, submission.legacy_fingerprint])
                )
            ).first()
        return ScanResult(
            number,
            "added" if result.added else "duplicate",
            self.members.get(submission.member_id),
            submission.bank_id,
            stored.score if stored else None,
            stored.passed if stored else None,
            warnings=warnings,
        )

    @staticmethod
    def _refused(number: int, where: str, why: str, hint: str) -> ScanResult:
        return ScanResult(number, "refused", problems=[Diagnostic(where, 0, 0, "", why, hint)])
