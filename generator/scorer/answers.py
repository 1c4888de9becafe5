"""Import quiz answers: result files from tablets (JSON) and answer sheets
(xlsx/CSV, one row per member and question), graded against the bank.

Each attempt gets a fingerprint (member, bank, finish time, answers); an
attempt already in the database is skipped, so importing twice adds nothing.
All files are checked before anything is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..content import Project
from ..content.schema import QuizBank
from ..diagnostics import ContentError, Diagnostic, Severity
from ..messages import scorer as smsg
from ..quizformats import bank_digest
from .database import RecordsDB
from .grading import compile_key, grade_rows, summarise
from .members import MemberDirectory
from .readers import CellError, Table, parse_date, read_table
from .tables import Attempt, AttemptAnswer

RESULT_FORMAT = "pingan-quiz-result/1"


@dataclass
class Submission:
    """One member's answers to one bank, before grading."""

    source: str  # file (and row) it came from, for messages
    member_id: str
    bank_id: str
    finished: dt.datetime
    origin: str  # tablet | sheet
    answers: dict[str, Any]
    bank_digest: str = ""

    @property
    def fingerprint(self) -> str:
        payload = json.dumps(
            [self.member_id, self.bank_id, self.finished.isoformat(), sorted(self.answers.items(), key=str)],
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
    project: Project, paths: list[tuple[Path, str]]
) -> tuple[list[Submission], list[Diagnostic]]:
    """Parse every file; raise ContentError listing every problem in every file."""
    directory = MemberDirectory(project.roster)
    banks = {b.id: b for b in project.banks}
    submissions: list[Submission] = []
    problems: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for path, rel in paths:
        try:
            if path.suffix.lower() == ".json":
                found, file_warnings = _read_result_file(path, rel, directory, banks)
                warnings.extend(file_warnings)
            else:
                found = _read_answer_sheet(project, path, rel, directory, banks)
        except ContentError as exc:
            problems.extend(exc.diagnostics)
            continue
        submissions.extend(found)
    if problems:
        raise ContentError(problems)
    return submissions, warnings


def _read_result_file(
    path: Path, rel: str, directory: MemberDirectory, banks: dict[str, QuizBank]
) -> tuple[list[Submission], list[Diagnostic]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _bad_result(rel, str(exc)) from None
    return read_result_document(data, rel, directory, banks)


def _bad_result(rel: str, why: str, field_name: str = "") -> ContentError:
    return ContentError(
        [Diagnostic(rel, 1, 1, field_name, smsg.BAD_RESULT_FILE.format(why=why), smsg.BAD_RESULT_FILE_HINT)]
    )


# --- one result document: the content of a result file, or a body posted to `pingan serve` ---------


def read_result_document(
    data: Any, rel: str, directory: MemberDirectory, banks: dict[str, QuizBank]
) -> tuple[list[Submission], list[Diagnostic]]:
    """Check one parsed ``pingan-quiz-result/1`` document; ContentError naming ``rel`` when it is wrong."""

    def fail(why: str, field_name: str = "") -> ContentError:
        return _bad_result(rel, why, field_name)

    if not isinstance(data, dict) or data.get("format") != RESULT_FORMAT:
        raise fail(f"format ≠ {RESULT_FORMAT}", "format")
    for name in ("member", "bank", "finished", "answers"):
        if name not in data:
            raise fail(smsg.RESULT_MISSING_FIELD.format(name=name), name)
    try:
        member = directory.resolve(str(data["member"]).strip(), "")
    except CellError as exc:
        raise ContentError([Diagnostic(rel, 1, 1, "member", exc.message, exc.hint)]) from None
    bank = banks.get(str(data["bank"]))
    if bank is None:
        raise ContentError(
            [
                Diagnostic(
                    rel,
                    1,
                    1,
                    "bank",
                    smsg.UNKNOWN_BANK.format(value=data["bank"]),
                    smsg.UNKNOWN_BANK_HINT.format(known="、".join(banks)),
                )
            ]
        )
    answers = data["answers"]
    if not isinstance(answers, dict):
        raise fail(smsg.RESULT_ANSWERS_NOT_OBJECT, "answers")
    unknown = [qid for qid in answers if qid not in {q.id for q in bank.questions}]
    if unknown:
        raise ContentError(
            [
                Diagnostic(
                    rel,
                    1,
                    1,
                    "answers",
                    smsg.UNKNOWN_QUESTION.format(bank=bank.id, value="、".join(unknown)),
                    smsg.UNKNOWN_QUESTION_HINT,
                )
            ]
        )
    try:
        finished = dt.datetime.fromisoformat(str(data["finished"]))
    except ValueError:
        raise fail(smsg.RESULT_BAD_FINISHED, "finished") from None
    submission = Submission(
        rel, member.id, bank.id, _naive_local(finished), "tablet", answers, str(data.get("bank_digest", ""))
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


def _read_answer_sheet(
    project: Project, path: Path, rel: str, directory: MemberDirectory, banks: dict[str, QuizBank]
) -> list[Submission]:
    table: Table = read_table(
        path, rel, ["bank", "question", "answer"], project.config.records.header_aliases
    )
    problems: list[Diagnostic] = []
    grouped: dict[tuple[str, str, dt.date], dict[str, Any]] = defaultdict(dict)
    first_row: dict[tuple[str, str, dt.date], int] = {}
    for row in table.rows:
        try:
            member = directory.resolve(row.text("id"), row.text("name"))
        except CellError as exc:
            problems.append(table.diagnostic(row, "id" if row.text("id") else "name", exc.message, exc.hint))
            continue
        bank = banks.get(row.text("bank"))
        if bank is None:
            problems.append(
                table.diagnostic(
                    row,
                    "bank",
                    smsg.UNKNOWN_BANK.format(value=row.text("bank")),
                    smsg.UNKNOWN_BANK_HINT.format(known="、".join(banks)),
                )
            )
            continue
        question = row.text("question")
        if question not in {q.id for q in bank.questions}:
            problems.append(
                table.diagnostic(
                    row,
                    "question",
                    smsg.UNKNOWN_QUESTION.format(bank=bank.id, value=question),
                    smsg.UNKNOWN_QUESTION_HINT,
                )
            )
            continue
        try:
            day = parse_date(row.values["date"]) if row.text("date") else dt.date.today()
        except CellError as exc:
            problems.append(table.diagnostic(row, "date", exc.message, exc.hint))
            continue
        key = (member.id, bank.id, day)
        grouped[key][question] = row.text("answer")
        first_row.setdefault(key, row.number)
    if problems:
        raise ContentError(problems)
    return [
        Submission(
            f"{rel}:{first_row[key]}",
            member_id,
            bank_id,
            dt.datetime.combine(day, dt.time(12)),
            "sheet",
            answers,
        )
        for key, answers in grouped.items()
        for member_id, bank_id, day in [key]
    ]


def import_submissions(project: Project, db: RecordsDB, submissions: list[Submission]) -> AnswersImportResult:
    """Grade and store in one transaction; attempts already stored are skipped."""
    banks = {b.id: b for b in project.banks}
    keys = {bank_id: compile_key(bank) for bank_id, bank in banks.items()}
    partial = project.config.records.partial_credit
    with db.transaction() as session:
        fingerprints = [s.fingerprint for s in submissions]
        known = set(session.scalars(select(Attempt.fingerprint).where(Attempt.fingerprint.in_(fingerprints))))
        fresh = []
        for submission in submissions:  # skip attempts already stored, or repeated in this import
            if submission.fingerprint not in known:
                known.add(submission.fingerprint)
                fresh.append(submission)
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
