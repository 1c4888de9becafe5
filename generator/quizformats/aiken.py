"""Aiken (Moodle's plain-text format): read into a ParsedBank, write from a QuizBank.

Aiken holds single-choice questions only::

    题干（可以有多行）
    A. 选项
    B) 选项
    ANSWER: B

pingan's conventions: a true/false question is written as two options,
``A. 正确`` and ``B. 错误``, and such a question is read back as true/false.
Aiken has no place for explanations, tags, sources or several right answers:
exporting drops the first three with a warning, and a multiple-choice question
is an error unless ``skip_unsupported`` is set (then it is left out, with a warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content.schema import QuizBank
from ..diagnostics import Diagnostic, Severity
from ..messages import quiz as qmsg
from .common import LETTERS, FormatProblems, ParsedBank, normalise_text

TRUE_TEXT, FALSE_TEXT = "正确", "错误"
_OPTION_RE = re.compile(r"^([A-Z])\s*[.)．）]\s*(.*)$")
_ANSWER_RE = re.compile(r"^ANSWER\s*[:：]\s*(.*)$", re.I)


@dataclass
class _Pending:
    line: int
    stem: list[str] = field(default_factory=list)
    options: list[tuple[int, str, str]] = field(default_factory=list)  # (line, letter, text)


def read_aiken(raw: str, rel: str) -> ParsedBank:
    bank = ParsedBank(rel)
    pending: _Pending | None = None
    broken = False  # after an error, skip to the next ANSWER line
    gap = False  # a blank line since the last option
    for number, line in enumerate(normalise_text(raw).split("\n"), start=1):
        text = line.strip()
        if not text:
            gap = True
            continue
        answer = _ANSWER_RE.match(text)
        if answer:
            if pending is None and not broken:
                bank.error(
                    number, qmsg.AIKEN_ANSWER_WITHOUT_QUESTION, qmsg.AIKEN_ANSWER_WITHOUT_QUESTION_HINT
                )
            elif pending is not None and not broken:
                _finish(bank, pending, number, answer[1].strip())
            pending, broken = None, False
            continue
        if broken:
            continue
        option = _OPTION_RE.match(text)
        if pending is not None and pending.options and gap and not option:
            # A blank line, then a new stem: the previous question never got its ANSWER line.
            bank.error(pending.line, qmsg.AIKEN_NO_ANSWER, qmsg.AIKEN_NO_ANSWER_HINT)
            pending = None
        gap = False
        if pending is None:
            pending = _Pending(number)
        if option and pending.stem:
            expected = LETTERS[len(pending.options)] if len(pending.options) < len(LETTERS) else "?"
            if option[1] != expected:
                bank.error(
                    number,
                    qmsg.AIKEN_OPTION_ORDER,
                    qmsg.AIKEN_OPTION_ORDER_HINT,
                    expected=expected,
                    got=option[1],
                )
                pending, broken = None, True
                continue
            pending.options.append((number, option[1], option[2].strip()))
        elif pending.options:
            bank.error(number, qmsg.AIKEN_TEXT_AFTER_OPTIONS, qmsg.AIKEN_TEXT_AFTER_OPTIONS_HINT)
            pending, broken = None, True
        else:
            pending.stem.append(text)
    if pending is not None:
        bank.error(pending.line, qmsg.AIKEN_NO_ANSWER, qmsg.AIKEN_NO_ANSWER_HINT)
    return bank


def _finish(bank: ParsedBank, pending: _Pending, line: int, value: str) -> None:
    if not pending.options:
        bank.error(pending.line, qmsg.AIKEN_NO_OPTIONS, qmsg.AIKEN_NO_OPTIONS_HINT)
        return
    letters = [letter for _, letter, _ in pending.options]
    given = re.findall(r"[A-Za-z]", value)
    if len(given) > 1:
        bank.error(line, qmsg.AIKEN_MULTI_ANSWER, qmsg.AIKEN_MULTI_ANSWER_HINT, value=value)
        return
    if len(given) != 1 or given[0].upper() not in letters or len(value) != 1:
        bank.error(
            line, qmsg.AIKEN_BAD_ANSWER, qmsg.AIKEN_BAD_ANSWER_HINT, value=value, letters="、".join(letters)
        )
        return
    stem = "\n".join(pending.stem)
    texts = [text for _, _, text in pending.options]
    right = letters.index(given[0].upper())
    if texts == [TRUE_TEXT, FALSE_TEXT]:
        bank.add_true_false(pending.line, "", stem, right == 0, "")
    else:
        bank.add_choice(pending.line, "", stem, texts, [right], "")


def write_aiken(bank: QuizBank, skip_unsupported: bool = False) -> tuple[str, list[Diagnostic]]:
    """The bank as Aiken text, plus warnings for what Aiken cannot hold.

    Raises FormatProblems when a multiple-choice question is found and
    ``skip_unsupported`` is not set.
    """
    problems: list[Diagnostic] = []
    skipped, explained, extras = [], [], []
    blocks: list[str] = []
    for n, question in enumerate(bank.questions, start=1):
        if question.type == "multiple":
            if not skip_unsupported:
                message = qmsg.AIKEN_CANNOT_MULTIPLE.format(n=n, id=question.id)
                problems.append(_at(bank, n, message, qmsg.AIKEN_CANNOT_MULTIPLE_HINT, Severity.ERROR))
            skipped.append(question.id)
            continue
        if question.explanation:
            explained.append(question.id)
        if question.tags or question.source:
            extras.append(question.id)
        if question.type == "true_false":
            options = [TRUE_TEXT, FALSE_TEXT]
            key = "A" if question.answer else "B"
        else:
            options = list((question.options or {}).values())
            key = str(question.answer)
        if any("\n" in text for text in options):
            message = qmsg.AIKEN_OPTION_NEWLINE.format(n=n, id=question.id)
            problems.append(_at(bank, n, message, "", Severity.WARNING))
        lines = [question.stem]
        lines += [f"{LETTERS[i]}. {' '.join(text.split())}" for i, text in enumerate(options)]
        lines.append(f"ANSWER: {key}")
        blocks.append("\n".join(lines))
    if any(p.severity is Severity.ERROR for p in problems):
        raise FormatProblems(problems)
    for template, ids in (
        (qmsg.AIKEN_SKIPPED_MULTIPLE, skipped),
        (qmsg.AIKEN_DROPPED_EXPLANATIONS, explained),
        (qmsg.AIKEN_DROPPED_EXTRAS, extras),
    ):
        if ids:
            message = template.format(count=len(ids), ids="、".join(ids))
            problems.append(
                Diagnostic(bank.source_rel, 0, 0, "", message, qmsg.AIKEN_LOSSY_HINT, Severity.WARNING)
            )
    return "\n\n".join(blocks) + "\n", problems


def _at(bank: QuizBank, n: int, message: str, hint: str, severity: Severity) -> Diagnostic:
    """A problem at question ``n`` (1-based) of the bank's YAML file."""
    if bank._source is None:
        return Diagnostic(bank.source_rel, 0, 0, "", message, hint, severity)
    found = bank._source.diagnostic(("questions", n - 1), message, hint)
    return Diagnostic(found.path, found.line, found.col, found.field, message, hint, severity)
