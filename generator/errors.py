"""The one root of every error a user can cause or fix.

Every expected failure (bad content, a missing tool, a locked database, a
privacy leak…) derives from ``PinganError`` and carries a Chinese ``message``
and, where there is one, a ``hint`` on how to fix it. The CLI catches
``PinganError`` once; anything else reaching it is a bug in pingan.
"""

from __future__ import annotations


class PinganError(Exception):
    """An expected failure: what went wrong (``message``) and how to fix it (``hint``)."""

    exit_code = 1  # the CLI's exit status for this kind of failure (2: content errors)

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message
