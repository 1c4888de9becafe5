"""`pingan import-doc`: documents written in the seeds' style import, validate and build.

The fixtures are this project's own documents (tests/printing/fixtures/): a 印发 notice
with a plan numbered down to （1） and run-in headings, a Markdown notice with `1、` items,
a notice pasted from a web page with its navigation, a .docx (built here with python-docx)
and a Traditional Chinese one. Each section tree must match the source's headings.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from generator.cli import main
from generator.imports.document import import_document
from tests.conftest import SCAFFOLD
from tests.printing.conftest import FIXTURES, flat, pdf_fonts, pdf_text

Tree = list[tuple[str, "Tree"]]


def tree(sections: list[dict[str, Any]]) -> Tree:
    return [(s["title"], tree(s.get("sections", []))) for s in sections]


def write_docx_fixture(path: Path) -> None:
    """A township's rules as an office would type them in Word: bold headings, a table."""
    document = docx.Document()

    def para(text: str, bold: bool = False) -> None:
        document.add_paragraph().add_run(text).bold = bold

    para("松岭府发〔2025〕7号")
    para("松岭镇平安志愿者管理办法", bold=True)
    para("各村（社区）、镇级各有关部门：")
    para("为规范平安志愿者的招募、培训和管理，发挥志愿者在群防群治中的作用，制定本办法。")
    para("一、招募与登记", bold=True)
    para("（一）招募对象。年满18周岁、身体健康、热心公益的本镇居民均可报名。")
    para("（二）登记建档。志愿者报名后由所在村（社区）登记，统一录入志愿者名册。")
    para("二、培训与服务", bold=True)
    para("（一）岗前培训", bold=True)
    para("1.新入队志愿者须参加不少于4学时的岗前培训。")
    para("2.培训内容包括巡逻要领、应急救护和防诈骗知识。")
    para("（二）服务记录。每次服务后由带队人员在服务记录表上签字确认。")
    para("三、激励与退出", bold=True)
    para("服务时长计入志愿服务积分，年度积分靠前的给予表扬；连续三个月无故不参加服务的予以退出。")
    para("附件：志愿服务积分表")
    para("松岭县松岭镇人民政府")
    para("2025年2月20日")
    para("附件")
    para("志愿服务积分表")
    table = document.add_table(rows=3, cols=2)
    for row, (item, points) in enumerate(
        [("服务项目", "积分"), ("夜间巡逻1次", "2"), ("赶集日值守1次", "3")]
    ):
        table.cell(row, 0).text, table.cell(row, 1).text = item, points
    document.save(str(path))


SOURCES = {
    "flood": FIXTURES / "songling-flood-plan.txt",
    "volunteers": FIXTURES / "baishi-volunteers.md",
    "webpage": FIXTURES / "songling-summer-patrol-webpage.txt",
    "traditional": FIXTURES / "yunling-team-rules-traditional.txt",
    "word": None,  # written by write_docx_fixture
}


@pytest.fixture(scope="session")
def imported(tmp_path_factory):
    """Every fixture imported into one scaffold project, which is then built once."""
    base = tmp_path_factory.mktemp("import")
    root = base / "proj"
    shutil.copytree(SCAFFOLD, root)
    word = base / "songling-volunteer-rules.docx"
    write_docx_fixture(word)
    results = {}
    for name, source in SOURCES.items():
        results[name] = import_document(source or word, project_root=root, today=dt.date(2025, 1, 1))
    build = main(["build", "-q", str(root)])
    return root, results, build


def data_of(result) -> dict[str, Any]:
    return yaml.safe_load(result.path.read_text(encoding="utf-8"))


def test_all_imports_validate_and_the_project_builds(imported):
    root, results, build = imported
    for name, result in results.items():
        assert result.problems == [], (name, result.problems)
        folder = {"policy": "content/policies", "notice": "content/notices"}[result.kind]
        assert result.path.parent.relative_to(root).as_posix() == folder
    assert build == 0
    for name in ("flood", "traditional", "word"):
        assert (root / "print/policies" / f"{results[name].path.stem}.pdf").is_file()
    for name in ("volunteers", "webpage"):
        assert (root / "print/notices" / f"{results[name].path.stem}.pdf").is_file()


def test_a_printing_notice_with_its_plan_imports_the_plan_down_to_the_fourth_level(imported):
    result = imported[1]["flood"]
    data = data_of(result)
    assert result.kind == "policy"
    assert data["title"] == "松岭镇防汛期间群防群治巡查方案"
    assert data["doc_number"] == "松岭府发〔2025〕12号"
    assert data["issuer"] == "松岭县松岭镇人民政府" and data["date"] == dt.date(2025, 4, 3)
    assert data["addressees"] == ["各村（社区）", "镇级各有关部门"]
    assert data["public"] is True and data["publication_note"] == "此件公开发布"
    assert data["summary"].startswith("现将《松岭镇防汛期间群防群治巡查方案》印发给你们")
    assert data["body"].startswith("为做好2025年汛期群防群治巡查工作")
    assert tree(data["sections"]) == [
        ("工作目标", []),
        ("巡查力量", [
            ("巡查队伍", [("镇级巡查组", []), ("村级巡查组", [])]),
            ("值守安排", [("汛期值班", [("白天值守", []), ("夜间值守", [])]), ("信息报送", [])]),
        ]),
        ("工作要求", [("压实责任", []), ("规范记录", [])]),
    ]  # fmt: skip
    # A run-in heading keeps its sentence as the section's body.
    town = data["sections"][1]["sections"][0]["sections"][0]
    assert town["body"] == "由镇平安办牵头，抽调镇村干部和辅警共8人组成，分两班轮值。"
    assert [a["title"] for a in data["attachments"]] == ["汛期巡查路线表", "巡查日志样表"]
    assert data["record"] == {
        "printed_by": "松岭镇党政办公室",
        "print_date": dt.date(2025, 4, 3),
        "cc": ["松岭县防汛抗旱指挥部办公室", "松岭县公安局松岭派出所"],
    }
    assert any("印发通知" in note for note in result.notes)


def test_the_printed_plan_numbers_its_sections_as_the_source_did(imported):
    root, results, _ = imported
    text = flat(pdf_text(root / "print/policies" / f"{results['flood'].path.stem}.pdf"))
    for label in ("一、工作目标", "（二）值守安排", "1.汛期值班", "（2）夜间值守", "三、工作要求"):
        assert label in text


def test_a_markdown_notice_keeps_numbered_items_as_paragraphs_and_headings_in_its_body(imported):
    result = imported[1]["volunteers"]
    data = data_of(result)
    assert result.kind == "notice"
    assert data["title"] == "白石村关于招募护河志愿者的公告"
    assert data["issuer"] == "白石村村民委员会" and data["date"] == dt.date(2025, 5, 6)
    body = data["body"]
    assert body.startswith("为守护白石河两岸群众的安全，村民委员会决定面向全村招募")  # soft wrap joined
    headings = [line for line in body.splitlines() if line.startswith("#")]
    assert headings == [
        "## 一、招募条件",
        "## 二、服务内容",
        "### （一）日常巡河",
        "### （二）汛期值守",
        "## 三、报名方式",
    ]
    for item in ("1、年满18周岁，身体健康，熟悉白石河沿岸情况；", "3、会游泳或有水上救援经验的优先。"):
        assert f"\n\n{item}\n\n" in f"\n\n{body}\n\n"  # an item of a list, not a heading


def test_web_page_clutter_is_ignored_and_the_notice_found(imported):
    result = imported[1]["webpage"]
    data = data_of(result)
    text = result.path.read_text(encoding="utf-8")
    for clutter in (
        "首页",
        "发布时间",
        "浏览次数",
        "字体",
        "上一篇",
        "下一篇",
        "版权所有",
        "扫一扫",
        "政务公开",
    ):
        assert clutter not in text, clutter
    assert data["title"] == "松岭镇人民政府关于开展夏季治安巡防的通知"  # shown twice on the page, once here
    assert data["doc_number"] == "松岭府通〔2025〕20号"
    assert data["addressees"] == ["各村（社区）"] and data["date"] == dt.date(2025, 6, 10)
    assert [line for line in data["body"].splitlines() if line.startswith("#")] == [
        "## 一、巡防时间", "## 二、巡防重点", "### （一）夜市和广场", "### （二）河道沿线", "## 三、工作要求"
    ]  # fmt: skip
    assert any("已忽略网页导航" in note and "8 行" in note for note in result.notes)


def test_a_word_document_imports_with_its_headings_and_table(imported):
    root, results, _ = imported
    data = data_of(results["word"])
    assert data["title"] == "松岭镇平安志愿者管理办法" and data["doc_number"] == "松岭府发〔2025〕7号"
    assert tree(data["sections"]) == [
        ("招募与登记", [("招募对象", []), ("登记建档", [])]),
        ("培训与服务", [("岗前培训", []), ("服务记录", [])]),
        ("激励与退出", []),
    ]
    training = data["sections"][1]["sections"][0]
    assert training["body"].startswith("1.新入队志愿者须参加不少于4学时的岗前培训。")  # items, not headings
    attachment = data["attachments"][0]
    assert attachment["title"] == "志愿服务积分表" and "| 夜间巡逻1次" in attachment["body"]
    printed = flat(pdf_text(root / "print/policies" / f"{results['word'].path.stem}.pdf"))
    assert "赶集日值守1次" in printed  # the table reached the PDF


def test_a_traditional_chinese_document_imports_and_prints_in_the_tc_fonts(imported):
    root, results, _ = imported
    data = data_of(results["traditional"])
    assert data["title"] == "雲嶺鄉群防群治隊伍管理辦法" and data["issuer"] == "雲嶺鄉人民政府"
    assert tree(data["sections"]) == [
        ("隊伍組成", [("巡邏隊", []), ("志願者隊", [])]),
        ("工作職責", [("日常巡邏", []), ("宣傳教育", [])]),
        ("考核獎懲", []),
    ]
    pdf = root / "print/policies" / f"{results['traditional'].path.stem}.pdf"
    assert "一、隊伍組成" in pdf_text(pdf)
    assert all(font["embedded"] == "yes" for font in pdf_fonts(pdf))


def test_default_names_never_overwrite_and_unplaced_text_is_reported_and_kept(project, run, tmp_path):
    root = project()
    source = tmp_path / "short.txt"
    source.write_text(
        "关于做好春节期间值班工作的通知\n各村（社区）：\n春节期间各村要安排专人值班，遇有情况及时报告。\n"
        "松岭县松岭镇人民政府\n2025年1月20日\n联系人：镇平安办值班室，电话023-70001111\n",
        encoding="utf-8",
    )
    code, out, err = run("-C", str(root), "import-doc", str(source))
    assert code == 0, err
    first = root / "content/notices/notice-20250120.yml"
    assert first.is_file() and "content/notices/notice-20250120.yml" in out
    assert "第 6 行" in err and "联系人：镇平安办值班室" in err  # reported …
    assert "# 第 6 行：联系人：镇平安办值班室" in first.read_text(encoding="utf-8")  # … and kept
    code, out, err = run("-C", str(root), "import-doc", str(source))
    assert code == 0 and (root / "content/notices/notice-20250120-2.yml").is_file()
    assert run("check", str(root))[0] == 0

    code, _, err = run("import-doc", str(source), "-o", str(first))
    assert code == 1 and "已存在" in err and "Traceback" not in err


def test_import_outside_a_project_without_output_says_where_to_put_it(run, tmp_path, monkeypatch):
    source = FIXTURES / "baishi-volunteers.md"
    code, _, err = run("-C", str(tmp_path), "import-doc", str(source))
    assert code == 1 and "不是内容项目" in err and "-o" in err
    code, _, err = run("-C", str(tmp_path), "import-doc", str(source), "-o", "notice.yml")
    assert code == 0, err
    assert (
        yaml.safe_load((tmp_path / "notice.yml").read_text(encoding="utf-8"))["title"]
        == "白石村关于招募护河志愿者的公告"
    )


@pytest.mark.parametrize(("name", "content", "message"), [
    ("plan.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
    ("missing.txt", None, "找不到要导入的文件"),
    ("empty.txt", b"\n\n", "没有找到公文内容"),
])  # fmt: skip
def test_import_errors_are_clear(run, tmp_path, name, content, message):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    code, _, err = run("import-doc", str(source), "-o", str(tmp_path / "out.yml"))
    assert code == 1 and message in err and "Traceback" not in err


def test_a_gbk_text_file_is_read(run, tmp_path):
    source = tmp_path / "gbk.txt"
    source.write_bytes(
        (FIXTURES / "songling-summer-patrol-webpage.txt").read_text(encoding="utf-8").encode("gb18030")
    )
    code, _, err = run("import-doc", str(source), "-o", str(tmp_path / "out.yml"))
    assert code == 0, err
    assert (
        yaml.safe_load((tmp_path / "out.yml").read_text(encoding="utf-8"))["doc_number"]
        == "松岭府通〔2025〕20号"
    )
