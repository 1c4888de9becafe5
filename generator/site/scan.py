"""The last privacy gate: every built file of the public site is searched before it is published.

This catches anything the content check (``content.privacy_rules``) cannot see,
such as a project's template override. Every file is read as its readers get it:
HTML and JavaScript with their ``\\uXXXX`` escapes decoded, JSON (the search index)
parsed, printed downloads as text (``printing.extract``); the roster matcher then reads
names and numbers through markup, spacing and character references (``privacy``).
Phones were masked when the pages were written, so a masked roster phone
(138****0002) is a hit too. A hit aborts the build; nothing is swapped in.

Every file is matched against the current roster at every build. Only the reading of
printed downloads is remembered between builds (``printing.textcache``: the text under
the hash of the file's bytes), since a PDF that did not change has the same text.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import messages as msg
from ..content import OUTPUT_NAMES, Project
from ..errors import PinganError
from ..printing.extract import PRINTED_SUFFIXES
from ..printing.textcache import TextCache, usable_folder
from ..privacy import RosterMatcher, decode_escapes


class PrivacyLeak(PinganError):
    """A roster member's name or number is in a built file of the public site."""


def readable_text(path: Path, printed: TextCache) -> str:
    """A built file's text as a reader would see it (escapes decoded, JSON strings unquoted)."""
    if path.suffix in PRINTED_SUFFIXES:  # downloads: the text of a PDF or Word file
        return printed.text(path)
    text = path.read_text(encoding="utf-8", errors="ignore")
    if path.suffix == ".json":
        with contextlib.suppress(ValueError):
            return "\n".join(_json_strings(json.loads(text)))
    return decode_escapes(text)  # "\u5f20" in a script is 张


def _json_strings(data: Any) -> Iterator[str]:
    """Every key and string value of parsed JSON (the search index: titles and page text)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _json_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _json_strings(value)
    elif isinstance(data, str):
        yield data


SCANNED_SUFFIXES = (".html", ".js", ".json", ".xml", ".svg", ".txt", ".md", *PRINTED_SUFFIXES)


def printed_texts(project: Project, site_dir: Path) -> TextCache:
    """The project's cache of printed files' text; none if it would lie in or hold an output."""
    outputs = [site_dir, *(project.paths.output(name) for name in OUTPUT_NAMES)]
    return TextCache(usable_folder(project.paths.cache_dir, outputs))


def scan_public_site(project: Project, site_dir: Path) -> TextCache:
    """Raise PrivacyLeak at the first file of ``site_dir`` holding a roster member's name or number.

    Returns the text cache it read printed files through (``extracted`` says how many were read).
    """
    matcher = RosterMatcher(project.roster.members)
    printed = printed_texts(project, site_dir)
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix not in SCANNED_SUFFIXES:
            continue
        if path.name == "search_index.js" and path.with_suffix(".json").is_file():
            continue  # the offline plugin's copy of search_index.json, scanned as JSON
        hit = matcher.first_hit(readable_text(path, printed))
        if hit is not None:
            raise PrivacyLeak(
                msg.PRIVATE_DATA_IN_PUBLIC.format(member=hit.member.id, what=hit.what)
                + f"（{path.relative_to(site_dir)}）",
                msg.PRIVATE_DATA_IN_PUBLIC_HINT,
            )
    printed.prune()  # the site passed: keep only the text of the files it holds
    return printed
