"""What every quiz-format reader returns, and how problems are reported.

A reader turns a file's text into a ``ParsedBank``: YAML-shaped question
dicts, each with the line it starts on, plus the bank fields the file names.
Readers never stop at the first problem; they collect ``Diagnostic``s (file,
line, message, hint) and the caller decides whether errors abort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import ContentError, Diagnostic, Severity
from ..messages import quiz as qmsg

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_OPTIONS = 8
LETTERS = "ABCDEFGH"


class FormatProblems(ContentError):
    """Errors (and the warnings found with them) in a file being imported or exported."""


@dataclass
class ParsedQuestion:
    line: int  # where the question starts in the file (1-based)
    data: dict[str, Any]  # YAML-shaped: type, stem, options, answer, explanation, tags, source
    name: str = ""  # the name the file gives it (GIFT ::title::, XML <name>), if any


@dataclass
class ParsedBank:
    rel: str  # the file, as shown in messages
    questions: list[ParsedQuestion] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # id, title, mode, pass_mark, description
    problems: list[Diagnostic] = field(default_factory=list)

    def error(self, line: int, message: str, hint: str = "", **values: Any) -> None:
        self.problems.append(_diagnostic(self.rel, line, message, hint, Severity.ERROR, values))

    def warn(self, line: int, message: str, hint: str = "", **values: Any) -> None:
        self.problems.append(_diagnostic(self.rel, line, message, hint, Severity.WARNING, values))

    @property
    def errors(self) -> list[Diagnostic]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def add_choice(
        self, line: int, name: str, stem: str, texts: list[str], right: list[int], explanation: str
    ) -> ParsedQuestion | None:
        """Add a single or multiple choice question from option texts and the indexes of right ones."""
        if len(texts) < 2:
            self.error(line, qmsg.TOO_FEW_OPTIONS, qmsg.TOO_FEW_OPTIONS_HINT)
            return None
        if len(texts) > MAX_OPTIONS:
            self.error(line, qmsg.TOO_MANY_OPTIONS, qmsg.TOO_MANY_OPTIONS_HINT, n=len(texts))
            return None
        options = {LETTERS[i]: text for i, text in enumerate(texts)}
        keys = [LETTERS[i] for i in sorted(right)]
        multiple = len(keys) > 1
        data: dict[str, Any] = {"type": "multiple" if multiple else "single", "stem": stem}
        data.update(options=options, answer=keys if multiple else keys[0], explanation=explanation)
        question = ParsedQuestion(line, data, name)
        self.questions.append(question)
        return question

    def add_true_false(
        self, line: int, name: str, stem: str, answer: bool, explanation: str
    ) -> ParsedQuestion:
        data = {"type": "true_false", "stem": stem, "answer": answer, "explanation": explanation}
        question = ParsedQuestion(line, data, name)
        self.questions.append(question)
        return question


def _diagnostic(
    rel: str, line: int, message: str, hint: str, severity: Severity, values: dict[str, Any]
) -> Diagnostic:
    return Diagnostic(rel, line, 1, "", message.format(**values), hint.format(**values), severity)


def line_starts(text: str) -> list[int]:
    """Offsets where each line begins, for turning an offset into a line number."""
    return [0] + [m.end() for m in re.finditer("\n", text)]


def line_of(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        mid = (low + high + 1) // 2
        if starts[mid] <= offset:
            low = mid
        else:
            high = mid - 1
    return low + 1


def normalise_text(raw: str) -> str:
    return raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
