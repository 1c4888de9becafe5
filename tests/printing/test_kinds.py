"""Every document kind, printed from the example content by `pingan build`.

For each kind: the PDF exists where its area says, pdftotext finds its title and key
text, pdffonts shows every font embedded, and the paper is A4 (A6 for the pocket card).
"""

from __future__ import annotations

import subprocess

import pytest

from generator.printing import KINDS
from tests.printing.conftest import flat, page_size_mm, pdf_fonts, pdf_info, pdf_text

# kind → (file under the project, texts it must contain, paper (w, h) in mm)
A4, A6 = (210, 297), (105, 148)
EXPECTED = {
    "notice": (
        "print/notices/n2024-01.pdf",
        [
            "青石乡2024年第三季度巡逻防控时间表",
            "青石府通〔2024〕5号",
            "云溪县青石乡人民政府文件",
            "2024年6月28日",
            "（此件公开发布）",
            "—1—",
            "抄送：县委政法委，县公安局青石派出所。",
            "2024年6月28日印发",
        ],
        A4,
    ),
    "policy": (
        "print/policies/work-plan-2024.pdf",
        [
            "青石乡基层群防群治工作方案",
            "一、指导思想",
            "（一）队伍组建",
            "1.专（兼）职巡防队",
            "（1）护学岗",
            "抄送：",
            "印发",
        ],
        A4,
    ),
    "rules-poster": (
        "print/rules/wuyao-shibuzhun-poster.pdf",
        ["青石乡群防群治队员“五要十不准”", "五要", "十不准", "一要", "不准擅自在网上发布执勤现场"],
        A4,
    ),
    "rules-card": (
        "print/rules/wuyao-shibuzhun-card.pdf",
        ["五要", "十不准", "要服从指挥", "不准酒后执勤"],
        A6,
    ),
    "handout": (
        "print/modules/m2024-05.pdf",
        [
            "心肺复苏与自动体外除颤器",
            "培训讲义",
            "学习目标",
            "能判断伤病员有无意识和呼吸",
            "青石乡卫生院会议室",
        ],
        A4,
    ),
    "patrol-log": (
        "print/forms/patrol-log.pdf",
        [
            "巡查日志",
            "到岗人员",
            "巡查路线",
            "发现情况",
            "处置情况",
            "带队人签字",
            "□场镇集中区",
            "□护学岗",
            "门店、仓库门窗和防盗设施",
        ],
        A4,
    ),
    "exam-paper": (
        "trainer/exams/exam-2024h2.pdf",
        [
            "2024年下半年群防群治队员综合考试",
            "姓名",
            "得分",
            "青石乡中学护学岗的设岗时间是哪一项？",
            "B.每周五13:25和每周日14:00",
        ],
        A4,
    ),
    "answer-key": (
        "trainer/exams/exam-2024h2-key.pdf",
        ["答案与解析", "培训人员专用", "中心校每日16:00设岗"],
        A4,
    ),
    "sign-in": (
        "trainer/sign-in/m2024-05.pdf",
        [
            "技能培训签到表",
            "心肺复苏与自动体外除颤器",
            "专（兼）职巡防队",
            "罗建平",
            "队长（综治专干）",
            "本人签名",
        ],
        A4,
    ),
    "ledger": (  # from the example's demo records (tests/conftest.py example_site)
        "trainer/ledgers/台账-2024.pdf",
        ["云溪县青石乡人民政府2024年度培训演练考核台账", "队伍汇总", "队员明细", "罗建平", "制表人"],
        (297, 210),
    ),
}


def test_every_registered_kind_is_checked_here():
    assert set(EXPECTED) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_kind_prints_with_its_text_embedded_fonts_and_paper(example_site, kind):
    rel, texts, paper = EXPECTED[kind]
    pdf = example_site / rel
    assert pdf.is_file(), rel
    text = flat(pdf_text(pdf))
    for expected in texts:
        assert flat(expected) in text, (kind, expected)
    fonts = pdf_fonts(pdf)
    assert fonts and all(font["embedded"] == "yes" for font in fonts), fonts
    width, height = page_size_mm(pdf)
    assert (width, height) == pytest.approx(paper, abs=0.6)
    assert pdf_info(pdf)["Title"]  # the document title, not about:blank
    assert pdf_info(pdf)["Title"] != "about:blank"


def test_no_type_3_font_in_any_printed_file(example_site):
    """Every face is a CID (Type 0) TrueType font: searchable, copyable, accepted by print shops."""
    printed = sorted((example_site / "print").rglob("*.pdf")) + sorted(
        (example_site / "trainer").rglob("*.pdf")
    )
    assert len(printed) > 30
    for pdf in printed:
        fonts = pdf_fonts(pdf)
        assert fonts and all(f["type"] == "CID TrueType" and f["embedded"] == "yes" for f in fonts), (
            pdf.name,
            fonts,
        )


def test_text_extracts_as_typed_not_as_kangxi_radicals(example_site):
    """一、黑、青、民 share glyphs with radicals; the PDF must still say 一 and 青."""
    text = pdf_text(example_site / "print/policies/work-plan-2024.pdf")
    assert "一、指导思想" in text and "青石乡" in text and "人民政府" in text
    assert not [ch for ch in text if "\u2e80" <= ch <= "\u2fdf"]


def test_exam_paper_holds_no_answers_and_the_key_holds_them_all(example_site):
    paper = flat(pdf_text(example_site / "trainer/exams/exam-2024h2.pdf"))
    key = flat(pdf_text(example_site / "trainer/exams/exam-2024h2-key.pdf"))
    for explanation in ("中心校每日16:00设岗", "街面岗逢农历3、6、9日赶集日设立"):
        assert explanation not in paper and explanation in key  # explanations only in the key
    assert "1B中心校" in key  # question 1, answer B, then its explanation


def page_text(pdf, page: int) -> str:
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, check=True)  # fmt: skip
    return flat(out.stdout.decode())


def test_sign_in_sheets_one_per_team_list_its_names_but_never_phones_or_id_numbers(example_site):
    pdf = example_site / "trainer/sign-in/m2024-05.pdf"
    pages = [page_text(pdf, n) for n in range(1, int(pdf_info(pdf)["Pages"]) + 1)]
    teams = ["专（兼）职巡防队", "保安联防队", "平安志愿者队"]
    # every page carries its sheet's head (title, course, team, columns), so a team's pages are those naming it
    assert all("技能培训签到表" in text and "本人签名" in text for text in pages)
    sheets = ["".join(text for text in pages if f"队伍{team}" in text) for team in teams]
    for team, sheet in zip(teams, sheets, strict=True):
        assert team in sheet
    assert "罗建平" in sheets[0] and "冉晓梅" in sheets[0]
    assert "罗建平" not in sheets[1] + sheets[2]  # only that team's members
    everything = flat(pdf_text(pdf))
    assert "13800000001" not in everything and "138****0001" not in everything
    assert "500999197203140136" not in everything


def test_one_sign_in_file_per_module_drills_included(example_site):
    sheets = sorted(p.name for p in (example_site / "trainer/sign-in").glob("*.pdf"))
    assert len(sheets) == 16 and "d2024-q2.pdf" in sheets
    drill = flat(pdf_text(example_site / "trainer/sign-in/d2024-q2.pdf"))
    assert "实战演练签到表" in drill and "校园护学岗应急处置演练" in drill
