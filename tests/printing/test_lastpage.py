"""GB/T 9704 at the end of a document, measured from the PDFs: the 版记 sits at the foot of the
last page and that page is even; the signature never stands alone on a page.

Notices of many lengths are printed, so the text ends at every height of a page: on an even
page with room (the 版记 below it), on an odd page (the 版记 on the next page), and on an even
page with no room (a blank page, then the 版记; neither numbered).
"""

from __future__ import annotations

import shutil

import pdfplumber
import pytest

from generator.cli import main
from tests.conftest import SCAFFOLD, write_files
from tests.printing.conftest import MM, long_body

HEART_BOTTOM = 37 + 225  # mm from the top of an A4 page
LENGTHS = [2, 6, 8, 14]  # paragraphs: the 版记 below the text, signature moved, next page, blank page


def _notice(n: int) -> str:
    body = [p for p in long_body().split("\n\n") if not p.startswith("#")][:n]  # ends with text
    body[1:1] = ["## 一、总体安排"]
    indented = "\n".join("  " + p + "\n" for p in body)
    return (
        f"id: len{n:02d}\ndoc_number: 松岭府通〔2025〕{n}号\ntitle: 关于做好第{n}批巡逻工作的通知\n"
        "date: 2025-05-17\nissuer: 松岭县松岭镇人民政府\naddressees: [各村（社区）]\n"
        "record:\n  printed_by: 松岭镇党政办公室\n  print_date: 2025-05-18\n  cc: [县委政法委, 县公安局]\n"
        f"body: |\n{indented}"
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    root = tmp_path_factory.mktemp("lastpage") / "proj"
    shutil.copytree(SCAFFOLD, root)
    write_files(root, {f"content/notices/len{n:02d}.yml": _notice(n) for n in LENGTHS})
    assert main(["pdf", "-q", str(root)]) == 0
    return {n: root / f"print/notices/len{n:02d}.pdf" for n in LENGTHS}


def _lines(page) -> dict[str, list[dict]]:
    rows: dict[float, list[dict]] = {}
    for char in page.chars:
        rows.setdefault(round(char["top"], 1), []).append(char)
    return {"".join(c["text"] for c in sorted(r, key=lambda c: c["x0"])): r for _, r in sorted(rows.items())}


@pytest.mark.parametrize("n", LENGTHS)
def test_record_at_the_foot_of_the_last_page_which_is_even(printed, n):
    with pdfplumber.open(printed[n]) as pdf:
        pages = pdf.pages
        assert len(pages) % 2 == 0, f"{len(pages)} pages: the last page must be even"
        last = _lines(pages[-1])
        printed_line = next(chars for text, chars in last.items() if text.endswith("印发"))
        assert "2025年5月18日印发" in "".join(c["text"] for c in printed_line)
        assert any(text.startswith("抄送：") for text in last)
        for page in pages[:-1]:
            assert not any(t.endswith("印发") for t in _lines(page)), "the 版记 is only on the last page"
        # the last rule of the 版记 lies on the bottom line of the 版心 (262 mm), within 3 mm
        rules = [r for r in pages[-1].rects + pages[-1].lines if r["top"] / MM > 150]
        bottom = max(r["bottom"] for r in rules) / MM
        assert bottom == pytest.approx(HEART_BOTTOM, abs=3.0)
        assert printed_line[0]["bottom"] / MM < bottom
        width = (max(r["x1"] for r in rules) - min(r["x0"] for r in rules)) / MM
        assert width == pytest.approx(156, abs=1.0)  # the rules span the 版心


@pytest.mark.parametrize("n", LENGTHS)
def test_signature_never_alone_and_blank_record_pages_unnumbered(printed, n):
    with pdfplumber.open(printed[n]) as pdf:
        pages = [_lines(page) for page in pdf.pages]
    where = next(i for i, lines in enumerate(pages) if "2025年5月17日" in lines)
    above = [t for t, chars in pages[where].items() if round(chars[0]["size"]) == 16 and "2025年5月17日" not in t
             and t != "松岭县松岭镇人民政府"]  # fmt: skip
    assert above, f"page {where + 1} holds the signature alone"
    numbered = [any(t.replace(" ", "").startswith("—") for t in lines) for lines in pages]
    text_pages = [any(round(c[0]["size"]) == 16 for c in lines.values()) for lines in pages]
    for index, (has_number, has_text) in enumerate(zip(numbered, text_pages, strict=True)):
        if has_text:
            assert has_number, f"page {index + 1} has text but no page number"
    if not text_pages[-2] and not text_pages[-1]:  # a blank page before the 版记 page: neither numbered
        assert not numbered[-2] and not numbered[-1]


def test_the_lengths_cover_every_case(printed):
    """Below the text on its even page, on the next even page, and after a blank page."""
    cases = set()
    for pdf_path in printed.values():
        with pdfplumber.open(pdf_path) as pdf:
            text = [any(round(c[0]["size"]) == 16 for c in _lines(page).values()) for page in pdf.pages]
        cases.add("same" if text[-1] else "next" if text[-2] else "blank")
    assert cases == {"same", "next", "blank"}
