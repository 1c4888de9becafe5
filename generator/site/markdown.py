"""What content Markdown may use on the sites, and Markdown fragments rendered outside MkDocs.

MkDocs renders the pages with ``MARKDOWN_EXTENSIONS``. A few Markdown fields reach a site
as data instead of pages (a practice question's explanation, shown by the quiz script after
each answer); ``fragment_html`` renders those with the same extensions (without the table
of contents' heading anchors) and sanitises them as the pages are, so the quiz shows an
explanation as the bank page does: bold as bold, a list as a list, never a script.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import markdown

from ..privacy import scrub
from ..sanitize import sanitize

# What page Markdown may use (escape.markdown_text keeps plain text out of all of it).
MARKDOWN_EXTENSIONS: list[str | dict[str, Any]] = [
    "tables",
    "attr_list",
    "md_in_html",
    "admonition",
    "def_list",
    "pymdownx.details",
    "pymdownx.superfences",
    {"toc": {"permalink": True, "toc_depth": 5}},
]
_FRAGMENT_EXTENSIONS = [e for e in MARKDOWN_EXTENSIONS if isinstance(e, str)]


def fragment_html(source: str) -> str:
    """``source`` (Markdown) as sanitised HTML; phone numbers masked first, so that the
    asterisks of 138****0002 stay text and never turn into emphasis."""
    if not source.strip():
        return ""
    text = scrub(source, "markdown")
    if _PLAIN_LINE.fullmatch(text) and not _BLOCK_START.match(text):
        # What Markdown and the sanitiser make of it, without either: no <, > or & — nothing to clean.
        return f"<p>{text}</p>"
    return sanitize(_fragment_converter().reset().convert(text)).strip()


# One line of text with nothing Markdown reads (no emphasis, link, code, HTML, entity, escape or
# attribute marks), not starting a block (heading, list, quote, rule, admonition, fence, code):
# most explanations. tests/sites/test_fragments.py holds this to Markdown's own output.
_PLAIN_LINE = re.compile(r"[^\s*_`\[\]!<>&\\{}|~#?:=+\-\u00a0][^\n\r\t*_`\[\]!<>&\\{}|~#?\u00a0]*(?<!\s)")
_BLOCK_START = re.compile(r"\d+[.)]")


@cache
def _fragment_converter() -> markdown.Markdown:
    """One converter, reset between fragments: setting up the extensions costs ~5 ms, converting
    a question's explanation well under one (4,500 explanations at 1000 pages: 38 s → a few)."""
    return markdown.Markdown(extensions=_FRAGMENT_EXTENSIONS)
