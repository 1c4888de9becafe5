"""Problems found in content, carried as data (never raised one by one).

Every stage appends `Diagnostic`s to a list; the CLI prints them sorted as
``file:line:col: field: message — hint`` and exits non-zero once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # relative to the project root, with forward slashes
    line: int  # 1-based; 0 when the whole file is meant
    col: int  # 1-based
    field: str  # key path such as ``sections[2].title``; "" for the whole file
    message: str  # what is wrong
    hint: str = ""  # how to fix it
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        field = f" {self.field}:" if self.field else ""
        hint = f" — {self.hint}" if self.hint else ""
        level = "" if self.severity is Severity.ERROR else f" [{self.severity}]"
        return f"{where}:{field}{level} {self.message}{hint}"


class ContentError(Exception):
    """Raised once, at the end of a stage, when any error diagnostic was collected."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{len(diagnostics)} content problem(s)")
        self.diagnostics = sorted(set(diagnostics))


def errors_in(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
