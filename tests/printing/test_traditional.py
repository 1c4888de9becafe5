"""A Traditional Chinese document prints in the Traditional faces (cwTeX 仿宋) and no missing glyph."""

from __future__ import annotations

import re

import pdfplumber
import yaml

from tests.printing.conftest import FIXTURES, flat, pdf_fonts, pdf_text


def test_traditional_notice_prints_every_character(layout_project):
    pdf = layout_project / "print/notices/hant.pdf"
    source = yaml.safe_load((FIXTURES / "hant-notice.yml").read_text(encoding="utf-8"))
    printed = re.sub(r"—\d+—", "", flat(pdf_text(pdf)))  # without the page numbers
    # Every character of the source, in order, comes back out of the PDF: nothing became
    # a blank box, a question mark or a look-alike radical.
    expected = flat(re.sub(r"^#+ ", "", source["body"], flags=re.M))
    assert expected in printed
    for field in ("title", "doc_number", "issuer"):
        assert flat(source[field]) in printed
    assert "\ufffd" not in printed and "?" not in printed
    assert all(font["embedded"] == "yes" for font in pdf_fonts(pdf))


def test_traditional_text_is_set_in_the_traditional_faces(layout_project):
    with pdfplumber.open(layout_project / "print/notices/hant.pdf") as pdf:
        fonts = {
            char["fontname"].split("+")[-1]
            for page in pdf.pages
            for char in page.chars
            if "\u4e00" <= char["text"] <= "\u9fff" and round(char["size"]) == 16
        }
    assert any("cwTeXFangSong" in font for font in fonts), fonts  # lang="zh-Hant": the Traditional 仿宋


def test_simplified_text_stays_in_the_simplified_faces(layout_project):
    with pdfplumber.open(layout_project / "print/notices/long.pdf") as pdf:
        fonts = {char["fontname"].split("+")[-1] for char in pdf.pages[1].chars}
    assert any("FandolFang" in font for font in fonts) and not any("cwTeX" in font for font in fonts)
