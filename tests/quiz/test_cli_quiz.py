"""`pingan quiz import` and `pingan quiz export` end to end, through the CLI."""

from __future__ import annotations

from .banks import EVERY_TYPE_YAML
from .test_gift import UNSUPPORTED


def test_import_writes_a_bank_that_pingan_check_accepts(project, run, tmp_path):
    root = project()
    source = tmp_path / "Fire Safety.gift"
    source.write_text("::f1::灭火时喷管对准 {=火焰根部 ~火焰顶部}\n\n电器着火先断电。{T}\n", encoding="utf-8")
    code, out, err = run("-C", str(root), "quiz", "import", str(source))
    assert (code, err) == (0, "")
    assert "已导入 2 道题（单选 1，判断 1）→ quizzes/fire-safety.yml" in out
    written = (root / "quizzes/fire-safety.yml").read_text(encoding="utf-8")
    assert "title: Fire Safety\nmode: practice\nquestions:\n  - id: f1\n" in written
    code, out, err = run("check", str(root))
    assert code == 0, err
    assert "2 个题库" in out


def test_import_never_overwrites_without_force(project, run, tmp_path):
    root = project()
    source = tmp_path / "basics.gift"
    source.write_text("问题 {=甲 ~乙}\n", encoding="utf-8")
    before = (root / "quizzes/basics.yml").read_bytes()
    code, _, err = run("-C", str(root), "quiz", "import", str(source))
    assert code == 1
    assert "quizzes/basics.yml 已经存在，没有覆盖 — 换一个 -o 路径，或加 --force 覆盖" in err
    assert (root / "quizzes/basics.yml").read_bytes() == before
    code, _, err = run("-C", str(root), "quiz", "import", str(source), "--force")
    assert code == 0, err
    assert "问题" in (root / "quizzes/basics.yml").read_text(encoding="utf-8")


def test_import_refuses_an_id_another_bank_uses(project, run, tmp_path):
    root = project()
    source = tmp_path / "x.gift"
    source.write_text("问题 {=甲 ~乙}\n", encoding="utf-8")
    code, _, err = run(
        "-C", str(root), "quiz", "import", str(source), "--id", "basics", "-o", str(root / "quizzes/new.yml")
    )
    assert code == 1 and "题库编号 basics 已被 quizzes/basics.yml 使用" in err
    assert not (root / "quizzes/new.yml").exists()


def test_unsupported_constructs_exit_2_with_lines_and_write_nothing(project, run, tmp_path):
    root = project()
    source = tmp_path / "bad.gift"
    source.write_text(UNSUPPORTED, encoding="utf-8")
    code, _, err = run("-C", str(root), "quiz", "import", str(source))
    assert code == 2
    assert "Traceback" not in err
    assert (
        f"{source.as_posix()}:2:1: {{# …}} 是数值题，不支持 — pingan 只支持单选、多选（全对才得分）、判断题"
        in err
    )
    assert f"{source.as_posix()}:13:1: 答案部分后面还有文字：这是填空题（missing word），不支持" in err
    assert "没有导入：9 个问题，未写入任何文件" in err
    assert sorted(p.name for p in (root / "quizzes").iterdir()) == ["basics.yml"]


def test_sources_that_do_not_resolve_here_are_dropped_with_a_warning(project, run, tmp_path):
    root = project()
    source = tmp_path / "mixed.gift"
    source.write_text(
        "// [source:policy:nowhere#1]\n问题 {=甲 ~乙}\n\n// [source:policy:work-plan#mechanism]\n问题二 {=甲 ~乙}\n",
        encoding="utf-8",
    )
    code, _, err = run("-C", str(root), "quiz", "import", str(source))
    assert code == 0
    assert (
        f"{source.as_posix()}:2:1: questions[0].source: [警告] 出处 policy:nowhere#1 在本项目中找不到，已略去"
        in err
    )
    text = (root / "quizzes/mixed.yml").read_text(encoding="utf-8")
    assert "nowhere" not in text and "source: policy:work-plan#mechanism" in text
    assert run("check", str(root))[0] == 0


def test_export_gift_to_a_file_and_back(project, run, tmp_path):
    root = project({"quizzes/mixed.yml": EVERY_TYPE_YAML})
    out_file = tmp_path / "mixed.gift"
    code, out, err = run(
        "-C", str(root), "quiz", "export", "bank-mixed", "--format", "gift", "-o", str(out_file)
    )
    assert code == 0
    assert "已导出 5 道题" in out
    assert "bank-mixed 是考试题库，导出的文件含答案" in err
    (root / "quizzes/mixed.yml").unlink()
    code, _, err = run("-C", str(root), "quiz", "import", str(out_file))
    assert code == 0, err
    assert (root / "quizzes/bank-mixed.yml").is_file()
    assert run("check", str(root))[0] == 0


def test_export_aiken_to_stdout_and_its_limits(project, run):
    root = project({"quizzes/mixed.yml": EVERY_TYPE_YAML})
    code, out, err = run("-C", str(root), "quiz", "export", "bank-mixed", "--format", "aiken")
    assert code == 2 and out == ""
    assert "quizzes/mixed.yml:20:5: questions[1]: 第 2 题 mix-02 是多选题，Aiken 格式只能保存单选题" in err
    code, out, err = run(
        "-C", str(root), "quiz", "export", "bank-mixed", "--format", "aiken", "--skip-unsupported"
    )
    assert code == 0
    assert out.startswith("灭火器的压力表指针在哪个区域表示正常？\nA. 红区\nB. 绿区\nC. 黄区\nANSWER: B\n\n")
    assert "已跳过 2 道：mix-02、mix-05" in err


def test_export_of_an_unknown_bank(project, run):
    code, _, err = run("-C", str(project()), "quiz", "export", "nope", "--format", "gift")
    assert code == 1 and "没有编号为 nope 的题库 — 可用的题库：basics" in err


def test_quiz_commands_have_chinese_help_with_examples(run):
    for command in (["quiz"], ["quiz", "import"], ["quiz", "export"]):
        code, out, _ = run(*command, "--help")
        assert code == 0 and "示例：pingan quiz" in out, command
