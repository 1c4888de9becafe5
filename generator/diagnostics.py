"""Problems found in content, carried as data (never raised one by one).

Every stage appends `Diagnostic`s to a list; the CLI prints them sorted as
``file:line:col: field: message — hint`` and exits non-zero once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from . import messages as msg
from .errors import PinganError


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


class ContentError(PinganError):
    """Raised once, at the end of a stage, when any error diagnostic was collected.

    The CLI prints every diagnostic (``file:line:col: …``) and exits 2.
    """

    exit_code = 2

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics))
        errors = sum(d.severity is Severity.ERROR for d in self.diagnostics)
        super().__init__(msg.CHECK_FAILED.format(errors=errors, warnings=len(self.diagnostics) - errors))


def errors_in(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
