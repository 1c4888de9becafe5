"""Faults during a build give a message and never damage: a killed build, Ctrl-C, SIGTERM,
two builds at once, and the permissions a web server needs. Builds run as real processes
(the venv's ``pingan``) so that signals reach them as they would from a terminal."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

from generator.publish import LOCK_FILE, MARK
from tests.conftest import REPO, write_files

from .trees import (
    has_output_files,
    marked_staging,
    staging_folders,
    start_build,
    tree_digest,
    wait_for,
)

INTERRUPTED = "已中断，未写入任何内容"

EXAM_BANK = """\
id: final
title: 结业考试
mode: exam
questions:
  - id: e1
    type: true_false
    stem: 考试题干
    answer: true
"""


def staged(root: Path, output: str) -> Path | None:
    """The staging folder of one output (``.team-build-…`` beside site/team), once it holds a file."""
    parent, name = {"team": (root / "site", "team"), "print": (root, "print")}[output]
    for folder in parent.glob(f".{name}-build-*"):
        if has_output_files(folder):
            return folder
    return None


def test_a_build_killed_mid_way_leaves_staging_that_the_next_build_removes(project, run):
    root = project({"quizzes/final.yml": EXAM_BANK})
    # Look-alikes that are not this project's: never touched.
    write_files(root, {"site/.team-build-mine/notes.txt": "我的笔记\n"})
    other = root / "site" / ".team-build-other"
    write_files(other, {"index.html": "<p>另一个项目</p>\n"})
    (other / MARK).write_text(
        json.dumps({"pingan": "output", "output": "team_site", "project": "/elsewhere/proj"}),
        encoding="utf-8",
    )

    process = start_build(root)
    wait_for(process, lambda: staged(root, "print"), "a printed file in the staging folder")
    process.send_signal(signal.SIGKILL)
    process.wait()

    left = [p for p in marked_staging(root) if p != other]
    assert {p.name.split("-build-")[0] for p in left} == {".print", ".trainer", ".team", ".public"}, left

    code, _out, err = run("build", "-q", "--no-print", str(root))  # no printing: stale print folders go too
    assert code == 0, err
    assert [p for p in marked_staging(root) if p != other] == []
    assert (root / "site/.team-build-mine/notes.txt").read_text(encoding="utf-8") == "我的笔记\n"
    assert (other / "index.html").is_file()
    assert (root / "site/team/index.html").is_file() and (root / "site/public/index.html").is_file()


@pytest.mark.parametrize(("signum", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_or_sigterm_mid_build_says_so_and_keeps_the_previous_outputs(project, run, signum, exit_code):
    root = project()
    assert run("build", "-q", "--no-print", str(root))[0] == 0
    before = tree_digest(root / "site")
    write_files(
        root,
        {
            "content/notices/n01.yml": "id: n01\ntitle: 新标题\ndate: 2025-02-10\nissuer: 乡政府\nbody: 新正文\n"
        },
    )

    process = start_build(root, "--no-print")
    wait_for(process, lambda: staged(root, "team"), "the team site being written")
    process.send_signal(signum)
    _out, err = process.communicate()

    assert process.returncode == exit_code, err
    assert INTERRUPTED in err and "Traceback" not in err and "内部错误" not in err
    assert tree_digest(root / "site") == before
    assert staging_folders(root) == []


def test_ctrl_c_while_chromium_prints_leaves_nothing(project):
    root = project({"quizzes/final.yml": EXAM_BANK})
    process = start_build(root)
    wait_for(process, lambda: staged(root, "print"), "a printed file in the staging folder")
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate()

    assert process.returncode == 130, err
    assert INTERRUPTED in err and "Traceback" not in err
    assert staging_folders(root) == []
    for output in ("print", "trainer", "site/team", "site/public"):
        assert not (root / output).exists(), output


def test_playwrights_own_log_lines_never_reach_the_user():
    """What Playwright logs about its event handlers (seen when Ctrl-C stops a print: "Error
    occurred in event listener" and a traceback) is not printed; with no handler, Python's
    last-resort handler would print it on stderr."""
    script = (
        "import logging, generator.printing.engine\n"
        "try:\n    raise RuntimeError('Cannot find command to respond: x@1')\n"
        "except RuntimeError as exc:\n"
        "    logging.getLogger('playwright._impl._connection').error('Error occurred in event listener', exc_info=exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_a_second_build_waits_for_the_lock_then_names_it(project, run):
    root = project()
    assert run("build", "-q", "--no-print", str(root))[0] == 0
    before = tree_digest(root)
    with FileLock(root / LOCK_FILE):  # another build holds it
        code, _out, err = run("build", "-q", "--no-print", str(root))
    assert code == 1
    assert f"同一项目的另一次生成正在进行（锁文件 {root / LOCK_FILE}），等待 5 秒后仍未结束" in err
    assert tree_digest(root) == before


def test_two_builds_of_one_project_at_once(project):
    """The first holds the lock (paused mid-build); the second gives up with a message; the first finishes."""
    root = project()
    first = start_build(root, "--no-print")
    wait_for(first, lambda: staged(root, "team"), "the first build writing")
    first.send_signal(signal.SIGSTOP)
    try:
        second = start_build(root, "--no-print")
        _out, err = second.communicate()
    finally:
        first.send_signal(signal.SIGCONT)
    assert second.returncode == 1, err
    assert f"锁文件 {root / LOCK_FILE}" in err
    _out, err = first.communicate()
    assert first.returncode == 0, err
    assert (root / "site/team/index.html").is_file()
    assert staging_folders(root) == []


def modes(folder: Path) -> set[tuple[str, str]]:
    """(kind, octal mode) of the folder and everything in it."""
    found = {("dir", oct(stat.S_IMODE(folder.stat().st_mode)))}
    for path in folder.rglob("*"):
        kind = "dir" if path.is_dir() else "file"
        found.add((kind, oct(stat.S_IMODE(path.lstat().st_mode))))
    return found


def test_published_folders_are_world_readable_and_trainer_folders_private(project):
    root = project({"quizzes/final.yml": EXAM_BANK})
    process = start_build(root, umask=0o077)  # as a careful administrator's shell would have it
    _out, err = process.communicate()
    assert process.returncode == 0, err
    assert (root / "trainer/exams").is_dir()
    for public in ("site", "site/team", "site/public", "print"):
        assert modes(root / public) <= {("dir", "0o755"), ("file", "0o644")}, public
    assert modes(root / "trainer") == {("dir", "0o700"), ("file", "0o600")}
    assert os.stat(root / "site/team/downloads").st_mode & 0o005 == 0o005  # readable and enterable by all
