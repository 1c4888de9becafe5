"""Hostile YAML in every reader that takes YAML, and hostile XML inside .xlsx and .docx files.

Each is refused with the file, the line and a hint, by a real ``pingan`` process running under
200 MB of address space and a few CPU seconds (tests/hostile.py): before these limits, an alias
bomb ran past 30 s and 2 GB, 20,000 levels of nesting ended in an internal RecursionError, and an
entity bomb took minutes.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from openpyxl import Workbook

from generator.content.loader import load_yaml
from tests.hostile import (
    BLOCK_MAPPING_DEPTH,
    DEEP_FORMS,
    dtd_billion_laughs,
    dtd_external,
    dtd_quadratic,
    run_limited,
    with_dtd_in_part,
    yaml_alias_bomb,
    yaml_deep,
)

ALIAS_HINT = "别名（*名称）只适合少量重复；请把内容直接写出来，不要让别名层层引用别名"
ALIAS = "YAML 别名 *lol3 展开后，全文由别名产生的值超过 10,000 个 — " + ALIAS_HINT
DEEP = (
    "YAML 嵌套超过 200 层 — 内容文件只用得到几层嵌套；请检查这里是否有多余的 [ 或 {，或缩进是否一层比一层深"
)
# Where each hostile value is refused when one line comes before it: the 8th alias of lol3 on the line
# of lol4 (the values made by aliases pass 10,000 there), or the 201st level (the top mapping is the 1st).
ALIAS_AT = "7:65"
DEEP_AT = {"flow-list": "2:206", "flow-mapping": "2:803", "block-list": "3:399", "block-mapping": "202:201"}
XML_DTD = (
    "XML 含有文档类型声明（<!DOCTYPE …>），出于安全考虑不读取{where} — 文档类型声明可以定义实体，"
    "用来把几行文字展开成几十亿字或读取本机文件；正常导出的文件没有这一部分，请从原软件重新导出"
)


def deep(form: str) -> str:
    return yaml_deep(form, "deep", BLOCK_MAPPING_DEPTH if form == "block-mapping" else 20_000)


def refused(code: int, err: str, *expected: str) -> None:
    assert code == 2, (
        f"exit {code} (−24: over the CPU limit; 1 with MemoryError: over the memory limit)\n{err}"
    )
    lines = err.splitlines()
    for line in expected:
        assert line in lines, f"expected {line!r} in:\n{err}"


# --- YAML: content files, quiz banks, site_config (one `pingan check` reports them all) ------------


def test_every_hostile_form_in_content_banks_and_config_is_refused_in_one_run(project):
    files = {"site_config.yml": "site:\n  name: 站\n" + yaml_alias_bomb()}
    for folder, head in (("content/notices", "id: n\n"), ("quizzes", "id: b\n")):
        files[f"{folder}/alias.yml"] = head + yaml_alias_bomb()
        for form in DEEP_FORMS:
            files[f"{folder}/{form}.yml"] = head + deep(form)
    root = project(files)
    code, _out, err = run_limited("check", str(root))
    expected = ["site_config.yml:8:65: " + ALIAS]  # two lines before it
    for folder in ("content/notices", "quizzes"):
        expected.append(f"{folder}/alias.yml:{ALIAS_AT}: {ALIAS}")
        expected += [f"{folder}/{form}.yml:{DEEP_AT[form]}: {DEEP}" for form in DEEP_FORMS]
    refused(code, err, *expected)
    assert "发现 11 个错误" in err


@pytest.mark.parametrize("form", ["alias", *DEEP_FORMS])
def test_hostile_roster_is_refused(form, project):
    text = "teams: []\n" + (yaml_alias_bomb() if form == "alias" else deep(form))
    root = project({"content/roster.yml": text})
    code, _out, err = run_limited("check", str(root))
    refused(
        code,
        err,
        "content/roster.yml:" + (f"{ALIAS_AT}: {ALIAS}" if form == "alias" else f"{DEEP_AT[form]}: {DEEP}"),
    )


@pytest.mark.parametrize("form", ["alias", *DEEP_FORMS])
def test_hostile_attendance_yaml_is_refused_and_nothing_is_recorded(form, project, tmp_path):
    root = project()
    sheet = root / "考勤.yml"
    hostile = yaml_alias_bomb() if form == "alias" else deep(form)
    sheet.write_text("# 六月考勤\n" + hostile, encoding="utf-8")
    database = tmp_path / "records.db"
    code, _out, err = run_limited(
        "-C",
        str(root),
        "attendance",
        "import",
        str(sheet),
        env={"PINGAN_DATABASE_URL": f"sqlite:///{database}"},
    )
    where = f"{ALIAS_AT}: {ALIAS}" if form == "alias" else f"{DEEP_AT[form]}: {DEEP}"
    refused(code, err, f"考勤.yml:{where}")
    assert not database.exists()


def test_quiz_import_looks_past_a_hostile_bank_in_the_project(project, tmp_path):
    """`quiz import` reads the project's banks to find a clashing id; a bomb among them costs nothing."""
    root = project(
        {"quizzes/bomb.yml": "id: bomb\n" + yaml_alias_bomb(), "quizzes/deep.yml": deep("flow-list")}
    )
    gift = tmp_path / "fire.gift"
    gift.write_text("::f1:: 灭火器压力表指针在绿区表示正常。{T}\n", encoding="utf-8")
    code, out, err = run_limited("-C", str(root), "quiz", "import", str(gift))
    assert code == 0, err
    assert (root / "quizzes" / "fire.yml").is_file(), out


def test_a_file_over_32_mb_is_refused_without_being_parsed(project):
    root = project({"content/notices/big.yml": "id: n\nbody: |\n" + "  某某乡开展消防安全检查。\n" * 900_000})
    code, _out, err = run_limited("check", str(root))
    refused(
        code,
        err,
        "content/notices/big.yml:0:0: YAML 文件太大（33.5 MB，上限 32 MB） — "
        "内容文件通常只有几 KB 到几百 KB；请检查是否放错了文件，或把内容拆成多个文件",
    )


# --- YAML: what stays as it was ---------------------------------------------------------------------


def test_aliases_within_the_limit_still_expand_to_fresh_values_with_positions(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text("base: &b {x: 1, y: [2, 3]}\ncopy: *b\nlist: [*b, *b]\n", encoding="utf-8")
    source, problems = load_yaml(path, "a.yml")
    assert problems == []
    assert source.data == {
        "base": {"x": 1, "y": [2, 3]},
        "copy": {"x": 1, "y": [2, 3]},
        "list": [source.data["base"]] * 2,
    }
    assert source.data["copy"] is not source.data["base"]  # a copy: changing one never changes the other
    assert source.position(("copy", "y", 1)) == (1, 24)  # an alias's values point at the anchored text
    assert source.position(("list", 1)) == (1, 7)  # where the anchor starts, as PyYAML's node did


def test_a_recursive_alias_and_a_merge_key_are_errors_not_crashes(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text("a: &a [1, *a]\n", encoding="utf-8")
    assert [d.format() for d in load_yaml(path, "a.yml")[1]] == [
        "a.yml:1:11: YAML 别名 *a 出现在它自己的锚点 &a 里面（循环引用） — 删除这个别名，或把它移到锚点所在的内容之外"
    ]
    path.write_text("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", encoding="utf-8")
    source, problems = load_yaml(path, "a.yml")
    assert [d.format() for d in problems] == [
        "a.yml:3:3: other: 无法识别的值：could not determine a constructor for the tag 'tag:yaml.org,2002:merge'"
    ]
    assert source.data == {"base": {"x": 1}, "other": {"y": 2}}


def test_nesting_up_to_the_limit_still_loads(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text("deep: " + "[" * 199 + "x" + "]" * 199 + "\n", encoding="utf-8")
    source, problems = load_yaml(path, "a.yml")
    assert problems == []
    value = source.data["deep"]
    for _ in range(198):
        value = value[0]
    assert value == ["x"]


# --- XML inside Office files ------------------------------------------------------------------------


def xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Each command reads its sheet through the same reader; the DTD goes into the sheet's XML.
SHEETS = {
    "roster": [["姓名", "所属队伍"], ["张三", "MARK"]],
    "attendance": [["日期", "类型", "课程", "编号", "状态"], ["2024-06-05", "培训", "m01", "MARK", "出勤"]],
    "answers": [["编号", "题库", "题号", "答案"], ["MARK", "basics", "q1", "A"]],
}


@pytest.mark.parametrize(
    ("command", "bomb"),
    [
        ("roster", "laughs"),
        ("attendance", "laughs"),
        ("answers", "laughs"),
        ("attendance", "external"),
        ("attendance", "quadratic"),
    ],
)
def test_an_xlsx_with_a_dtd_in_its_sheet_is_refused(command, bomb, project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-7d1f", encoding="utf-8")
    dtd, reference = {
        "laughs": dtd_billion_laughs("worksheet"),
        "external": dtd_external("worksheet", secret),
        "quadratic": dtd_quadratic("worksheet"),
    }[bomb]
    root = project()
    sheet = tmp_path / "表.xlsx"
    sheet.write_bytes(
        with_dtd_in_part(xlsx(SHEETS[command]), "xl/worksheets/sheet1.xml", dtd, reference, "MARK")
    )
    database = tmp_path / "records.db"
    code, out, err = run_limited(
        "-C", str(root), command, "import", str(sheet), env={"PINGAN_DATABASE_URL": f"sqlite:///{database}"}
    )
    refused(code, err, f"{sheet}:0:0: " + XML_DTD.format(where="（xl/worksheets/sheet1.xml 第 2 行）"))
    assert "SECRET-7d1f" not in out + err + (root / "content" / "roster.yml").read_text(encoding="utf-8")
    assert not database.exists()


@pytest.mark.parametrize("bomb", ["laughs", "external", "quadratic"])
def test_a_docx_with_a_dtd_is_refused_before_pandoc_reads_it(bomb, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-7d1f", encoding="utf-8")
    dtd, reference = {
        "laughs": dtd_billion_laughs("w:document"),
        "external": dtd_external("w:document", secret),
        "quadratic": dtd_quadratic("w:document"),
    }[bomb]
    document = Document()
    document.add_paragraph("关于开展消防安全检查的通知")
    document.add_paragraph("各村（社区）：MARK")
    out = io.BytesIO()
    document.save(out)
    path = tmp_path / "通知.docx"
    path.write_bytes(with_dtd_in_part(out.getvalue(), "word/document.xml", dtd, reference, "MARK"))
    target = tmp_path / "通知.yml"
    code, stdout, err = run_limited("import-doc", str(path), "-o", str(target))
    refused(code, err, f"{path}:0:0: " + XML_DTD.format(where="（word/document.xml 第 2 行）"))
    assert not target.exists()
    assert "SECRET-7d1f" not in stdout + err


def test_too_many_values_are_refused_where_the_limit_is_crossed(tmp_path, monkeypatch):
    from generator.content import loader

    monkeypatch.setattr(loader, "MAX_VALUES", 10)  # 2,000,000 in earnest; the same check
    path = tmp_path / "a.yml"
    path.write_text("a: [1, 2, 3]\nb:\n  - [4, 5, 6, 7]\n  - 8\n", encoding="utf-8")
    # the top mapping, a, its list, 1, 2, 3, b, its list, [4…], 4 are ten values; 5 is the eleventh
    assert [d.format() for d in load_yaml(path, "a.yml")[1]] == [
        "a.yml:3:9: YAML 文件中的值超过 10 个 — 请把内容拆成多个文件"
    ]


def test_office_parts_are_checked_up_to_their_first_element_only(tmp_path):
    """An image part is not XML and is left to openpyxl; a part whose first element comes only after
    64 KB (where a DTD could hide behind a long comment) is refused."""
    from generator.safexml import XMLRefused, check_package

    with_image = tmp_path / "image.xlsx"
    with_image.write_bytes(
        with_dtd_in_part(xlsx(SHEETS["roster"]), "xl/worksheets/sheet1.xml", "", "MARK", "MARK")
    )
    with zipfile.ZipFile(with_image, "a") as package:
        package.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100)
    check_package(with_image)  # nothing to refuse

    padded = tmp_path / "padded.xlsx"
    comment = "<!--" + "填充" * 40_000 + "-->"
    padded.write_bytes(
        with_dtd_in_part(xlsx(SHEETS["roster"]), "xl/workbook.xml", comment, "<workbook", "<workbook")
    )
    with pytest.raises(XMLRefused) as refusal:
        check_package(padded)
    assert str(refusal.value) == (
        "XML 在第一个元素之前有超过 64 KB 的内容（xl/workbook.xml 第 2 行） — "
        "正常导出的文件开头只有一行 <?xml …?> 声明；请从原软件重新导出"
    )
