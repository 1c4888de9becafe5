"""Group commit of quiz results: results that arrive while one transaction commits are stored
together in the next one, by one call of ``answers.import_submissions``.

A commit waits for the disk (fsync); with 60 tablets handing in at once, one commit for
all of them instead of 60 in a row is what keeps the last tablet's answer under a second.
Each caller still gets its own answer only after the transaction holding its result has
committed. The first waiting caller does the commits (no thread of its own to manage).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from sqlalchemy import select

from ..content import Project
from ..scorer.answers import Submission, import_submissions
from ..scorer.database import RecordsDB
from ..scorer.tables import Attempt

BATCH = 200  # results in one transaction at most


@dataclass
class Stored:
    status: str  # saved | duplicate
    score: float
    passed: bool


@dataclass
class _Waiting:
    submission: Submission
    done: threading.Event = field(default_factory=threading.Event)
    stored: Stored | None = None
    error: BaseException | None = None


class ResultCommits:
    def __init__(self, project: Project, db: RecordsDB, write_lock: threading.Lock):
        self.project, self.db, self.write_lock = project, db, write_lock
        self._lock = threading.Lock()
        self._pending: list[_Waiting] = []
        self._committing = False

    def store(self, submission: Submission) -> Stored:
        """Store one checked result; return once it is committed (or raise what the commit raised)."""
        waiting = _Waiting(submission)
        with self._lock:
            self._pending.append(waiting)
            leader = not self._committing
            self._committing = True
        if leader:
            self._commit_while_pending()
        waiting.done.wait()
        if waiting.error is not None:
            raise waiting.error
        assert waiting.stored is not None
        return waiting.stored

    def _commit_while_pending(self) -> None:
        while True:
            with self._lock:
                batch, self._pending = self._pending[:BATCH], self._pending[BATCH:]
                if not batch:
                    self._committing = False
                    return
            try:
                with self.write_lock:
                    outcomes = self._commit([w.submission for w in batch])
                for waiting, stored in zip(batch, outcomes, strict=True):
                    waiting.stored = stored
            except BaseException as exc:  # every caller of this batch answers with the failure
                for waiting in batch:
                    waiting.error = exc
            finally:
                for waiting in batch:
                    waiting.done.set()

    def _commit(self, submissions: list[Submission]) -> list[Stored]:
        """One transaction for the batch; each result "saved" or "duplicate", in order."""
        identities = [fp for s in submissions for fp in (s.fingerprint, s.legacy_fingerprint)]
        with self.db.session() as session:  # what the import will skip (the write lock is held)
            stored = select(Attempt.fingerprint).where(Attempt.fingerprint.in_(identities))
            before = set(session.scalars(stored))
        import_submissions(self.project, self.db, submissions)
        with self.db.session() as session:
            graded = {
                fingerprint: (score, passed)
                for fingerprint, score, passed in session.execute(
                    select(Attempt.fingerprint, Attempt.score, Attempt.passed).where(
                        Attempt.fingerprint.in_(identities)
                    )
                )
            }
        outcomes, seen = [], set()
        for s in submissions:
            new = s.fingerprint not in seen and not {s.fingerprint, s.legacy_fingerprint} & before
            seen.add(s.fingerprint)
            score, passed = graded.get(s.fingerprint) or graded[s.legacy_fingerprint]
            outcomes.append(Stored("saved" if new else "duplicate", score, passed))
        return outcomes
