"""Forms that fit their sheets, measured from the PDFs of a project unlike the example.

- a short module's handout is one page, its notes filling what the lesson leaves;
- a sign-in sheet of 40 members repeats its head (course, date, team, columns) on every page
  and keeps the 应到/实到/签字 line with the last rows;
- the patrol log offers this project's areas, posts and checks, never the example's;
- no label, date or column head wraps: each head cell's text is one printed line.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict

import pdfplumber
import pytest

from generator.cli import main
from tests.conftest import SCAFFOLD, write_files
from tests.printing.conftest import MM, flat, pdf_fonts, pdf_text

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛"
ROSTER = "teams:\n  - id: river\n    name: 沿河巡防队\nmembers:\n" + "".join(
    f"  - id: R{n:03d}\n    name: {SURNAMES[n]}{'建国秀英'[n % 4]}\n    team: river\n    role: 队员\n"
    for n in range(40)
)
CONFIG_TAIL = """
print:
  patrol_log:
    areas: [沿河堤段, 集镇夜市]
    posts: [防汛值守岗]
    checklist: [堤段有无渗水管涌, 夜市摊点用电用火]
"""


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    root = tmp_path_factory.mktemp("forms") / "proj"
    shutil.copytree(SCAFFOLD, root)
    config = (root / "site_config.yml").read_text(encoding="utf-8") + CONFIG_TAIL
    write_files(root, {"content/roster.yml": ROSTER, "site_config.yml": config})
    assert main(["pdf", "-q", str(root)]) == 0
    return root


def _rows(page) -> list[tuple[float, str, list[dict]]]:
    rows = defaultdict(list)
    for char in page.chars:
        rows[round(char["top"])].append(char)
    return [
        (top, "".join(c["text"] for c in sorted(r, key=lambda c: c["x0"])), r)
        for top, r in sorted(rows.items())
    ]


def test_short_module_handout_is_one_page_with_notes_to_the_foot(forms):
    with pdfplumber.open(forms / "print/modules/m01.pdf") as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        texts = [t for _, t, _ in _rows(page)]
        assert any("学习笔记" in t for t in texts)
        lines = [r for r in page.rects + page.lines if r["x1"] - r["x0"] > 100 * MM and r["top"] / MM > 60]
        assert len(lines) >= 10  # ruled lines to write on
        assert max(r["bottom"] for r in lines) / MM > 297 - 20 - 12  # down to the foot of the page


def test_sign_in_of_40_members_repeats_its_head_and_keeps_the_footer_with_the_rows(forms):
    pdf_path = forms / "trainer/sign-in/m01.pdf"
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) >= 2
        for page in pdf.pages:
            text = flat(page.extract_text())
            for head in (
                "技能培训签到表",
                "巡查日志的填写",
                "沿河巡防队",
                "序号",
                "姓名",
                "本人签名",
                "2025年1月",
            ):
                assert head in text, (page.page_number, head)
        last = flat(pdf.pages[-1].extract_text())
        assert "应到40人" in last.replace(" ", "")
        numbers = [int(n) for n in re.findall(r"(?m)^(\d{1,2})\b", pdf.pages[-1].extract_text())]
        assert 43 in numbers  # the footer shares its page with the last row
        footer = next(c for c in pdf.pages[-1].chars if c["text"] == "应")
        row_43 = [c for c in pdf.pages[-1].chars if c["text"] == "3" and c["x0"] / MM < 35]
        assert row_43 and 0 < (footer["top"] - row_43[-1]["bottom"]) / MM < 12  # right under the last row
    everything = flat(pdf_text(pdf_path))
    assert all(f"{SURNAMES[n]}{'建国秀英'[n % 4]}" in everything for n in range(40))


def test_patrol_log_offers_this_projects_areas_not_the_examples(forms):
    pdf = forms / "print/forms/patrol-log.pdf"
    text = flat(pdf_text(pdf))
    for mine in ("□沿河堤段", "□集镇夜市", "□防汛值守岗", "堤段有无渗水管涌", "夜市摊点用电用火"):
        assert mine in text
    for example in ("场镇集中区", "企业生产区", "高山留守区"):
        assert example not in text
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 1
    assert not [f for f in pdf_fonts(pdf) if f["type"] == "Type 3"]


HEADS = {
    "trainer/sign-in/m01.pdf": ["序号", "姓名", "职务", "签到时间", "本人签名", "备注", "课程", "队伍", "日期"],
    "print/forms/patrol-log.pdf": ["巡查日期", "巡查时间", "巡查区域", "发现情况", "处置情况", "报告事项", "序号",
                                   "巡查要点", "情况说明", "编号："],
    "print/modules/m01.pdf": ["月份", "类型", "类别", "时长"],
}  # fmt: skip


@pytest.mark.parametrize("rel", sorted(HEADS))
def test_no_label_date_or_column_head_wraps(forms, rel):
    with pdfplumber.open(forms / rel) as pdf:
        page = pdf.pages[0]
        rows = _rows(page)
        for head in HEADS[rel]:
            assert any(head in text for _, text, _ in rows), f"{head} is not on one printed line"
        date_line = [text for _, text, _ in rows if "年" in text and "日" in text]
        if rel.endswith("patrol-log.pdf"):
            assert any("至" in text and text.count("时") == 2 for _, text, _ in rows)  # ＿时＿分 至 ＿时＿分
            assert any("星期" in text for text in date_line)
