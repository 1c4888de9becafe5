"""Import a GIFT, Aiken or Moodle XML file as a YAML bank; export a bank as GIFT or Aiken.

Import: read the file (``read_quiz_file``), give every question an id, fill in
the bank fields, then validate the result with the same ``QuizBank`` model and
checks as ``pingan check``, reporting any problem at the line of the question
in the imported file. Nothing is written unless everything is valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from ..content import NotAProject, load_project
from ..content.link import source_problem
from ..content.loader import SourceFile
from ..content.schema import QuizBank
from ..content.validate import translate_error
from ..diagnostics import ContentError, Diagnostic, Severity
from ..messages import quiz as qmsg
from ..textio import decode_text, dump_yaml
from .aiken import read_aiken, write_aiken
from .common import SLUG_RE, FormatProblems, ParsedBank, normalise_text
from .gift import gift_meta, read_gift, write_gift
from .moodlexml import read_moodle_xml

ImportFormat = Literal["gift", "aiken", "xml"]
ExportFormat = Literal["gift", "aiken"]
READERS: dict[str, Callable[[str, str], ParsedBank]] = {
    "gift": read_gift,
    "aiken": read_aiken,
    "xml": read_moodle_xml,
}
QUESTION_KEYS = ("id", "type", "stem", "options", "answer", "explanation", "tags", "source")


@dataclass
class Imported:
    rel: str  # the imported file, as shown in messages
    bank: dict[str, Any]  # YAML-ready, already valid
    lines: list[int]  # line of each question in the imported file
    warnings: list[Diagnostic] = field(default_factory=list)


def detect_format(path: Path, text: str) -> ImportFormat | None:
    suffix = path.suffix.lower()
    if suffix == ".xml" or text.lstrip("\ufeff \n").startswith("<"):
        return "xml"
    if suffix == ".gift":
        return "gift"
    if re.search(r"^\s*ANSWER\s*[:：]", text, re.M | re.I):
        return "aiken"
    if "{" in text:
        return "gift"
    return None


def slug_from_name(name: str) -> str:
    """A bank id from a file name: lower case, runs of other characters become hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug if SLUG_RE.match(slug) else ""


def read_quiz_file(
    path: Path,
    rel: str,
    fmt: ImportFormat | None = None,
    bank_id: str | None = None,
    title: str | None = None,
    mode: str | None = None,
) -> Imported:
    """Read and validate one file; raise FormatProblems listing every problem (with its line)."""
    text, encoding_problems = _read_text(path, rel)
    fmt = fmt or detect_format(path, text)
    if fmt is None:
        raise FormatProblems(
            [Diagnostic(rel, 0, 0, "", qmsg.UNKNOWN_FORMAT.format(name=path.name), qmsg.UNKNOWN_FORMAT_HINT)]
        )
    parsed = READERS[fmt](text, rel)
    parsed.problems[:0] = encoding_problems
    meta = gift_meta(parsed) if fmt == "gift" else dict(parsed.meta)
    bank_id = bank_id or meta.get("id") or slug_from_name(path.stem)
    problems = list(parsed.problems)
    if not bank_id:
        problems.append(_file_error(rel, qmsg.NO_BANK_ID.format(name=path.name), qmsg.NO_BANK_ID_HINT))
    elif not SLUG_RE.match(bank_id):
        problems.append(_file_error(rel, qmsg.BAD_BANK_ID.format(id=bank_id), qmsg.BAD_BANK_ID_HINT))
    if not parsed.questions and not parsed.errors:
        problems.append(_file_error(rel, qmsg.EMPTY_FILE, qmsg.EMPTY_FILE_HINT))
    if any(p.severity is Severity.ERROR for p in problems):
        raise FormatProblems(problems)

    data: dict[str, Any] = {
        "id": bank_id,
        "title": title or meta.get("title") or path.stem,
        "mode": mode or meta.get("mode") or "practice",
    }
    if meta.get("pass_mark") is not None:
        data["pass_mark"] = meta["pass_mark"]
    if meta.get("description"):
        data["description"] = meta["description"]
    data["questions"] = [_clean(q) for q in _with_ids(parsed)]
    _validate(data, parsed, rel)
    return Imported(rel, data, [q.line for q in parsed.questions], parsed.warnings)


def _read_text(path: Path, rel: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8, or GB18030 (what Chinese Windows Notepad long saved) with a warning."""
    decoded = decode_text(path.read_bytes())
    if decoded is None:
        raise FormatProblems([_file_error(rel, qmsg.NOT_TEXT, qmsg.NOT_TEXT_HINT)])
    text, encoding = decoded
    if encoding == "gb18030":
        warning = Diagnostic(rel, 0, 0, "", qmsg.READ_AS_GB18030, qmsg.READ_AS_GB18030_HINT, Severity.WARNING)
        return normalise_text(text), [warning]
    return normalise_text(text), []


def drop_unknown_sources(imported: Imported, root: Path) -> None:
    """Leave out ``source`` references that do not resolve in the project at ``root``.

    When the project itself does not load, references are kept as they are;
    ``pingan check`` will point at them together with the project's other problems.
    """
    try:
        project = load_project(root)
    except (ContentError, NotAProject):
        return
    for n, question in enumerate(imported.bank["questions"]):
        ref = question.get("source")
        if ref and source_problem(project, ref):
            del question["source"]
            message = qmsg.SOURCE_DROPPED.format(source=ref)
            field = f"questions[{n}].source"
            imported.warnings.append(
                Diagnostic(
                    imported.rel,
                    imported.lines[n],
                    1,
                    field,
                    message,
                    qmsg.SOURCE_DROPPED_HINT,
                    Severity.WARNING,
                )
            )


def _with_ids(parsed: ParsedBank) -> list[dict[str, Any]]:
    """Keep a question's name as its id when it is a valid, unique slug; number the others q-01, q-02…"""
    names = [q.name for q in parsed.questions]
    used = {name for name in names if SLUG_RE.match(name) and names.count(name) == 1}
    width = max(2, len(str(len(names))))
    out = []
    for n, question in enumerate(parsed.questions, start=1):
        qid = question.name
        if qid not in used or any(q["id"] == qid for q in out):
            qid, extra = f"q-{n:0{width}d}", 1
            while qid in used:
                extra += 1
                qid = f"q-{n:0{width}d}-{extra}"
        used.add(qid)
        out.append({"id": qid, **question.data})
    return out


def _clean(question: dict[str, Any]) -> dict[str, Any]:
    """Fields in the documented order, empty ones left out."""
    return {k: question[k] for k in QUESTION_KEYS if question.get(k) not in (None, "", [], {})}


def _validate(data: dict[str, Any], parsed: ParsedBank, rel: str) -> None:
    """Run the bank schema; report problems at the imported file's line for that question."""
    source = SourceFile(path=Path(rel), rel=rel, data=data)
    source.mark((), (1, 1))
    for n, question in enumerate(parsed.questions):
        source.mark(("questions", n), (question.line, 1))
    try:
        bank = QuizBank.model_validate(data)
    except ValidationError as exc:
        raise FormatProblems(
            [translate_error(e, source, QuizBank) for e in exc.errors(include_url=False)]
        ) from None
    issues = [source.diagnostic(kp, m, h) for kp, m, h in bank.check()]
    if issues:
        raise FormatProblems(issues)


def _file_error(rel: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(rel, 0, 0, "", message, hint)


# --- YAML output ------------------------------------------------------------------------------------


def bank_yaml(data: dict[str, Any], source_name: str) -> str:
    header = f"# {qmsg.IMPORTED_FROM.format(source=source_name)}\n"
    body = dump_yaml(data)
    return header + body


# --- export ----------------------------------------------------------------------------------------------


def export_bank(
    bank: QuizBank, fmt: ExportFormat, skip_unsupported: bool = False
) -> tuple[str, list[Diagnostic]]:
    """The bank as GIFT or Aiken text, plus warnings for anything the format cannot hold."""
    if fmt == "gift":
        return write_gift(bank), []
    return write_aiken(bank, skip_unsupported)
