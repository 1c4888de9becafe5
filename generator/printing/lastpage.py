"""The 版记 at the foot of the last page, and that page even (GB/T 9704-2012 7.4, 8).

CSS cannot say "at the bottom of the last page", so an official document is printed
twice. The first time its 版记 (``.record-page``) starts a page of its own: the PDF
then tells where the text ends (the last line of the page before) and how tall the
版记 is. The second time the 版记 goes where the standard puts it:

- ``record-same``: the text ends on an even page with room below: the 版记 fills the
  rest of that page, its last rule on the bottom line of the 版心;
- ``record-next``: the text ends on an odd page: the 版记 sits at the foot of the next,
  even page;
- ``record-blank``: the text ends on an even page with no room: a blank page, then the
  版记 at the foot of the next even page; neither page is numbered (as the standard says).

Positions come from poppler's ``pdftotext -bbox`` (installed with poppler-utils).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

MEASURE = "record-measure"  # the class the templates put on <body> for the first print
FILL_MEASURE = "fill-measure"  # a sheet whose last block (.fill-rest) takes the rest of its last page
PT_PER_MM = 72 / 25.4
HEART_BOTTOM_MM = 37 + 225  # the bottom of the 版心 on A4 (天头 37 mm + 225 mm)
SHEET_BOTTOM_MM = 297 - 20  # the bottom of a sheet's text area (sheet.css: 20 mm bottom margin)
FILL_MIN_MM = 30  # less room than this on the last page: the block is left out, no page is added
SAFETY_MM = 1.5  # Chromium rounds heights to pixels: keep the 版记 clear of the page break
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')
_PAGE = re.compile(r"<page ")


def refiner(html: str) -> Callable[[bytes], str | None] | None:
    """For a document printed with a measuring class: the second-print HTML from the first PDF."""
    body = re.search(r'<body class="([^"]*)"', html)
    classes = body[1].split() if body else []
    if MEASURE in classes:
        return lambda pdf: place_record(html, pdf)
    if FILL_MEASURE in classes:
        return lambda pdf: fill_last_page(html, pdf)
    return None


def fill_last_page(html: str, pdf: bytes) -> str | None:
    """The ``.fill-rest`` block (a handout's ruled notes), first left out, now as tall as the room left."""
    pages = _text_boxes(pdf)
    if not pages:
        return None
    text_end = max((box[3] for box in pages[-1] if box[3] <= SHEET_BOTTOM_MM), default=18.0)
    room = SHEET_BOTTOM_MM - text_end - 3 * SAFETY_MM
    mode = "fill-done" if room >= FILL_MIN_MM else "fill-none"
    style = f"<style>:root {{ --fill-space: {max(room, 0):.1f}mm; }}</style>"
    return html.replace(FILL_MEASURE, mode, 1).replace("</head>", style + "</head>", 1)


def place_record(html: str, pdf: bytes) -> str | None:
    pages = _text_boxes(pdf)
    if len(pages) < 2 or not pages[-1]:
        return None
    record_top = min(box[1] for box in pages[-1])
    record_bottom = max(box[3] for box in pages[-1] if box[1] < HEART_BOTTOM_MM)
    record_height = record_bottom - record_top + 3  # the rules above the first and below the last row
    body = [box for box in pages[-2] if box[3] <= HEART_BOTTOM_MM]
    text_end = max((box[3] for box in body), default=37.0)
    text_page = len(pages) - 1  # 1-based number of the page the text ends on
    room = HEART_BOTTOM_MM - text_end - SAFETY_MM
    if text_page % 2 == 0 and room >= record_height + 8:  # a line's gap above the 版记
        mode, space = "record-same", room
    elif text_page % 2 == 1:
        mode, space = "record-next", 225 - SAFETY_MM
    else:
        mode, space = "record-blank", 225 - SAFETY_MM
    style = f"<style>:root {{ --record-space: {space:.1f}mm; }}</style>"
    return html.replace(MEASURE, mode, 1).replace("</head>", style + "</head>", 1)


def _text_boxes(pdf: bytes) -> list[list[tuple[float, float, float, float]]]:
    """Per page, every word's box (x0, top, x1, bottom) in millimetres."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "first.pdf"
        path.write_bytes(pdf)
        done = subprocess.run([tool, "-bbox", str(path), "-"], capture_output=True, check=False)
    if done.returncode != 0:
        return []
    pages: list[list[tuple[float, float, float, float]]] = []
    for chunk in _PAGE.split(done.stdout.decode("utf-8", errors="replace"))[1:]:
        pages.append([tuple(float(v) / PT_PER_MM for v in m.groups()) for m in _WORD.finditer(chunk)])  # type: ignore[misc]
    return pages
