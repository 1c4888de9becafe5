"""Plain text stays text in every output: Markdown pages, HTML settings, spreadsheets and CSV.

The content schema declares which fields are Markdown (``content.schema``); their
values arrive here as ``MarkdownText``. Every other string is plain text, and each
writer puts it into its format with the function for that format:

- ``markdown_text``: into a Markdown page (the site templates do this for every
  value they print, see ``render.Renderer``). It must come out as the same text,
  never as markup: ``*``, ``[x](…)``, ``<img …>``, ``{: #id }`` or ``# `` are shown
  as typed.
- ``html_text``: into a place that MkDocs and Material treat as HTML (page and
  navigation titles, ``site_name``, ``site_description``, ``copyright``).
- ``spreadsheet_text``: into a CSV cell, so a spreadsheet program never runs it as
  a formula (``formula_like`` tells the xlsx writer which cells to store as text).
"""

from __future__ import annotations

import re

from markupsafe import escape

# Python-Markdown and the extensions the sites use (attr_list, tables, admonition,
# def_list, pymdownx.details/superfences) give these characters a meaning anywhere in a line.
_INLINE_MARKUP = {ch: f"&#{ord(ch)};" for ch in "\\`*_[]{}|#"}
# One pass with HTML's own five, so no reference is escaped twice.
_MARKDOWN_TEXT = str.maketrans(
    {**_INLINE_MARKUP, "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
)
# …and these only at the start of a line: lists (- + 1.), setext underlines (=),
# definitions (:), admonitions (!!!), details (???), fences (~~~).
_LINE_START = re.compile(r"^(\d+(?=[.)])|)([-+=:!?~.)])")
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x85\u2028\u2029]+\s*")
# Control characters (but tab; line breaks are handled above): never text. Python-Markdown uses
# \x02/\x03 for its own placeholders, and YAML (front matter) refuses the C1 ones.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class MarkdownText(str):
    """A value of a field the schema declares Markdown: written into pages as Markdown
    (and sanitised after rendering). Any other ``str`` is plain text."""

    __slots__ = ()


def one_line(value: str) -> str:
    """Plain text as one line: line breaks become one space (as a browser shows them), control
    characters and the spaces at either end go (leading spaces would make a Markdown code block)."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", value)).strip()


def html_text(value: object) -> str:
    """Plain text for a place that is HTML: ``<img>`` is shown, never made."""
    return str(escape(one_line(str(value))))


def markdown_text(value: object) -> str:
    """Plain text for a Markdown page: shown exactly as typed, whatever it contains.

    HTML characters become entities, Markdown's own characters become numeric
    character references (both pass through Markdown as the characters they stand
    for), and a line-start marker (``-``, ``1.``, ``!!!`` …) is neutralised the same way.
    Text without any of these (all of the example content) is returned unchanged.
    """
    text = one_line(str(value)).translate(_MARKDOWN_TEXT)
    return _LINE_START.sub(lambda m: f"{m[1]}&#{ord(m[2])};", text, count=1)


def spreadsheet_text(value: str) -> str:
    """A CSV cell that a spreadsheet program shows as text, never runs as a formula (OWASP:
    a leading ``= + - @``, tab or carriage return gets a ``'`` in front)."""
    return "'" + value if formula_like(value) else value


def formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)
