"""Masking: every mobile number becomes 138****0002 and every ID number is removed, in every output.

What a masked number must look like depends on what reads the text next:

- ``"text"``: plain text and HTML (spreadsheets, CSV, the terminal, print HTML, JavaScript
  data, mkdocs.yml): ``138****0002``; ``*`` means nothing there.
- ``"markdown"``: Markdown that Python-Markdown (sites) or pandoc (print) will render.
  ``****`` there can pair with other asterisks into bold (``138****0002 与 139****0003``
  renders as ``138<strong><strong>0002 与 139</strong></strong>0003``), and ``\\*`` is
  shown literally inside raw HTML blocks. The character reference ``&#42;`` is an
  asterisk to every HTML reader and to pandoc, and never emphasis; only inside a code
  span is it shown as typed. A page's YAML front matter is not Markdown and gets the text form.
"""

from __future__ import annotations

import re
from typing import Literal

from .. import messages as msg
from .numbers import Found, Kind, find_numbers

Target = Literal["text", "markdown"]
_STAR = {"text": "*", "markdown": "&#42;"}
_FRONT_MATTER = re.compile(r"---\n.*?\n---\n", re.DOTALL)


def mask_phone(value: str) -> str:
    """13800001234 → 138****1234."""
    digits = re.sub(r"\D", "", value)
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) == 11 else "****"


def scrub(text: str, target: Target = "text") -> str:
    """Mask every mobile number and remove every ID number in ``text``, in any spelling.

    Masked forms already in the text (``138****0002``, ``138xxxx0002``) are written
    again in the form ``target`` renders as ``138****0002``. HTML tags (and, for
    Markdown, emphasis marks) inside a number are kept, after it, so the markup stays balanced.
    """
    if target == "markdown":
        front = _FRONT_MATTER.match(text)
        if front:
            return scrub(front[0], "text") + _scrub(text[front.end() :], "markdown")
    return _scrub(text, target)


def _scrub(text: str, target: Target) -> str:
    pieces: list[str] = []
    last = 0
    for found in find_numbers(text):
        pieces += [text[last : found.start], _replacement(found, target)]
        last = found.end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _replacement(found: Found, target: Target) -> str:
    markup = found.markup if target == "markdown" else tuple(m for m in found.markup if m.startswith("<"))
    if found.kind in (Kind.PHONE, Kind.MASKED_PHONE):
        shown = found.digits[:3] + _STAR[target] * 4 + found.digits[-4:]
    else:
        shown = msg.ID_NUMBER_REMOVED
    return shown + "".join(markup)
