"""The failures of `pingan serve` a trainer can cause or fix (a busy port, a public address…)."""

from __future__ import annotations

from ..errors import PinganError


class ServeError(PinganError):
    """`pingan serve` cannot start as asked."""
