"""Builds that stop when nothing changed, and never when something did.

A build whose inputs (content, quizzes, templates, site_config.yml, fonts, records,
pingan itself) are those of the last successful build, and whose outputs are untouched
since, says so and leaves every published folder exactly as it is. Any change, or a
build that did not finish, means a full build, whose output is byte for byte that of a
clean build of the same project elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
from pathlib import Path

import pytest

from generator.content.stamp import STAMP, build_key, is_current
from generator.publish import MARK
from tests.conftest import write_files

from .trees import staging_folders, start_build, tree_digest, wait_for

UNCHANGED = "都没有变化，输出保持原样"
DONE = "生成完成"
NOTICE = "content/notices/n01.yml"
EDITED_NOTICE = """\
id: n01
title: 关于开展第一季度实战演练的通知
date: 2025-02-10
issuer: 某某乡人民政府
public: true
body: |
  定于3月下旬开展第一季度实战演练，请各队提前检查器材。
"""


@pytest.fixture(autouse=True)
def _sqlite_records(monkeypatch):
    monkeypatch.delenv("PINGAN_DATABASE_URL", raising=False)  # records in the project's own SQLite file


def content_digest(folder: Path) -> str:
    """Paths and bytes of every file, without the two files that name this copy (mark and stamp)."""
    digest = hashlib.sha256()
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = Path(current, name)
            rel = path.relative_to(folder)
            if str(rel) in (MARK, STAMP):
                continue
            digest.update(f"{rel}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()


def sites(root: Path) -> dict[str, str]:
    return {name: content_digest(root / "site" / name) for name in ("team", "public")}


def build(run, root: Path, *args: str) -> str:
    code, out, err = run("build", "-q", "--no-print", *args, str(root))
    assert code == 0, err
    return out


def test_nothing_changed_says_so_and_leaves_every_output_as_it_is(project, run):
    root = project()
    assert DONE in build(run, root)
    before = tree_digest(root / "site")
    times = {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*")}

    out = build(run, root)

    assert UNCHANGED in out and DONE not in out
    assert tree_digest(root / "site") == before
    assert {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*")} == times


def test_an_edit_rebuilds_and_equals_a_clean_build_of_the_edited_project(project, run, tmp_path):
    root = project()
    build(run, root)
    write_files(root, {NOTICE: EDITED_NOTICE})

    assert DONE in build(run, root)

    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("site", ".pingan.lock"))
    build(run, clean)
    assert sites(root) == sites(clean)
    assert "3月下旬" in (root / "site/public/notices/n01.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("what", "files"),
    [
        ("a page template override", {"templates/pages/notice.md.j2": None}),
        ("site_config.yml", {"site_config.yml": None}),
        ("a new quiz file", {"quizzes/more.yml": None}),
        ("a project font", {"fonts/readme.txt": "字体说明\n"}),
    ],
)
def test_a_template_config_quiz_or_font_change_rebuilds(project, run, what, files):
    root = project()
    build(run, root)
    changes = dict(files)
    if "templates/pages/notice.md.j2" in changes:
        template = Path(__file__).resolve().parents[2] / "generator/templates/pages/notice.md.j2"
        changes["templates/pages/notice.md.j2"] = template.read_text(encoding="utf-8") + "\n模板改过了\n"
    if "site_config.yml" in changes:
        config = (root / "site_config.yml").read_text(encoding="utf-8")
        changes["site_config.yml"] = config.replace("name:", "name: 新", 1)
    if "quizzes/more.yml" in changes:
        bank = (root / "quizzes/basics.yml").read_text(encoding="utf-8")
        changes["quizzes/more.yml"] = bank.replace("id: basics", "id: more", 1)
    write_files(root, changes)

    out = build(run, root)

    assert DONE in out and UNCHANGED not in out, what
    assert UNCHANGED in build(run, root), what  # and that build is the new reference


def test_changed_records_rebuild(project, run):
    root = project()
    build(run, root)
    assert run("-C", str(root), "demo-records", "--members", "1", "--months", "2")[0] == 0

    assert DONE in build(run, root)
    assert any((root / "site/team").rglob("*.svg"))  # 台账统计 charts are there now
    assert UNCHANGED in build(run, root)  # reading the records for a build does not change them


def test_an_output_touched_since_the_last_build_is_rebuilt(project, run):
    root = project()
    build(run, root)
    page = root / "site/team/index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- 手改 -->", encoding="utf-8")

    assert DONE in build(run, root)
    assert "手改" not in page.read_text(encoding="utf-8")
    (root / "site/public/index.html").unlink()
    assert DONE in build(run, root)
    assert (root / "site/public/index.html").is_file()


def test_a_sites_only_build_is_not_taken_for_a_build_with_printing(project):
    root = project()
    sites_only = build_key(root, prints=False)
    with_prints = build_key(root, prints=True)
    assert sites_only is not None and with_prints is not None
    assert sites_only.digest != with_prints.digest
    assert with_prints.outputs == ("team_site", "public_site", "print_dir", "trainer_dir")
    assert not is_current(with_prints)  # nothing published yet


def test_a_change_to_pingan_itself_rebuilds(project, monkeypatch, tmp_path):
    from generator.content import stamp

    root = project()
    code = tmp_path / "generator"
    shutil.copytree(stamp.CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(stamp, "CODE", code)
    before = build_key(root, prints=False)
    (code / "site" / "build.py").write_text("# 改过\n", encoding="utf-8")
    after = build_key(root, prints=False)
    assert before is not None and after is not None and before.digest != after.digest


def test_a_build_with_warnings_is_never_skipped(project, run):
    root = project({"content/roster.yml": None})  # no roster: a warning every build
    first = run("build", "-q", "--no-print", str(root))
    second = run("build", "-q", "--no-print", str(root))
    assert first[0] == second[0] == 0
    assert DONE in second[1] and UNCHANGED not in second[1]
    assert not (root / "site/team" / STAMP).exists()


def test_a_killed_build_after_an_edit_leaves_the_previous_site_and_the_next_build_rebuilds(project, run):
    root = project()
    build(run, root)
    before = {name: tree_digest(root / "site" / name) for name in ("team", "public")}
    write_files(root, {NOTICE: EDITED_NOTICE})

    process = start_build(root, "--no-print")
    wait_for(
        process,
        lambda: any(
            p.name.startswith(".team-build-") for p in (root / "site").iterdir() if any(p.rglob("*.html"))
        ),
        "the team site being written",
    )
    process.send_signal(signal.SIGKILL)
    process.wait()

    # The published folders are the previous build's (the killed one's staging folders lie beside them).
    assert {name: tree_digest(root / "site" / name) for name in ("team", "public")} == before
    out = build(run, root)
    assert DONE in out and UNCHANGED not in out  # the edit is seen, not taken for "nothing changed"
    assert staging_folders(root) == []
    assert "3月下旬" in (root / "site/public/notices/n01.html").read_text(encoding="utf-8")


def test_a_print_build_with_nothing_changed_leaves_prints_and_sites_as_they_are(project, run):
    root = project()
    code, out, err = run("build", "-q", str(root))
    assert code == 0 and DONE in out, err
    before = {name: tree_digest(root / name) for name in ("print", "trainer", "site")}

    code, out, err = run("build", "-q", str(root))

    assert code == 0 and UNCHANGED in out and DONE not in out, err
    assert {name: tree_digest(root / name) for name in ("print", "trainer", "site")} == before
    code, out, err = run("build", "-q", "--no-print", str(root))  # sites without download links: rebuilt
    assert code == 0 and DONE in out, err


def test_a_stamp_holds_no_run_of_digits_a_privacy_scan_could_take_for_a_number(tmp_path):
    """Hex digests in the published stamp once held 16330057799…, which reads as a mobile number."""
    import re

    from generator.content.stamp import listing_digest

    for n in range(200):
        (tmp_path / f"f{n}.txt").write_text(str(n), encoding="utf-8")
        assert re.fullmatch(r"[a-z2-7]{52}", listing_digest(tmp_path))
