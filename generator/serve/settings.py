"""One session's settings: its secrets, its day and the limits that keep a shared network safe."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from ..messages import serve as text
from .errors import ServeError

CODE_DIGITS = 6  # members type it once; 10⁶ codes against a limit of wrong guesses per client
PIN_DIGITS = 6


@dataclass(frozen=True)
class Limits:
    """Request sizes (bytes) and per-client rates (requests per second, with a burst)."""

    result_bytes: int = 64 * 1024  # a 200-question result is about 8 KB
    attendance_bytes: int = 16 * 1024  # a whole roll of 500 members in one "全部出勤"
    form_bytes: int = 2 * 1024
    writes_per_second: float = 5.0
    write_burst: int = 30
    reads_per_second: float = 50.0
    read_burst: int = 300  # a page of the site loads about 20 files
    wrong_secrets: int = 10  # wrong codes or PINs from one client before it must wait
    lockout_seconds: float = 60.0
    clients: int = 4096  # clients remembered by the rate limiter (oldest forgotten first)


@dataclass(frozen=True)
class SessionSettings:
    code: str
    pin: str
    day: dt.date | None = None  # None: today in the server's time zone, read at each request
    limits: Limits = field(default_factory=Limits)

    def today(self) -> dt.date:
        return self.day or dt.date.today()


def random_digits(count: int) -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(count))


def checked_secret(value: str | None, digits: int, what: str) -> str:
    """A code or PIN given on the command line (4–12 digits), else a random one."""
    if value is None:
        return random_digits(digits)
    value = value.strip()
    if not (value.isascii() and value.isdigit() and 4 <= len(value) <= 12):
        raise ServeError(text.BAD_SECRET.format(what=what, value=value), text.BAD_SECRET_HINT)
    return value


def make_settings(
    code: str | None, pin: str | None, day: dt.date | None, limits: Limits | None = None
) -> SessionSettings:
    code = checked_secret(code, CODE_DIGITS, text.WHAT_CODE)
    pin = checked_secret(pin, PIN_DIGITS, text.WHAT_PIN)
    if code == pin:
        raise ServeError(text.SAME_SECRETS, text.SAME_SECRETS_HINT)
    return SessionSettings(code, pin, day, limits or Limits())
