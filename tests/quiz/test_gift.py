"""GIFT: a round trip keeps everything; unsupported constructs name their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.schema import QuizBank
from generator.quizformats.common import FormatProblems
from generator.quizformats.convert import export_bank, read_quiz_file
from generator.quizformats.gift import read_gift

from .banks import EVERY_TYPE_YAML, load


def reimport(text: str, tmp_path: Path, name: str = "bank.gift", **options) -> QuizBank:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return QuizBank.model_validate(read_quiz_file(path, name, **options).bank)


def test_round_trip_keeps_every_question_option_answer_and_explanation(tmp_path):
    bank = load(EVERY_TYPE_YAML)
    text, warnings = export_bank(bank, "gift")
    assert warnings == []
    again = reimport(text, tmp_path)
    assert again.model_dump() == bank.model_dump()  # ids, tags, sources and bank fields too


def test_multiple_choice_is_written_the_way_moodle_exports_it():
    text, _ = export_bank(load(EVERY_TYPE_YAML), "gift")
    assert "\t~%25%\\~ 波浪号\n" in text
    assert "\t~%-100%汉字“甲”\n" in text
    assert "\t~%50%疏散通道\n\t~%-100%招牌颜色\n" in text
    assert "::mix-04::发现火情可以先拍照发朋友圈再报警。{FALSE}" in text
    assert "$CATEGORY: $course$/top/综合//混合练习" in text


def test_reads_a_hand_written_moodle_file(tmp_path):
    text = """\
// 一份手写的 GIFT 文件
$CATEGORY: $course$/top/消防/灭火器

::Q1 灭火器::灭火时喷管对准 { =火焰根部 ~火焰顶部 ~浓烟 }

灭火器每月检查一次。{T}

::q3::哪些是消防重点？{
  ~%50%疏散通道
  ~%50%安全出口
  ~%-50%招牌
####通道和出口关系到逃生。
}

[markdown]用水扑灭电器火灾是对的。{FALSE####先断电。}
"""
    bank = reimport(text, tmp_path, "xiaofang.gift")
    assert (bank.id, bank.title, bank.mode) == ("xiaofang", "灭火器", "practice")
    assert [q.id for q in bank.questions] == ["q-01", "q-02", "q3", "q-04"]
    first, second, third, fourth = bank.questions
    assert (first.type, first.stem, first.options, first.answer) == (
        "single",
        "灭火时喷管对准",
        {"A": "火焰根部", "B": "火焰顶部", "C": "浓烟"},
        "A",
    )
    assert (second.type, second.answer) == ("true_false", True)
    assert (third.type, third.answer, third.explanation) == ("multiple", ["A", "B"], "通道和出口关系到逃生。")
    assert (fourth.stem, fourth.answer, fourth.explanation) == ("用水扑灭电器火灾是对的。", False, "先断电。")


def test_answer_feedback_is_merged_into_the_explanation_with_a_warning(tmp_path):
    path = tmp_path / "fb.gift"
    path.write_text(
        "问题 {=甲#对了 ~乙#错了，应选甲 ####总的解析}\n\n判断 {T#答错了#答对了}\n", encoding="utf-8"
    )
    imported = read_quiz_file(path, "fb.gift")
    first, second = imported.bank["questions"]
    assert first["explanation"] == "总的解析\n选“甲”：对了\n选“乙”：错了，应选甲"
    assert second["explanation"] == "答错时：答错了\n答对时：答对了"
    assert [(w.line, w.message) for w in imported.warnings] == [
        (1, "选项后的反馈（#…）已并入解析"),
        (3, "选项后的反馈（#…）已并入解析"),
    ]


UNSUPPORTED = """\
// 每种不支持的写法各一题
::numeric::2 加 2 等于几？{#4}

::matching::配对 {
  =消火栓 -> 灭火
  =担架 -> 救护
}

::short::中国的首都是？{=北京 =Beijing}

::essay::谈谈你对巡防的认识。{}

::missing::中国的首都是{=北京 ~上海}市。

只是一段说明文字，没有答案。

::partial::部分给分 {
  ~%70%甲
  ~%30%乙
  ~%0%丙
}

::two-right::两个等号 {=甲 =乙 ~丙}

::unclosed::没有闭合 {=甲 ~乙

::fine::这一题没问题 {=甲 ~乙}
"""


def test_unsupported_constructs_are_errors_with_their_line(tmp_path):
    path = tmp_path / "bad.gift"
    path.write_text(UNSUPPORTED, encoding="utf-8")
    with pytest.raises(FormatProblems) as caught:
        read_quiz_file(path, "bad.gift")
    found = [(d.line, d.message) for d in caught.value.diagnostics]
    assert found == [
        (2, "{# …} 是数值题，不支持"),
        (5, "含有 -> 的是匹配题，不支持"),
        (9, "只有 = 没有 ~ 的是简答题（short answer），不支持"),
        (11, "答案部分是空的 {}：这是问答题（essay），不支持"),
        (13, "答案部分后面还有文字：这是填空题（missing word），不支持"),
        (15, "这道题没有答案部分 {…}（说明文字题）"),
        (18, "按比例给分（70%、30%、0%）不支持：多选题的正确选项必须平分 100%，错误选项为 0 或负分"),
        (23, "有 2 个以 = 开头的正确答案；单选题只能有一个 ="),
        (25, "答案部分的 { 没有对应的 }"),
    ]
    assert all(d.path == "bad.gift" and d.hint for d in caught.value.diagnostics)


def test_too_many_or_too_few_options():
    bank = read_gift("多 {=1 ~2 ~3 ~4 ~5 ~6 ~7 ~8 ~9}\n\n少 {=1}\n\n少二 {~%100%1}\n", "x.gift")
    assert [(d.line, d.message) for d in bank.errors] == [
        (1, "有 9 个选项，最多只支持 8 个（A～H）"),
        (3, "只有 = 没有 ~ 的是简答题（short answer），不支持"),
        (5, "选择题至少要有 2 个选项"),
    ]


def test_a_converted_bank_that_breaks_a_schema_rule_points_at_the_gift_line(tmp_path):
    path = tmp_path / "dup.gift"
    path.write_text("同一个题干 {=甲 ~乙}\n\n\n同一个题干 {=乙 ~丙}\n", encoding="utf-8")
    with pytest.raises(FormatProblems) as caught:
        read_quiz_file(path, "dup.gift")
    (problem,) = caught.value.diagnostics
    assert (problem.line, problem.field) == (4, "questions[1].stem")
    assert "题干与第 1 题重复" in problem.message


def test_a_line_break_in_the_title_or_a_tag_cannot_add_a_question(tmp_path):
    bank = load(EVERY_TYPE_YAML)
    bank.title = "综合\n\n::injected::假题{TRUE}"
    bank.questions[0].tags = ["巡查\n::also-injected::假题{FALSE}"]
    text, _ = export_bank(bank, "gift")
    again = reimport(text, tmp_path)
    assert [q.id for q in again.questions] == [q.id for q in bank.questions]
    assert again.title == "综合 ::injected::假题{TRUE}"
    assert again.questions[0].tags == ["巡查 ::also-injected::假题{FALSE}"]
