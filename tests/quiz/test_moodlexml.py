"""Moodle XML import: multichoice and truefalse, HTML texts, errors with the line of the question."""

from __future__ import annotations

import pytest

from generator.content.schema import QuizBank
from generator.quizformats.common import FormatProblems
from generator.quizformats.convert import read_quiz_file
from generator.quizformats.moodlexml import read_moodle_xml

MOODLE = """\
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/top/消防知识</text></category>
  </question>
  <question type="multichoice">
    <name><text>fire-01</text></name>
    <questiontext format="html"><text><![CDATA[<p>灭火时喷管对准<b>哪里</b>？</p>]]></text></questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>对准火焰根部&nbsp;才有效。</p>]]></text></generalfeedback>
    <single>true</single>
    <answer fraction="100" format="html"><text>火焰根部</text></answer>
    <answer fraction="0" format="html"><text>火焰顶部</text></answer>
    <answer fraction="0" format="html"><text>浓烟 &amp; 明火</text></answer>
    <tags><tag><text>消防</text></tag></tags>
  </question>
  <question type="multichoice">
    <name><text>第二题</text></name>
    <questiontext format="plain_text"><text>哪些是消防重点？</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>疏散通道</text></answer>
    <answer fraction="50"><text>安全出口</text></answer>
    <answer fraction="-100"><text>招牌</text></answer>
  </question>
  <question type="truefalse">
    <name><text>fire-03</text></name>
    <questiontext format="html"><text>可以用水扑灭电器火灾。</text></questiontext>
    <answer fraction="0"><text>true</text></answer>
    <answer fraction="100"><text>false</text></answer>
  </question>
</quiz>
"""


def test_reads_multichoice_and_truefalse(tmp_path):
    path = tmp_path / "moodle.xml"
    path.write_text(MOODLE, encoding="utf-8")
    bank = QuizBank.model_validate(read_quiz_file(path, "moodle.xml", bank_id="bank-fire").bank)
    assert (bank.id, bank.title) == ("bank-fire", "消防知识")
    first, second, third = bank.questions
    assert (first.id, first.stem, first.answer, first.explanation, first.tags) == (
        "fire-01",
        "灭火时喷管对准哪里？",
        "A",
        "对准火焰根部 才有效。",
        ["消防"],
    )
    assert first.options == {"A": "火焰根部", "B": "火焰顶部", "C": "浓烟 & 明火"}
    assert (second.id, second.type, second.answer) == ("q-02", "multiple", ["A", "B"])
    assert (third.type, third.answer) == ("true_false", False)


def test_unsupported_types_and_partial_credit_name_the_line():
    text = """\
<quiz>
  <question type="shortanswer">
    <questiontext><text>首都？</text></questiontext>
  </question>
  <question type="multichoice">
    <questiontext><text>部分给分</text></questiontext>
    <single>false</single>
    <answer fraction="70"><text>甲</text></answer>
    <answer fraction="30"><text>乙</text></answer>
  </question>
  <question type="matching"><questiontext><text>配对</text></questiontext></question>
</quiz>
"""
    bank = read_moodle_xml(text, "bad.xml")
    assert [(d.line, d.message) for d in bank.errors] == [
        (2, "shortanswer 类型的题目不支持"),
        (5, "按比例给分（fraction 70、30）不支持：多选题的正确选项必须平分 100，错误选项为 0 或负分"),
        (11, "matching 类型的题目不支持"),
    ]


def test_broken_xml_names_the_line(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text("<quiz>\n  <question type='truefalse'>\n</quiz>\n", encoding="utf-8")
    with pytest.raises(FormatProblems) as caught:
        read_quiz_file(path, "broken.xml", bank_id="x")
    (problem,) = caught.value.diagnostics
    assert problem.line == 3 and problem.message.startswith("XML 格式错误")
