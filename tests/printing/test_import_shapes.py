"""What offices really paste, imported, checked with --strict and printed: number, red header,
headings, date and 版记 come out of the PDF.

One fixture per shape (our own text, the structure of real pastes): a web page with the
number in the title line, a split 【字体 bar, share buttons, a site footer and an .xls list;
a notice with `1、` items; a document without a number; a Traditional Chinese notice.
"""

from __future__ import annotations

import shutil

import pdfplumber
import pytest
import yaml

from generator.cli import main
from tests.conftest import SCAFFOLD
from tests.printing.conftest import FIXTURES, flat, pdf_fonts, pdf_text

SHAPES = {
    "meixi-flood-plan-webpage.txt": {
        "path": "content/policies/policy-2023-17.yml",
        "pdf": "print/policies/policy-2023-17.pdf",
        "number": "梅溪府办〔2023〕17号",
        "mark": "梅溪镇人民政府办公室文件",
        "texts": ["梅溪镇防汛期间群防群治工作方案", "一、工作目标", "（二）巡查队伍", "2023年5月6日",
                  "附件：1.梅溪镇防汛巡查责任表", "抄送：镇党委，镇人大主席团。", "2023年5月8日印发"],
        "absent": ["字体", "扫一扫", "微信", "网站标识码", "上一篇", ".xls", "浏览次数"],
    },
    "hexi-volunteers-items.txt": {
        "path": "content/notices/notice-2024-8.yml",
        "pdf": "print/notices/notice-2024-8.pdf",
        "number": "河西街发〔2024〕8号",
        "mark": "河西街道办事处文件",
        "texts": ["一、招募条件", "1、年满18周岁，身体健康；", "（二）排班巡逻", "2024年4月8日",
                  "（此件依申请公开）", "抄送：区委政法委，区公安分局河西派出所。", "河西街道党政办公室", "2024年4月8日印发"],
        "absent": [],
    },
    "shiqiao-no-number.txt": {
        "path": "content/notices/notice-20241125.yml",
        "pdf": "print/notices/notice-20241125.pdf",
        "number": None,
        "mark": None,
        "texts": ["石桥村关于开展冬季防火巡查的通知", "一、巡查时间", "（二）野外用火", "石桥村村民委员会", "2024年11月25日"],
        "absent": [],
    },
    "songxi-notice-traditional.txt": {
        "path": "content/notices/notice-20240715.yml",
        "pdf": "print/notices/notice-20240715.pdf",
        "number": "松鄉發〔2024〕12號",
        "mark": "松溪鄉公所文件",
        "texts": ["松溪鄉公所關於加強颱風期間巡守工作的通知", "一、巡守範圍", "（二）及時報告", "2024年7月15日",
                  "（此件公開發布）", "抄送：縣政府消防局，松溪派出所。", "2024年7月16日印發"],
        "absent": [],
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("shapes") / "proj"
    shutil.copytree(SCAFFOLD, root)
    for name in SHAPES:
        assert main(["-C", str(root), "import-doc", str(FIXTURES / "imports" / name)]) == 0, name
    assert main(["check", "--strict", str(root)]) == 0
    assert main(["pdf", "-q", str(root)]) == 0
    return root


@pytest.mark.parametrize("name", SHAPES)
def test_import_check_and_print(imported, name):
    shape = SHAPES[name]
    data = yaml.safe_load((imported / shape["path"]).read_text(encoding="utf-8"))
    assert data.get("doc_number") == shape["number"]
    pdf = imported / shape["pdf"]
    printed = flat(pdf_text(pdf))
    for expected in shape["texts"]:
        assert flat(expected) in printed, expected
    for clutter in shape["absent"]:
        assert clutter not in printed and clutter not in yaml.safe_dump(data, allow_unicode=True), clutter
    assert not [f for f in pdf_fonts(pdf) if f["type"] == "Type 3"]
    with pdfplumber.open(pdf) as doc:
        first = doc.pages[0]
        red = [c for c in first.chars if c["non_stroking_color"] and c["non_stroking_color"][0] > 0.8
               and c["non_stroking_color"][1] < 0.1]  # fmt: skip
        if shape["mark"]:
            assert flat("".join(c["text"] for c in red)) == shape["mark"]  # the red 发文机关标志
            assert flat(shape["number"]) in flat(first.extract_text())
        else:
            assert not red  # no number: no red header
