"""Notices and policies as Word files: the same structure, GB/T 9704 styles, editable."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn


@pytest.fixture(scope="module")
def policy(example_site):
    return docx.Document(str(example_site / "print/policies/work-plan-2024.docx"))


def east_asian_font(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_word_policy_keeps_the_official_parts_with_their_styles(policy):
    paragraphs = [(p.style.name, p.text) for p in policy.paragraphs if p.text.strip()]
    assert paragraphs[0] == ("发文机关标志", "云溪县青石乡人民政府文件")
    assert paragraphs[1] == ("发文字号", "青石府发〔2024〕21号")
    assert paragraphs[2] == ("Heading 1", "青石乡基层群防群治工作方案")
    assert paragraphs[3] == ("主送机关", "各村（社区），乡级各有关单位：")
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading ")]
    assert ("Heading 2", "一、指导思想") in headings
    assert ("Heading 3", "（一）队伍组建") in headings
    assert ("Heading 4", "1.专（兼）职巡防队") in headings
    assert ("Heading 5", "（1）护学岗") in headings
    assert ("落款", "2024年5月20日") in paragraphs and ("附注", "（此件公开发布）") in paragraphs
    assert any(style == "版记" and text.endswith("印发") for style, text in paragraphs)
    assert len(policy.tables) == 2  # the attachments' tables stay tables


def test_word_styles_use_chinese_fonts_and_the_heading_levels(policy):
    styles = policy.styles
    assert east_asian_font(styles["Normal"]) == "仿宋"
    assert east_asian_font(styles["Heading 2"]) == "黑体"
    assert east_asian_font(styles["Heading 3"]) == "楷体"
    assert east_asian_font(styles["Heading 1"]) == "方正小标宋简体"
    assert styles["Heading 1"].font.size.pt == 22 and styles["Normal"].font.size.pt == 16
    assert styles["Body Text"].paragraph_format.line_spacing.pt == pytest.approx(28.95)
    assert styles["发文机关标志"].font.color.rgb == docx.shared.RGBColor(0xE6, 0x00, 0x12)
    assert styles["Body Text"].paragraph_format.first_line_indent.pt == 32  # 首行缩进二字
    assert styles["主送机关"].paragraph_format.first_line_indent.pt == 0  # 顶格
    assert not styles["Heading 4"].font.italic and not styles["Heading 5"].font.italic


def test_word_page_is_a4_with_mirrored_gbt9704_margins_and_page_numbers(policy):
    section = policy.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.right_margin.mm) == 26 and round(section.bottom_margin.mm) == 35
    assert policy.settings.element.find(qn("w:mirrorMargins")) is not None
    assert policy.settings.odd_and_even_pages_header_footer
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert 'w:instr="PAGE"' in xml and "— " in xml
