"""Dates as people write them in Chinese offices: 2024-05-17, 2024/5/17, 2024年5月17日."""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(r"\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?(?:\s+[\d:]+)?\s*")


def parse_date_text(text: str) -> dt.date | None:
    """The date ``text`` names (a trailing time of day is ignored), or None."""
    m = _DATE.fullmatch(text)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
