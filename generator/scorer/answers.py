"""Import quiz answers: result files from tablets (JSON) and answer sheets
(xlsx/CSV, one row per member and question), graded against the bank.

An attempt is identified by its content: member, bank, answers (canonical, see
``responses``) and its moment: for a result file the instant it finished, in
UTC, so a file re-written in another time zone is the same attempt; for an
answer sheet the date in its 日期 column, or none at all, never the day it was
imported. An attempt already in the database is skipped, so importing the same
files again, anywhere, on any day, adds nothing. Every file is checked (answers
of the right type for their question, each question once, sizes within limits)
before anything is written; one problem anywhere rejects the whole import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content import Project
from ..content.schema import QuizBank
from ..diagnostics import ContentError, Diagnostic, Severity
from ..messages import records as rmsg
from ..messages import scorer as smsg
from ..quizformats import bank_digest
from . import importlog
from .database import RecordsDB
from .grading import Key, compile_key, grade_rows, summarise
from .importlog import ImportSource
from .members import MemberDirectory
from .readers import CellError, Row, Table, check_import_size, parse_date, read_table, shown
from .responses import Answer, canonical_answer
from .tables import Attempt, AttemptAnswer

RESULT_FORMAT = "pingan-quiz-result/1"
NOON = dt.time(12)  # an answer sheet has a date but no time


@dataclass
class Submission:
    """One member's checked answers to one bank, before grading."""

    source: str  # file (and row) it came from, for messages
    member_id: str
    bank_id: str
    finished: (
        dt.datetime
    )  # stored: wall-clock time as written; a sheet: its date (else the import day) at noon
    origin: str  # tablet | sheet
    answers: dict[str, Answer]  # canonical; unanswered questions left out
    moment: str | None  # UTC instant of a result file, date of a sheet, None for a sheet without one
    given: dict[str, Any] = field(default_factory=dict)  # the answers as written (legacy_fingerprint)
    bank_digest: str = ""
    file: ImportSource | None = None  # the file it came from, for the import log

    @cached_property  # the answers never change once read
    def fingerprint(self) -> str:
        """The attempt's identity: member, bank, moment and answers; never the import day or time zone."""
        payload = json.dumps(
            {
                "v": 2,
                "member": self.member_id,
                "bank": self.bank_id,
                "moment": self.moment,
                "answers": self.answers,
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    @property
    def undated_sheet(self) -> bool:
        return self.origin == "sheet" and self.moment is None

    @cached_property
    def legacy_fingerprint(self) -> str:
        """The fingerprint pingan 0.1 stored (wall-clock time, answers as written), so a file that
        an older pingan imported is still recognised when imported again."""
        payload = json.dumps(
            [self.member_id, self.bank_id, self.finished.isoformat(), sorted(self.given.items(), key=str)],
            ensure_ascii=False,
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class AnswersImportResult:
    attempts: int
    added: int
    skipped: int
    warnings: list[Diagnostic] = field(default_factory=list)


def read_submissions(
    project: Project, paths: list[tuple[Path, str]], default_day: dt.date | None = None
) -> tuple[list[Submission], list[Diagnostic]]:
    """Parse every file; raise ContentError listing every problem in every file.

    ``default_day`` (today when not given) is stored as the date of sheet rows without one;
    it is not part of their identity.
    """
    directory = MemberDirectory(project.roster)
    banks = {b.id: b for b in project.banks}
    keys = {bank_id: compile_key(bank) for bank_id, bank in banks.items()}
    submissions: list[Submission] = []
    problems: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for path, rel in paths:
        try:
            check_import_size(path, rel)
            if path.suffix.lower() == ".json":
                found, file_warnings = _read_result_file(path, rel, directory, banks, keys)
                warnings.extend(file_warnings)
            else:
                sheet = _AnswerSheet(project, directory, banks, keys, default_day or dt.date.today())
                found = sheet.read(path, rel)
        except ContentError as exc:
            problems.extend(exc.diagnostics)
            continue
        source = ImportSource.of_file(path, rel)
        submissions.extend(replace(s, file=source) for s in found)
    if problems:
        raise ContentError(problems)
    return submissions, warnings


# --- result files -------------------------------------------------------------------------------


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json object hook: a key written twice is an error, not "the last one wins"."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _result_problem(rel: str, why: str, field_name: str = "") -> ContentError:
    return ContentError(
        [Diagnostic(rel, 1, 1, field_name, smsg.BAD_RESULT_FILE.format(why=why), smsg.BAD_RESULT_FILE_HINT)]
    )


def _load_result_json(raw: str, rel: str) -> dict[str, Any]:
    try:
        data = json.loads(raw, object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        raise _result_problem(rel, smsg.DUPLICATE_JSON_KEY.format(key=exc.key), exc.key) from None
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise _result_problem(rel, str(exc) or type(exc).__name__) from None
    if not isinstance(data, dict) or data.get("format") != RESULT_FORMAT:
        raise _result_problem(rel, f"format ≠ {RESULT_FORMAT}", "format")
    for name in ("member", "bank", "finished", "answers"):
        if name not in data:
            raise _result_problem(rel, smsg.RESULT_MISSING_FIELD.format(name=name), name)
    for name in ("member", "bank", "finished"):
        if not isinstance(data[name], str):
            raise _result_problem(rel, smsg.RESULT_NOT_TEXT.format(name=name, value=shown(data[name])), name)
    if not isinstance(data["answers"], dict):
        raise _result_problem(rel, smsg.RESULT_ANSWERS_NOT_OBJECT, "answers")
    return data


def _read_result_file(
    path: Path,
    rel: str,
    directory: MemberDirectory,
    banks: dict[str, QuizBank],
    keys: dict[str, dict[str, Key]],
) -> tuple[list[Submission], list[Diagnostic]]:
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _result_problem(rel, str(exc)) from None
    return read_result_document(raw, rel, directory, banks, keys)


# --- one result document: a file's text, or a body posted to `pingan serve` -------------------


def read_result_document(
    raw: str,
    rel: str,
    directory: MemberDirectory,
    banks: dict[str, QuizBank],
    keys: dict[str, dict[str, Key]],
) -> tuple[list[Submission], list[Diagnostic]]:
    """Check one ``pingan-quiz-result/1`` document (JSON text); ContentError naming ``rel`` when wrong."""
    data = _load_result_json(raw, rel)
    try:
        member = directory.resolve(str(data["member"]).strip(), "")
    except CellError as exc:
        raise ContentError([Diagnostic(rel, 1, 1, "member", exc.message, exc.hint)]) from None
    bank = banks.get(str(data["bank"]))
    if bank is None:
        known = smsg.UNKNOWN_BANK_HINT.format(known="、".join(banks))
        raise ContentError(
            [Diagnostic(rel, 1, 1, "bank", smsg.UNKNOWN_BANK.format(value=shown(data["bank"])), known)]
        )
    try:
        finished = dt.datetime.fromisoformat(str(data["finished"]))
    except ValueError:
        raise _result_problem(rel, smsg.RESULT_BAD_FINISHED, "finished") from None
    answers: dict[str, Answer] = {}
    problems = []
    for qid, value in data["answers"].items():
        where = f"answers.{qid}"
        if qid not in keys[bank.id]:
            message = smsg.UNKNOWN_QUESTION.format(bank=bank.id, value=shown(qid))
            problems.append(Diagnostic(rel, 1, 1, where, message, smsg.UNKNOWN_QUESTION_HINT))
            continue
        try:
            answer = canonical_answer(keys[bank.id][qid], value, typed=True)
        except CellError as exc:
            problems.append(Diagnostic(rel, 1, 1, where, exc.message, exc.hint))
            continue
        if answer is not None:
            answers[qid] = answer
    if problems:
        raise ContentError(problems)
    # The instant, not the wall clock, is the identity: the same file re-written in UTC is the same attempt.
    moment = finished.astimezone(dt.UTC).isoformat() if finished.tzinfo else finished.isoformat()
    submission = Submission(
        rel,
        member.id,
        bank.id,
        _naive_local(finished),
        "tablet",
        answers,
        moment,
        dict(data["answers"]),
        str(data.get("bank_digest", "")),
    )
    warnings = []
    if submission.bank_digest and submission.bank_digest != bank_digest(bank):
        warnings.append(
            Diagnostic(
                rel, 1, 1, "bank_digest", smsg.BANK_CHANGED.format(bank=bank.id), severity=Severity.WARNING
            )
        )
    return [submission], warnings


def _naive_local(moment: dt.datetime) -> dt.datetime:
    """Store local wall-clock time (what a trainer reads), without the offset."""
    return moment.replace(tzinfo=None)


# --- answer sheets ------------------------------------------------------------------------------


@dataclass
class _SheetAttempt:
    """The rows of one member's attempt at one bank on one date (or without a date) in a sheet."""

    first_row: int
    answers: dict[str, Answer] = field(default_factory=dict)
    given: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # question → the row that answered it


@dataclass
class _AnswerSheet:
    project: Project
    directory: MemberDirectory
    banks: dict[str, QuizBank]
    keys: dict[str, dict[str, Key]]
    default_day: dt.date

    def read(self, path: Path, rel: str) -> list[Submission]:
        aliases = self.project.config.records.header_aliases
        table: Table = read_table(path, rel, ["bank", "question", "answer"], aliases)
        problems: list[Diagnostic] = []
        attempts: dict[tuple[str, str, dt.date | None], _SheetAttempt] = {}
        for row in table.rows:
            cells = self._row(table, row, problems)
            if cells is None:
                continue
            member_id, bank_id, day, question, answer = cells
            attempt = attempts.setdefault((member_id, bank_id, day), _SheetAttempt(row.number))
            if question in attempt.rows:
                message = smsg.DUPLICATE_ANSWER.format(question=question, other=attempt.rows[question])
                problems.append(table.diagnostic(row, "question", message, smsg.DUPLICATE_ANSWER_HINT))
                continue
            attempt.rows[question] = row.number
            attempt.given[question] = row.text("answer")
            if answer is not None:
                attempt.answers[question] = answer
        if problems:
            raise ContentError(problems)
        return [
            Submission(
                f"{rel}:{attempt.first_row}",
                member_id,
                bank_id,
                dt.datetime.combine(day or self.default_day, NOON),
                "sheet",
                attempt.answers,
                day.isoformat() if day else None,
                attempt.given,
            )
            for (member_id, bank_id, day), attempt in attempts.items()
        ]

    def _row(
        self, table: Table, row: Row, problems: list[Diagnostic]
    ) -> tuple[str, str, dt.date | None, str, Answer] | None:
        """One row's member, bank, date, question and canonical answer; None (and problems) when wrong."""

        def fail(name: str, message: str, hint: str) -> None:
            problems.append(table.diagnostic(row, name, message, hint))

        try:
            member = self.directory.resolve(row.text("id"), row.text("name"))
        except CellError as exc:
            return fail("id" if row.text("id") else "name", exc.message, exc.hint)
        bank = self.banks.get(row.text("bank"))
        if bank is None:
            known = smsg.UNKNOWN_BANK_HINT.format(known="、".join(self.banks))
            return fail("bank", smsg.UNKNOWN_BANK.format(value=shown(row.text("bank"))), known)
        question = row.text("question")
        key = self.keys[bank.id].get(question)
        if key is None:
            message = smsg.UNKNOWN_QUESTION.format(bank=bank.id, value=shown(question))
            return fail("question", message, smsg.UNKNOWN_QUESTION_HINT)
        try:
            day = parse_date(row.values["date"]) if row.text("date") else None
        except CellError as exc:
            return fail("date", exc.message, exc.hint)
        try:
            answer = canonical_answer(key, row.values.get("answer"), typed=False)
        except CellError as exc:
            return fail("answer", exc.message, exc.hint)
        return member.id, bank.id, day, question, answer


# --- storing ------------------------------------------------------------------------------------


def import_submissions(
    project: Project,
    db: RecordsDB,
    submissions: list[Submission],
    user: str | None = None,
    action: str = "answers",
) -> AnswersImportResult:
    """Grade and store in one transaction; attempts already stored are skipped.

    The import log gets a line per file (``Submission.file``) in the same transaction;
    ``action`` is "scan" for results read from a scanner.
    """
    banks = {b.id: b for b in project.banks}
    keys = {bank_id: compile_key(bank) for bank_id, bank in banks.items()}
    partial = project.config.records.partial_credit
    with db.transaction() as session:
        fresh = _not_stored(session, submissions, keys)
        _log_files(session, submissions, fresh, action, user)
        # Grade every answer of the import in one batch (see grading.grade_rows).
        credits = iter(
            grade_rows(keys, [(s.bank_id, q, r) for s in fresh for q, r in s.answers.items()], partial)
        )
        for submission in fresh:
            bank = banks[submission.bank_id]
            graded = summarise(
                keys[bank.id], submission.answers, {q: next(credits) for q in submission.answers}
            )
            attempt = Attempt(
                fingerprint=submission.fingerprint,
                member_id=submission.member_id,
                bank_id=bank.id,
                finished=submission.finished,
                origin=submission.origin,
                score=graded.score,
                passed=graded.passed(bank.effective_pass_mark(project.config)),
                answered=graded.answered,
                total=graded.total,
            )
            attempt.answers = [
                AttemptAnswer(
                    question_id=qid, response=submission.answers.get(qid), credit=graded.credits.get(qid, 0.0)
                )
                for qid in keys[bank.id]
            ]
            session.add(attempt)
    return AnswersImportResult(len(submissions), len(fresh), len(submissions) - len(fresh))


def _log_files(
    session: Session, submissions: list[Submission], fresh: list[Submission], action: str, user: str | None
) -> None:
    """One import-log line per file: how many of its attempts were new."""
    added = Counter(s.file for s in fresh)
    for source, total in Counter(s.file for s in submissions).items():
        named = source or ImportSource(rmsg.UNNAMED_SOURCE)
        importlog.record(
            session,
            action,
            named.name,
            sha256=named.sha256,
            added=added[source],
            unchanged=total - added[source],
            user=user,
        )


def _not_stored(
    session: Session, submissions: list[Submission], keys: dict[str, dict[str, Key]]
) -> list[Submission]:
    """The submissions not in the database yet, nor earlier in this import."""
    wanted = [fp for s in submissions for fp in (s.fingerprint, s.legacy_fingerprint)]
    known: set[str] = set()
    for start in range(0, len(wanted), 5000):  # stay under the drivers' limits on bound parameters
        chunk = wanted[start : start + 5000]
        known.update(session.scalars(select(Attempt.fingerprint).where(Attempt.fingerprint.in_(chunk))))
    undated = [s for s in submissions if s.undated_sheet]
    stored_sheets = _stored_sheet_answers(session, undated, keys) if undated else {}
    fresh = []
    for submission in submissions:
        if submission.fingerprint in known or submission.legacy_fingerprint in known:
            continue
        pair = (submission.member_id, submission.bank_id)
        if submission.undated_sheet and submission.answers in stored_sheets.get(pair, []):
            continue
        known.add(submission.fingerprint)
        fresh.append(submission)
    return fresh


def _stored_sheet_answers(
    session: Session, undated: list[Submission], keys: dict[str, dict[str, Key]]
) -> dict[tuple[str, str], list[dict[str, Answer]]]:
    """Canonical answers of the stored sheet attempts of these members and banks.

    A sheet without a date cannot tell two attempts with the same answers apart, so it
    is the same attempt as any stored sheet attempt with those answers (including ones
    an older pingan stored under the day it was imported).
    """
    members = sorted({s.member_id for s in undated})
    banks = sorted({s.bank_id for s in undated})
    rows = session.execute(
        select(
            Attempt.id, Attempt.member_id, Attempt.bank_id, AttemptAnswer.question_id, AttemptAnswer.response
        )
        .join(AttemptAnswer, AttemptAnswer.attempt_id == Attempt.id)
        .where(Attempt.origin == "sheet", Attempt.member_id.in_(members), Attempt.bank_id.in_(banks))
    )
    by_attempt: dict[int, tuple[tuple[str, str], dict[str, Answer]]] = {}
    for attempt_id, member_id, bank_id, question_id, response in rows:
        pair, answers = by_attempt.setdefault(attempt_id, ((member_id, bank_id), {}))
        key = keys.get(bank_id, {}).get(question_id)
        try:
            answer = canonical_answer(key, response, typed=False) if key else response
        except CellError:  # stored by an older pingan that did not check answers
            answer = response
        if answer is not None:
            answers[question_id] = answer
    found: dict[tuple[str, str], list[dict[str, Answer]]] = {}
    for pair, answers in by_attempt.values():
        found.setdefault(pair, []).append(answers)
    return found
