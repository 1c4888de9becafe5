"""Which training module an attendance row's 课程 means.

A sheet names a course by its module id (``m2024-06``) or by its title, typed by hand:
full-width letters, spaces, a note such as （补训） after it. Matching tries, in order:
the id or title exactly; then both normalised (NFKC, so full width is half width; no
spaces; case folded); then with trailing notes in brackets removed. When several
modules match (a title used in two years), the one of the row's kind and nearest in
month wins, so a repeated course is never taken for another year's by accident.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from ..content.schema import TrainingModule

_TRAILING_NOTE = re.compile(r"\([^()]*\)$")  # after NFKC, （补训） reads (补训)
_ID_SHAPE = re.compile(r"[a-z0-9][a-z0-9-]*")


def normalise(text: str) -> str:
    """``text`` as compared: half width, no spaces, case folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def without_notes(text: str) -> str:
    """A normalised text without the notes in brackets at its end: 消防(补训) → 消防."""
    while True:
        shorter = _TRAILING_NOTE.sub("", text)
        if shorter == text or not shorter:
            return text
        text = shorter


def id_shaped(value: str) -> bool:
    """Whether ``value`` looks like a module id (letters, digits and hyphens, with a digit), not a title."""
    text = normalise(value)
    return bool(_ID_SHAPE.fullmatch(text)) and any(c.isdigit() for c in text)


class Courses:
    """The content's modules, looked up as an attendance sheet names them."""

    def __init__(self, modules: Iterable[TrainingModule]):
        self.modules = list(modules)
        self.by_id = {m.id: m for m in self.modules}
        self._indexes: list[dict[str, list[TrainingModule]]] = [defaultdict(list) for _ in range(3)]
        exact, normal, loose = self._indexes
        for module in self.modules:
            for key in (module.id, module.title):
                exact[key].append(module)
                normal[normalise(key)].append(module)
            loose[without_notes(normalise(module.title))].append(module)

    def match(self, value: str, kind: str | None, day: dt.date | None) -> TrainingModule | None:
        """The module ``value`` names, or None when it names none."""
        normal = normalise(value)
        for index, key in zip(self._indexes, (value, normal, without_notes(normal)), strict=True):
            candidates = index.get(key)
            if candidates:
                return _closest(candidates, kind, day)
        return None

    def nearest_ids(self, value: str, count: int = 3) -> list[str]:
        """Module ids most like ``value`` (a mistyped id), best first."""
        return difflib.get_close_matches(normalise(value), list(self.by_id), n=count, cutoff=0.0)

    def nearest_title(self, value: str) -> TrainingModule | None:
        """The module whose title is most like ``value``; None when none shares anything with it."""
        wanted = without_notes(normalise(value))
        best, best_ratio = None, 0.0
        for module in self.modules:
            ratio = difflib.SequenceMatcher(None, wanted, without_notes(normalise(module.title))).ratio()
            if ratio > best_ratio:
                best, best_ratio = module, ratio
        return best


def _closest(candidates: list[TrainingModule], kind: str | None, day: dt.date | None) -> TrainingModule:
    """Of modules with the same name: the row's kind first, then the nearest month, then by id."""
    same_kind = [m for m in candidates if m.kind == kind] or candidates

    def distance(module: TrainingModule) -> tuple[int, str]:
        if day is None:
            return 0, module.id
        year, month = map(int, module.month.split("-"))
        return abs((day.year - year) * 12 + day.month - month), module.id

    return min(same_kind, key=distance)
