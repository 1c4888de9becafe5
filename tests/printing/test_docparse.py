"""The document recogniser on small texts: one rule per test, no files, no printing."""

from __future__ import annotations

import datetime as dt

from generator.imports.docparse import Line, full_width_punctuation, parse_document, tidy


def parse(text: str):
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        value, _ = full_width_punctuation(tidy(raw))
        if value:
            lines.append(Line(number, value))
    return parse_document(lines)


def titles(headings, depth=0):
    out = []
    for heading in headings:
        out.append((depth, heading.title))
        out.extend(titles(heading.children, depth + 1))
    return out


def test_document_number_is_normalised_to_hexagonal_brackets_and_noted():
    doc = parse("栗树府发[2024]7号\n关于加强巡逻的通知\n各村：\n请加强巡逻。\n栗树乡人民政府\n2024年3月1日\n")
    assert doc.doc_number == "栗树府发〔2024〕7号"
    assert any("〔2024〕" in note for note in doc.notes)
    assert (doc.title, doc.issuer, doc.date) == ("关于加强巡逻的通知", "栗树乡人民政府", dt.date(2024, 3, 1))


def test_a_title_split_over_two_lines_with_spaces_is_joined():
    doc = parse("栗树乡人民政府\n关于开展巡逻的通  知\n各村：\n正文。\n")
    assert doc.title == "栗树乡人民政府关于开展巡逻的通知"


def test_dates_in_chinese_numerals():
    doc = parse("通知标题的通知\n各村：\n正文。\n栗树乡人民政府\n二〇二四年十二月三十一日\n")
    assert doc.date == dt.date(2024, 12, 31)


def test_half_width_punctuation_next_to_chinese_becomes_full_width_but_times_stay():
    text, count = full_width_punctuation("时间(每晚20:00),地点:广场;LOGO(见附件)")
    assert text == "时间（每晚20:00），地点：广场；LOGO（见附件）" and count == 7


def test_run_in_headings_split_at_the_first_full_stop_and_lists_stay_paragraphs():
    doc = parse(
        "办法的办法\n一、总则\n1.适用范围。本办法适用于全乡。\n"
        "2.基本要求：依法依规。\n二、条件\n1、年满18周岁；\n2、身体健康；\n3、遵纪守法。\n"
    )
    assert titles(doc.headings) == [(0, "总则"), (1, "适用范围"), (1, "基本要求"), (0, "条件")]
    assert doc.headings[0].children[0].body == ["本办法适用于全乡。"]
    assert doc.headings[1].body == ["1、年满18周岁；", "2、身体健康；", "3、遵纪守法。"]


def test_a_skipped_level_and_a_gap_in_numbering_are_noted_not_hidden():
    doc = parse("方案的方案\n一、任务\n1.第一项\n2.第二项\n三、要求\n")
    assert titles(doc.headings) == [(0, "任务"), (1, "第一项"), (1, "第二项"), (0, "要求")]
    assert sum("跳过了一级" in note for note in doc.notes) == 1  # once per parent, not per item
    assert any("不连续" in note and "第 2 项" in note for note in doc.notes)


def test_text_after_the_signature_that_fits_nowhere_is_kept_as_unplaced():
    doc = parse("关于值班的通知\n各村：\n请安排值班。\n栗树乡人民政府\n2024年2月1日\n值班电话另行通知\n")
    assert [line.text for line in doc.unplaced] == ["值班电话另行通知"]
    assert doc.unplaced[0].number == 6


def test_a_web_page_date_right_after_the_title_is_not_taken_for_the_signature():
    doc = parse("关于值班的通知\n2024年2月1日\n各村要安排值班。\n栗树乡人民政府\n2024年2月2日\n")
    assert doc.date == dt.date(2024, 2, 2) and doc.issuer == "栗树乡人民政府"
