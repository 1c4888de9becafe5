"""Builds that stop when nothing changed, and never when something did.

A build whose inputs (content, quizzes, templates, site_config.yml, fonts, records,
pingan itself) are those of the last successful build, and whose outputs are untouched
since, says so and leaves every published folder exactly as it is. Any change, or a
build that did not finish, means a full build, whose output is byte for byte that of a
clean build of the same project elsewhere.
"""

from __future__ import annotations

import hashlib
import json
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
    assert rebuilt_counts(out) == {"团队站点": None, "公开站点": None}  # nothing built on a half-made state
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


# --- rebuilding only the pages that changed (site.incremental) ----------------------------------

PAGES_REBUILT = "只重建了改动的"
FULL_BUILD = "完整生成"
MODULE = "content/modules/m01.yml"


def rebuilt_counts(out: str) -> dict[str, int | None]:
    """Per site, how many pages the build says it rebuilt (None: it built them all)."""
    counts: dict[str, int | None] = {}
    for line in out.splitlines():
        for site in ("团队站点", "公开站点"):
            if line.strip().startswith(f"{site}：只重建了改动的"):
                counts[site] = int(line.split("改动的 ")[1].split(" 页")[0])
            elif line.strip().startswith(f"{site}：完整生成"):
                counts[site] = None
    return counts


def clean_copy(root: Path, dest: Path) -> Path:
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns("site", ".pingan.lock", ".pingan-cache"))
    return dest


def test_an_edited_module_rebuilds_its_page_only_and_the_sites_equal_a_clean_build(project, run, tmp_path):
    root = project()
    assert rebuilt_counts(build(run, root)) == {"团队站点": None, "公开站点": None}
    module = (root / MODULE).read_text(encoding="utf-8")
    assert "body:" in module
    write_files(
        root, {MODULE: module.replace("body: |\n", "body: |\n  第二遍增补的一句：夜巡两人一组。\n\n", 1)}
    )

    out = build(run, root)

    assert rebuilt_counts(out) == {"团队站点": 1, "公开站点": 0}, out
    clean = clean_copy(root, tmp_path / "clean")
    assert rebuilt_counts(build(run, clean)) == {"团队站点": None, "公开站点": None}
    assert sites(root) == sites(clean)  # every byte, search shards and sitemaps included
    shards = "".join(p.read_text(encoding="utf-8") for p in (root / "site/team/search").glob("*.js"))
    assert "夜巡两人一组" in shards


def test_an_edited_public_notice_rebuilds_one_page_in_each_site_and_equals_a_clean_build(
    project, run, tmp_path
):
    root = project()
    build(run, root)
    write_files(root, {NOTICE: EDITED_NOTICE})

    out = build(run, root)

    assert rebuilt_counts(out) == {"团队站点": 1, "公开站点": 1}, out
    clean = clean_copy(root, tmp_path / "clean")
    build(run, clean)
    assert sites(root) == sites(clean)
    assert "3月下旬" in (root / "site/public/notices/n01.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("what", "edit"),
    [
        ("a title (navigation)", lambda text: text.replace("title: ", "title: 新", 1)),
        ("a new notice (a page added)", None),
    ],
)
def test_a_title_or_a_new_page_builds_every_page_and_says_why(project, run, tmp_path, what, edit):
    root = project()
    build(run, root)
    if edit is not None:
        write_files(root, {NOTICE: edit((root / NOTICE).read_text(encoding="utf-8"))})
    else:
        write_files(root, {"content/notices/n02.yml": EDITED_NOTICE.replace("id: n01", "id: n02")})

    out = build(run, root)

    assert rebuilt_counts(out) == {"团队站点": None, "公开站点": None}, what
    assert "页面标题" in out or "新增" in out, out  # the reason is named
    clean = clean_copy(root, tmp_path / "clean")
    build(run, clean)
    assert sites(root) == sites(clean), what


def test_a_damaged_or_missing_cache_means_a_full_build_never_a_wrong_one(project, run, tmp_path):
    root = project()
    build(run, root)
    cache = root / ".pingan-cache" / "site-team"
    assert (cache / "state.json").is_file() and (cache / "search.json").is_file()
    (cache / "search.json").write_text('{"index.md": [', encoding="utf-8")  # cut short
    write_files(root, {NOTICE: EDITED_NOTICE})
    assert rebuilt_counts(build(run, root))["团队站点"] is None

    (cache / "state.json").write_text("not json", encoding="utf-8")
    write_files(root, {NOTICE: EDITED_NOTICE.replace("3月下旬", "3月底")})
    assert rebuilt_counts(build(run, root))["团队站点"] is None

    # Whole JSON of the wrong shape: an entry kept as read would go into the index as it is.
    entries = json.loads((cache / "search.json").read_text(encoding="utf-8"))
    entries["index.md"] = ["index.html", [["", "首页", 1]]]
    (cache / "search.json").write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    write_files(root, {NOTICE: EDITED_NOTICE.replace("3月下旬", "3月中旬")})
    assert rebuilt_counts(build(run, root))["团队站点"] is None
    shutil.rmtree(root / ".pingan-cache")
    write_files(root, {NOTICE: EDITED_NOTICE})
    assert rebuilt_counts(build(run, root)) == {"团队站点": None, "公开站点": None}
    clean = clean_copy(root, tmp_path / "clean")
    build(run, clean)
    assert sites(root) == sites(clean)


def test_the_cache_is_private_and_outside_every_output(project, run):
    import stat as stat_module

    root = project()
    build(run, root)
    for audience in ("team", "public"):
        cache = root / ".pingan-cache" / f"site-{audience}"
        assert stat_module.S_IMODE(cache.stat().st_mode) == 0o700
        modes = {stat_module.S_IMODE(p.stat().st_mode) for p in cache.rglob("*") if p.is_file()}
        assert modes == {0o600}, audience
    assert not any(p.name.startswith("site-") for p in (root / "site").iterdir())
    assert (root / ".pingan-cache/.gitignore").read_text() == "*\n"  # pages that name people stay out of git


def test_an_incremental_build_still_scans_every_public_page(project, run):
    """A roster name in a public page that the build does not rebuild is still found before the swap."""
    from generator.content import load_project
    from generator.pipeline import build as run_build
    from generator.site import PrivacyLeak

    root = project()
    build(run, root)
    before = sites(root)
    loaded = load_project(root)
    # The scan is the last gate: a member whose name the unchanged public notice happens to hold
    # (given here past the content check, which would refuse it in the notice's text).
    member = loaded.roster.members[0]
    loaded.roster.members.append(member.model_copy(update={"id": "M777", "name": "第一季度实战"}))

    with pytest.raises(PrivacyLeak):
        run_build(loaded, prints=False)

    assert sites(root) == before
    assert UNCHANGED in build(run, root)  # the published sites are still the last good build's
    write_files(root, {NOTICE: EDITED_NOTICE})
    out = build(run, root)  # the failed build left no state to build on: every page again
    assert rebuilt_counts(out) == {"团队站点": None, "公开站点": None}, out


def test_a_team_site_built_by_two_processes_equals_one_built_by_one(project, run, tmp_path, monkeypatch):
    """Big team sites are rendered half in a forked process (site.build.build_parts): same bytes."""
    from generator.site import build as site_build

    root = project()
    single = clean_copy(root, tmp_path / "single")
    monkeypatch.setattr(site_build, "SPLIT_PAGES", 10_000)
    build(run, single)
    monkeypatch.setattr(site_build, "SPLIT_PAGES", 1)
    assert rebuilt_counts(build(run, root))["团队站点"] is None

    assert sites(root) == sites(single)
    write_files(root, {NOTICE: EDITED_NOTICE})  # and the next build builds on it
    assert rebuilt_counts(build(run, root)) == {"团队站点": 1, "公开站点": 1}
    write_files(single, {NOTICE: EDITED_NOTICE})
    build(run, single)
    assert sites(root) == sites(single)


def test_a_linked_cache_folder_is_not_followed(project, run, tmp_path):
    """A .pingan-cache that is a link (to a folder a build must not write into) is not used."""
    root = project()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".pingan-cache").symlink_to(elsewhere)

    out = build(run, root)

    assert rebuilt_counts(out) == {"团队站点": None, "公开站点": None}
    assert "没有可用的缓存目录" in out
    assert list(elsewhere.iterdir()) == []


def linked_snapshot(folder: Path, snapshot: Path) -> dict[Path, tuple[bytes, int]]:
    """A hard link to every file of ``folder`` kept in ``snapshot``, with its bytes and mode: a
    writer that opened a published file in place would change what the link shows."""
    kept = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            link = snapshot / path.relative_to(folder)
            link.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, link)
            kept[link] = (path.read_bytes(), path.stat().st_mode & 0o777)
    return kept


def test_an_incremental_build_never_writes_into_a_published_file(project, run, tmp_path):
    """The staging folder holds the published files as hard links (``link_published``): MkDocs,
    the search index and the modes must never write into one, only replace it."""
    root = project()
    build(run, root)
    page = next((root / "site/public").rglob("index.html"))
    page.chmod(0o600)  # not the mode a public site's file gets: the build sets its own copy's
    kept = linked_snapshot(root / "site", tmp_path / "snapshot")
    write_files(root, {NOTICE: EDITED_NOTICE})

    assert rebuilt_counts(build(run, root)) == {"团队站点": 1, "公开站点": 1}

    assert any(link.stat().st_nlink > 1 for link in kept), "unchanged files are the published ones, linked"
    changed = [
        link
        for link, (data, mode) in kept.items()
        if (link.read_bytes(), link.stat().st_mode & 0o777) != (data, mode)
    ]
    assert not changed
    assert page.stat().st_mode & 0o777 == 0o644
    clean = clean_copy(root, tmp_path / "clean")
    build(run, clean)
    assert sites(root) == sites(clean)


def test_without_hard_links_the_published_files_are_copied(project, run, tmp_path, monkeypatch):
    """A file system without hard links (a FAT-formatted stick) gets copies: the same site."""
    import errno

    from generator.site import incremental

    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    root = project()
    build(run, root)
    linked_snapshot(root / "site", tmp_path / "snapshot")  # a link of each: a linked file would show 2
    monkeypatch.setattr(incremental.os, "link", no_links)
    write_files(root, {NOTICE: EDITED_NOTICE})
    assert rebuilt_counts(build(run, root)) == {"团队站点": 1, "公开站点": 1}
    assert all(p.stat().st_nlink == 1 for p in (root / "site").rglob("*") if p.is_file())
    clean = clean_copy(root, tmp_path / "clean")
    build(run, clean)
    assert sites(root) == sites(clean)
