"""The CLI contract: Chinese help for every command, exit codes 0 / 2 / 1, init."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest

from generator.cli import cli


def all_commands(group=cli, prefix=()):
    """Every command path: groups and the commands inside them."""
    yield list(prefix)
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))
        else:
            yield [*prefix, name]


@pytest.mark.parametrize("command", list(all_commands()), ids=lambda c: " ".join(c) or "pingan")
def test_every_command_has_chinese_help_and_every_leaf_an_example(command, run):
    code, out, _ = run(*command, "--help")
    assert code == 0
    assert re.search(r"[\u4e00-\u9fff]{4,}", out), out
    target = cli
    for name in command:
        target = target.commands[name]
    if not isinstance(target, click.Group):
        assert "示例：pingan " + " ".join(command) in out


def test_check_valid_project_exits_0_with_summary(project, run):
    code, out, err = run("check", str(project()))
    assert (code, err) == (0, "")
    assert "内容检查通过：1 份制度、1 套守则、1 个课程、1 条通知、1 个题库（2 题）、1 名队员" in out


def test_check_runs_in_the_folder_named_by_dash_c(project, run):
    root = project()
    assert run("-C", str(root), "check")[0] == 0


def test_not_a_project_exits_1_without_traceback(tmp_path, run):
    code, _, err = run("check", str(tmp_path))
    assert code == 1
    assert "找不到 site_config.yml" in err and "Traceback" not in err


def test_usage_error_exits_1_not_2(run):
    code, _, err = run("check", "--no-such-option")
    assert code == 1
    assert "no-such-option" in err


def test_strict_turns_warnings_into_failure(project, run):
    root = project({"content/roster.yml": None})  # missing roster is a warning
    assert run("check", str(root))[0] == 0
    code, _, err = run("check", "--strict", str(root))
    assert code == 2
    assert "content/roster.yml:0:0: [警告] 没有找到 content/roster.yml" in err


def test_init_scaffolds_a_project_that_builds(tmp_path, run):
    target = tmp_path / "新项目"
    code, out, _ = run("init", str(target))
    assert code == 0 and "已新建内容项目" in out
    code, out, err = run("build", "-q", str(target))
    assert code == 0, err
    assert (target / "site/team/index.html").is_file()
    assert (target / "site/public/index.html").is_file()


def test_init_refuses_a_non_empty_folder(tmp_path, run):
    (tmp_path / "keep.txt").write_text("x")
    code, _, err = run("init", str(tmp_path))
    assert code == 1 and "已有内容" in err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


@pytest.mark.parametrize("collecting", [True, False])
def test_importing_the_commands_leaves_the_cycle_collector_as_it_was(collecting):
    """The collector is paused while the command modules are imported (their objects then frozen):
    afterwards it runs again, unless the program importing pingan had turned it off itself."""
    code = (
        "import gc\n"
        f"{'' if collecting else 'gc.disable()'}\n"
        "import generator.cli\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 1000)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(collecting), "True"]
