"""Markdown fragments (a practice question's explanation) render exactly as Markdown renders them.

``fragment_html`` skips setting up Markdown for one plain line of text; every string here,
plain or not, must come out as the full converter makes it.
"""

from __future__ import annotations

import random

import pytest

from generator.privacy import scrub
from generator.sanitize import sanitize
from generator.site import markdown as site_markdown

PLAIN = [
    "发现可疑人员应先报告，不得擅自盘问。",
    "拨打110时说清地点、人数和方向",
    "正确。巡逻时两人一组，保持通讯畅通",
    "“369”赶集日人流量大，重点巡查农贸市场",
    "2.5 米以上的高处作业需要系安全带",
    "答案是 B：先疏散群众，再报告",
    "中文\u3000全角空格",
    "x",
    "他说\"注意安全\"，她说'收到'",
]
MARKED = [
    "制表符\t会被展开",
    "**重点**：先报告",
    "1. 先报告",
    "2) 再处置",
    "- 列表项",
    "+ 列表项",
    "# 标题",
    "> 引用",
    "    代码块",
    "见[制度](policies/a.md)",
    "`代码`",
    "A & B",
    "<b>粗</b>",
    "<script>alert(1)</script>",
    "第一行\n第二行",
    "第一段\n\n第二段",
    "!!! note\n    提示",
    "??? 折叠",
    "---",
    "***",
    "___",
    "一句话 {: .cls }",
    "a\\*b",
    "末尾有空格  ",
    " 开头有空格",
    "定义\n: 解释",
    "| 表 | 头 |\n|---|---|\n| 1 | 2 |",
    "电话 13800000002 要打码",
    "_斜体_",
    "~~删除~~",
    "=",
    "110",
    "110.",
    "3.14 是圆周率",
]


def full_converter(source: str) -> str:
    converter = site_markdown._fragment_converter().reset()
    return sanitize(converter.convert(scrub(source, "markdown"))).strip()


@pytest.mark.parametrize("source", PLAIN + MARKED)
def test_a_fragment_is_what_markdown_makes_of_it(source):
    assert site_markdown.fragment_html(source) == full_converter(source)


def test_plain_lines_take_the_short_way_and_marked_ones_do_not():
    fast = [s for s in PLAIN + MARKED if site_markdown._PLAIN_LINE.fullmatch(scrub(s, "markdown"))]
    assert set(PLAIN) <= set(fast)
    assert not {"**重点**：先报告", "# 标题", "第一行\n第二行", "A & B", "<b>粗</b>"} & set(fast)


def test_random_text_from_every_character_markdown_reads_renders_the_same():
    alphabet = "安全巡逻报告 。，：；“”（）0123456789abcXYZ.-+*_`[]()!<>&\\{}|~#?:=\t\n'\"\u00a0\u3000/%@$^"
    rng = random.Random(20261202)
    for _ in range(3000):
        source = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        assert site_markdown.fragment_html(source) == full_converter(source), repr(source)
