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

import html as html_lib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

MEASURE = "record-measure"  # the class the templates put on <body> for the first print
KEEP_CLOSING = "keep-closing"  # the last paragraph goes to the next page with the signature
FILL_MEASURE = "fill-measure"  # a sheet whose last block (.fill-rest) takes the rest of its last page
PT_PER_MM = 72 / 25.4
HEART_TOP_MM = 37
HEART_BOTTOM_MM = 37 + 225  # the bottom of the 版心 on A4 (天头 37 mm + 225 mm)
SHEET_BOTTOM_MM = 297 - 20  # the bottom of a sheet's text area (sheet.css: 20 mm bottom margin)
FILL_MIN_MM = 30  # less room than this on the last page: the block is left out, no page is added
HEART_LINE_MM = 225 / 22  # the 3号 line pitch of the 版心
SAFETY_MM = 0.8  # Chromium rounds heights to pixels: keep the 版记 clear of the page break
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r"<page ")


def refiner(html: str) -> Callable[[str, bytes], str | None] | None:
    """For a document printed with a measuring class: the next HTML to print, given the last one
    and its PDF, or None when that PDF is final."""
    body = re.search(r'<body class="([^"]*)"', html)
    classes = body[1].split() if body else []
    if MEASURE in classes:
        return refine_official
    if FILL_MEASURE in classes:
        return fill_last_page
    return None


def refine_official(html: str, pdf: bytes) -> str | None:
    """Keep the signature with the text, then place the 版记 (each from the PDF just printed)."""
    body = re.search(r'<body class="([^"]*)"', html)
    classes = body[1].split() if body else []
    if MEASURE not in classes:
        return None
    if KEEP_CLOSING not in classes and _signature_alone(html, _words(pdf)):
        return _second(html, MEASURE, f"{MEASURE} {KEEP_CLOSING}")
    if 'class="record-page"' not in html:
        return None
    return place_record(html, pdf)


def _signature_alone(html: str, pages: list[list[tuple[Box, str]]]) -> bool:
    """Whether the page of the 成文日期 holds no line of text above the 署名 (GB/T 9704 7.3.5.1)."""
    found = re.search(r'<div class="date">([^<]+)</div>', html)
    if not found:
        return False
    date = found[1].strip()
    for page in pages:
        dates = [box for box, word in page if word == date]
        if dates:
            top = dates[-1][1]
            above = [box for box, _ in page if HEART_TOP_MM - 1 < box[3] < top - 1.5 * HEART_LINE_MM]
            return not above
    return False


def fill_last_page(html: str, pdf: bytes) -> str | None:
    """The ``.fill-rest`` block (a handout's ruled notes), first left out, now as tall as the room left."""
    if f" {FILL_MEASURE}" not in html.split("<body", 1)[-1].split(">", 1)[0]:
        return None
    pages = _text_boxes(pdf)
    if not pages:
        return None
    text_end = max((box[3] for box in pages[-1] if box[3] <= SHEET_BOTTOM_MM), default=18.0)
    room = SHEET_BOTTOM_MM - text_end - 4.5  # the last line's leading and pixel rounding
    if room < FILL_MIN_MM:
        return None  # the block stays out: the measuring print, which left it out, is the final one
    return _second(html, FILL_MEASURE, "fill-done", f"--fill-space: {room:.1f}mm")


def _second(html: str, measure: str, mode: str, variable: str = "") -> str:
    """The HTML again, its <body> in ``mode`` instead of ``measure``, with the measured ``variable``."""
    body = re.search(r'<body class="([^"]*)"', html)
    assert body is not None  # refiner() only returns for pages with a measuring body class
    classes = " ".join(mode if c == measure else c for c in body[1].split())
    html = html[: body.start(1)] + classes + html[body.end(1) :]
    if not variable:
        return html
    return html.replace("</head>", f"<style>:root {{ {variable}; }}</style></head>", 1)


def place_record(html: str, pdf: bytes) -> str | None:
    pages = _text_boxes(pdf)
    if len(pages) < 2 or not pages[-1]:
        return None
    record_top = min(box[1] for box in pages[-1])
    record_bottom = max(box[3] for box in pages[-1] if box[1] < HEART_BOTTOM_MM)
    record_height = record_bottom - record_top + 3  # the rules above the first and below the last row
    body = [box for box in pages[-2] if box[3] <= HEART_BOTTOM_MM]
    last = max(body, key=lambda box: box[3], default=(0.0, 37.0, 0.0, 37.0))
    # A line box reaches below its glyphs by half the leading: 3号 lines are 225/22 mm apart.
    half_leading = max(0.0, (HEART_LINE_MM - (last[3] - last[1])) / 2)
    text_end = last[3] + half_leading
    text_page = len(pages) - 1  # 1-based number of the page the text ends on
    room = HEART_BOTTOM_MM - text_end - SAFETY_MM
    if text_page % 2 == 0 and room >= record_height + 8:  # a line's gap above the 版记
        mode, space = "record-same", room
    elif text_page % 2 == 1:
        mode, space = "record-next", 225 - SAFETY_MM
    else:
        mode, space = "record-blank", 225 - SAFETY_MM
    return _second(html, MEASURE, mode, f"--record-space: {space:.1f}mm")


Box = tuple[float, float, float, float]  # x0, top, x1, bottom in millimetres


def _text_boxes(pdf: bytes) -> list[list[Box]]:
    """Per page, every word's box."""
    return [[box for box, _ in page] for page in _words(pdf)]


def _words(pdf: bytes) -> list[list[tuple[Box, str]]]:
    """Per page, every word (a run of text without spaces) and its box."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "first.pdf"
        path.write_bytes(pdf)
        done = subprocess.run([tool, "-bbox", str(path), "-"], capture_output=True, check=False)
    if done.returncode != 0:
        return []
    pages: list[list[tuple[Box, str]]] = []
    for chunk in _PAGE.split(done.stdout.decode("utf-8", errors="replace"))[1:]:
        words = []
        for m in _WORD.finditer(chunk):
            x0, top, x1, bottom = (float(v) / PT_PER_MM for v in m.groups()[:4])
            words.append(((x0, top, x1, bottom), html_lib.unescape(m[5])))
        pages.append(words)
    return pages
