"""Keep roster data off the public site: the content check (link phase).

Every text field of every document the public site will show, and the site
config (on every page), is searched for roster names, phones and ID numbers in
any spelling (``privacy.RosterMatcher``); each hit is a content error pointing at
the file, the line and column where it is written, and the field. After the build,
``site.scan`` searches every built file the same way before anything is published.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from .. import messages as msg
from ..diagnostics import Diagnostic
from ..privacy import Hit, RosterMatcher
from ..textio import walk_strings
from .loader import SourceFile
from .model import Content, Project


def public_content_problems(project: Project) -> list[Diagnostic]:
    public = Content.for_audience(project, "public")
    # The site config is on every page of the public site (title, description, copyright).
    documents = [project.config, *public.policies, *public.rules, *public.notices]
    matcher = RosterMatcher(project.roster.members)
    problems = []
    for document in documents:
        source = document._source
        lines: list[str] | None = None
        for key_path, text in walk_strings(source.data):
            hits = list(dict.fromkeys(_who(hit) for hit in matcher.hits(text)))
            if not hits:
                continue
            if lines is None:
                lines = _source_lines(source)
            for member, what in hits:
                found = source.diagnostic(
                    key_path,
                    msg.PRIVATE_DATA_IN_PUBLIC.format(member=member, what=what),
                    msg.PRIVATE_DATA_IN_PUBLIC_HINT,
                )
                line, col = _locate(matcher, lines, found.line, (member, what))
                problems.append(found if line == 0 else dataclasses.replace(found, line=line, col=col))
    return problems


def _who(hit: Hit) -> tuple[str, str]:
    return hit.member.id, hit.what


def _source_lines(source: SourceFile) -> list[str]:
    try:
        return source.path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _found(matcher: RosterMatcher, text: str, who: tuple[str, str]) -> bool:
    return any(_who(hit) == who for hit in matcher.hits(text))


def _locate(matcher: RosterMatcher, lines: list[str], first: int, who: tuple[str, str]) -> tuple[int, int]:
    """Line and column (1-based) where ``who`` is written, searching the file from line ``first``;
    (0, 0) if it cannot be seen in the file as typed. The field's value as YAML parsed it may
    differ from its lines (folded, quoted), so the raw lines are searched: the first line by
    which the hit has appeared, then the last line it starts on, then the column there."""
    rest = lines[first - 1 :] if first > 0 else []

    def seen(start: int, end: int, col: int = 0) -> bool:
        return _found(matcher, "\n".join([rest[start][col:], *rest[start + 1 : end]]), who)

    if not rest or not seen(0, len(rest)):
        return 0, 0
    end = _first_true(1, len(rest), lambda n: seen(0, n))  # lines rest[:end] hold it
    start = _first_true(0, end - 1, lambda n: not seen(n + 1, end)) if end > 1 else 0
    col = _first_true(0, len(rest[start]), lambda c: not seen(start, end, c + 1))
    return first + start, col + 1


def _first_true(low: int, high: int, test: Callable[[int], bool]) -> int:
    """The smallest n in [low, high] for which ``test`` holds (it holds for all larger n; true at high)."""
    while low < high:
        middle = (low + high) // 2
        if test(middle):
            high = middle
        else:
            low = middle + 1
    return low
