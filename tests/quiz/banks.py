"""Quiz banks used by the format tests."""

from __future__ import annotations

from generator.content.schema import QuizBank

# Every question type, and text that GIFT must escape: ~ = # { } : \ and line breaks.
EVERY_TYPE_YAML = """\
id: bank-mixed
title: 综合/混合练习
mode: exam
pass_mark: 80
description: |-
  覆盖单选、多选、判断三种题型。
  第二行说明：含冒号。
questions:
  - id: mix-01
    type: single
    stem: 灭火器的压力表指针在哪个区域表示正常？
    options:
      A: 红区
      B: 绿区
      C: 黄区
    answer: B
    explanation: 绿区正常；红区压力不足，黄区压力过高。
    tags: [消防, 灭火器]
    source: policy:work-plan#mechanism
  - id: mix-02
    type: multiple
    stem: 下列写法中哪些是 GIFT 的特殊字符？（如 {答案}、a=b、~、#、:）
    options:
      A: "~ 波浪号"
      B: "= 等号"
      C: "# 井号 与 \\\\ 反斜杠"
      D: 汉字“甲”
      E: "{ } 花括号"
    answer: [A, B, C, E]
    explanation: |-
      ~ = # { } : 都要加反斜杠。
      汉字不用。
  - id: mix-03
    type: true_false
    stem: 每季度至少组织一次实战演练。
    answer: true
    explanation: 见工作方案：每季度一次。
    source: policy:work-plan#2.1
  - id: mix-04
    type: true_false
    stem: 发现火情可以先拍照发朋友圈再报警。
    answer: false
  - id: mix-05
    type: multiple
    stem: 巡查时要查看哪两项？
    options:
      A: 疏散通道
      B: 招牌颜色
      C: 安全出口
      D: 营业额
    answer: [A, C]
    tags: [巡查]
"""


def load(text: str) -> QuizBank:
    import yaml

    return QuizBank.model_validate(yaml.safe_load(text))
