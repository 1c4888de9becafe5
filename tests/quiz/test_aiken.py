"""Aiken: single choice and true/false (as 正确/错误) round-trip; what Aiken cannot hold is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.schema import QuizBank
from generator.diagnostics import Severity
from generator.quizformats.aiken import read_aiken
from generator.quizformats.common import FormatProblems
from generator.quizformats.convert import export_bank, read_quiz_file

from .banks import EVERY_TYPE_YAML, load

SINGLE_AND_TRUE_FALSE = """\
id: bank-aiken
title: Aiken 练习
mode: practice
questions:
  - id: q-01
    type: single
    stem: |-
      巡查结束后应当做什么？
      （选一项）
    options:
      A: 直接回家
      B: 如实填写巡查日志
      C: 发朋友圈
    answer: B
  - id: q-02
    type: true_false
    stem: 每季度至少组织一次实战演练。
    answer: true
  - id: q-03
    type: true_false
    stem: 可以用湿手触碰电源开关。
    answer: false
"""


def reimport(text: str, tmp_path: Path, **options) -> QuizBank:
    path = tmp_path / "bank-aiken.txt"
    path.write_text(text, encoding="utf-8")
    return QuizBank.model_validate(read_quiz_file(path, path.name, **options).bank)


def test_round_trip_of_single_choice_and_true_false(tmp_path):
    bank = load(SINGLE_AND_TRUE_FALSE)
    text, warnings = export_bank(bank, "aiken")
    assert warnings == []
    assert "每季度至少组织一次实战演练。\nA. 正确\nB. 错误\nANSWER: A\n" in text
    again = reimport(text, tmp_path, title="Aiken 练习")
    assert again.model_dump() == bank.model_dump()


def test_multiple_choice_cannot_be_exported_without_skipping(tmp_path):
    bank = load(EVERY_TYPE_YAML)
    with pytest.raises(FormatProblems) as caught:
        export_bank(bank, "aiken")
    assert [d.message for d in caught.value.diagnostics] == [
        "第 2 题 mix-02 是多选题，Aiken 格式只能保存单选题",
        "第 5 题 mix-05 是多选题，Aiken 格式只能保存单选题",
    ]


def test_skipping_keeps_the_rest_and_warns_about_every_loss(tmp_path):
    bank = load(EVERY_TYPE_YAML)
    text, warnings = export_bank(bank, "aiken", skip_unsupported=True)
    assert all(w.severity is Severity.WARNING for w in warnings)
    assert [w.message for w in warnings] == [
        "Aiken 格式不能保存多选题，已跳过 2 道：mix-02、mix-05",
        "Aiken 格式不能保存解析，已略去 2 道题的解析：mix-01、mix-03",
        "Aiken 格式不能保存标签和出处，已略去 2 道题的标签或出处：mix-01、mix-03",
    ]
    again = reimport(text, tmp_path)
    kept = [q for q in bank.questions if q.type != "multiple"]
    assert [(q.type, q.stem, q.options, q.answer) for q in again.questions] == [
        (q.type, q.stem, q.options, q.answer) for q in kept
    ]


BROKEN = """\
题一
A. 甲
B. 乙

题二
A. 甲
B. 乙
ANSWER: C

题三
A. 甲
C. 乙
ANSWER: A

题四
A. 甲
B. 乙
ANSWER: A, B

题五
A. 甲
B. 乙
这一行不该在这里
ANSWER: A

ANSWER: B

题七
ANSWER: A

题八没有答案
A. 甲
B. 乙
"""


def test_errors_name_their_lines():
    bank = read_aiken(BROKEN, "broken.txt")
    assert [(d.line, d.message) for d in bank.errors] == [
        (1, "这道题缺少 ANSWER: 行"),
        (8, "答案 “C” 不是本题的选项（可选：A、B）"),
        (12, "选项字母应为 B，这里是 C"),
        (18, "ANSWER: A, B 有多个答案；Aiken 格式只支持单选题"),
        (23, "选项之后应当是 ANSWER: 行，这里是别的文字"),
        (26, "ANSWER: 前面没有题目"),
        (28, "题干后面没有选项"),
        (31, "这道题缺少 ANSWER: 行"),
    ]
    assert bank.questions == []


def test_a_gbk_file_from_old_notepad_is_read_with_a_warning(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("巡查后做什么？\nA. 回家\nB. 写日志\nANSWER: B\n".encode("gbk"))
    imported = read_quiz_file(path, "old.txt")
    assert imported.bank["questions"][0]["options"] == {"A": "回家", "B": "写日志"}
    assert [w.message for w in imported.warnings] == ["文件不是 UTF-8 编码，已按 GB18030（GBK）读取"]
