"""A notice printed on A4 matches GB/T 9704-2012, measured from the PDF's text positions.

The standard: 天头 37 mm ± 1, 订口 28 mm ± 1 (mirrored on even pages), 版心 156 × 225 mm,
22 lines of 28 characters in 3号 type, page numbers "— 1 —" in 4号 with the dashes 7 mm
below the 版心, odd pages right and even pages left, one character in.
"""

from __future__ import annotations

import statistics
from collections import defaultdict

import pdfplumber
import pytest

from tests.printing.conftest import MM

PAGE_W, HEART_TOP, HEART_H, HEART_W = 210.0, 37.0, 225.0, 156.0


def lines_of(page) -> list[list[dict]]:
    """Characters grouped into printed lines (same top), each sorted left to right."""
    rows = defaultdict(list)
    for char in page.chars:
        rows[round(char["top"], 1)].append(char)
    return [sorted(rows[top], key=lambda c: c["x0"]) for top in sorted(rows)]


def body_lines(page) -> list[list[dict]]:
    return [line for line in lines_of(page) if round(line[0]["size"]) == 16]


def folio(page) -> list[dict]:
    """The page number line (4号, 14 pt)."""
    found = [line for line in lines_of(page) if round(line[0]["size"]) == 14]
    assert len(found) == 1, [("".join(c["text"] for c in line)) for line in found]
    return found[0]


@pytest.fixture(scope="module")
def notice(layout_project):
    with pdfplumber.open(layout_project / "print/notices/long.pdf") as pdf:
        yield pdf


def test_a4_and_enough_pages_to_measure(notice):
    assert len(notice.pages) >= 5
    width, height = notice.pages[0].width / MM, notice.pages[0].height / MM
    assert width == pytest.approx(210, abs=0.5) and height == pytest.approx(297, abs=0.5)


def test_22_lines_per_full_page_on_a_225_mm_grid(notice):
    for page in notice.pages[1:4]:  # full pages of body text
        lines = body_lines(page)
        assert len(lines) == 22, len(lines)
        tops = [line[0]["top"] / MM for line in lines]
        pitch = (tops[-1] - tops[0]) / 21
        assert pitch == pytest.approx(HEART_H / 22, abs=0.1)  # 10.23 mm


def test_top_margin_is_37_mm(notice):
    page = notice.pages[1]
    first = body_lines(page)[0][0]
    glyph_top, glyph_height = first["top"] / MM, (first["bottom"] - first["top"]) / MM
    line_top = glyph_top - (HEART_H / 22 - glyph_height) / 2  # the glyph sits mid-line
    assert line_top == pytest.approx(HEART_TOP, abs=1.0)


@pytest.mark.parametrize(("index", "left"), [(0, 28.0), (1, 26.0), (2, 28.0)])
def test_left_margin_is_the_28_mm_binding_edge_mirrored_on_even_pages(notice, index, left):
    page = notice.pages[index]
    x0 = min(line[0]["x0"] for line in body_lines(page)) / MM
    x1 = max(line[-1]["x1"] for line in body_lines(page)) / MM
    assert x0 == pytest.approx(left, abs=1.0)
    assert x1 - x0 == pytest.approx(HEART_W, abs=1.0)  # the 156 mm 版心


def test_28_characters_per_line(notice):
    counts, pitches = [], []
    for page in notice.pages[1:4]:
        for line in body_lines(page):
            full = line[-1]["x1"] / MM > line[0]["x0"] / MM + HEART_W - 1 and line[0]["x0"] / MM < 29
            if full:
                counts.append(len(line))
                if len(line) == 28:
                    pitches.append((line[-1]["x0"] - line[0]["x0"]) / MM / 27)
    assert max(counts) == 28
    # A line that would start with "，" keeps 27 characters and is justified (line-breaking rules).
    assert statistics.mode(counts) in (27, 28) and counts.count(28) >= len(counts) / 3
    assert statistics.mean(pitches) == pytest.approx(HEART_W / 28, abs=0.02)  # 5.571 mm


def test_page_numbers_alternate_sides_one_character_in_7_mm_below_the_text(notice):
    one_char = 14 / 72 * 25.4  # a 4号 character, 4.94 mm
    for number, page in enumerate(notice.pages[:6], start=1):
        chars = folio(page)
        assert "".join(c["text"] for c in chars).replace(" ", "") == f"—{number}—"
        x0, x1 = chars[0]["x0"] / MM, chars[-1]["x1"] / MM
        if number % 2:  # odd: right, one character in from the 26 mm outer margin
            assert PAGE_W - 26 - x1 == pytest.approx(one_char, abs=1.0)
        else:  # even: left
            assert x0 - 26 == pytest.approx(one_char, abs=1.0)
        middle = (chars[0]["top"] + chars[0]["bottom"]) / 2 / MM
        assert middle - (HEART_TOP + HEART_H) == pytest.approx(7, abs=1.0)


def test_red_header_document_number_rule_and_title(notice):
    page = notice.pages[0]
    lines = lines_of(page)
    mark = lines[0]
    assert "".join(c["text"] for c in mark) == "松岭县松岭镇人民政府文件"
    red = mark[0]["non_stroking_color"]
    assert red[0] > 0.8 and red[1] < 0.1 and red[2] < 0.2
    assert mark[0]["top"] / MM == pytest.approx(HEART_TOP + 35, abs=2)  # 35 mm below the 版心 top
    number = lines[1]
    assert "".join(c["text"] for c in number) == "松岭府通〔2025〕3号"
    centre = (number[0]["x0"] + number[-1]["x1"]) / 2 / MM
    assert centre == pytest.approx(28 + HEART_W / 2, abs=1)
    rules = [
        r for r in page.rects + page.lines if r["non_stroking_color"] == red or r.get("stroking_color") == red
    ]
    assert rules, "the red separator line"
    rule = rules[0]
    assert (rule["x1"] - rule["x0"]) / MM == pytest.approx(HEART_W, abs=1)
    assert (rule["top"] - number[0]["bottom"]) / MM == pytest.approx(4, abs=1)  # 4 mm under the number
    title = lines[2]
    assert round(title[0]["size"]) == 22 and "Bold" in title[0]["fontname"]  # 2号 小标宋 style
    assert (title[0]["x0"] + title[-1]["x1"]) / 2 / MM == pytest.approx(28 + HEART_W / 2, abs=1)


def test_heading_fonts_hei_for_first_level_kai_for_second(notice):
    fonts = {}
    for page in notice.pages:
        for line in lines_of(page):
            text = "".join(c["text"] for c in line)
            if text.startswith(("一、", "（一）")):
                fonts[text[:2]] = line[0]["fontname"]
    assert "Hei" in fonts["一、"]  # 黑体
    assert "WenKai" in fonts["（一"] or "Kai" in fonts["（一"]  # 楷体


def test_body_in_fangsong_title_in_xiaobiaosong_page_numbers_in_songti(notice):
    page = notice.pages[1]
    paragraphs = [line for line in body_lines(page) if line[0]["text"] not in "一二三（"]  # not headings
    body = {
        c["fontname"].split("+")[-1] for line in paragraphs for c in line if "\u4e00" <= c["text"] <= "\u9fff"
    }
    assert body and all("Fang" in name for name in body), body  # 正文 3号仿宋
    title = lines_of(notice.pages[0])[2]
    assert (
        "Song-Bold" in title[0]["fontname"] or "XiaoBiaoSong" in title[0]["fontname"]
    )  # 小标宋 (or its stand-in)
    assert all("Song" in c["fontname"] for c in folio(page) if c["text"].isdigit())  # 页码 4号宋体


def test_issuer_and_date_right_four_characters_in_with_the_issuer_centred_over_the_date(notice):
    pages = [{"".join(c["text"] for c in line): line for line in lines_of(page)} for page in notice.pages]
    page_number, lines = next((n, p) for n, p in enumerate(pages, start=1) if "2025年5月17日" in p)
    date, issuer = lines["2025年5月17日"], lines["松岭县松岭镇人民政府"]
    right_margin = 28 if page_number % 2 == 0 else 26
    gap = PAGE_W - right_margin - date[-1]["x1"] / MM
    assert gap == pytest.approx(4 * HEART_W / 28, abs=1.0)  # 右空四字
    centre = lambda line: (line[0]["x0"] + line[-1]["x1"]) / 2  # noqa: E731
    assert centre(issuer) == pytest.approx(centre(date), abs=1 * MM)
    assert "（此件公开发布）" in lines
