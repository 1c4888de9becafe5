"""A full disk and an output that cannot be renamed, on real small file systems (tmpfs).

Mounting needs root (or CAP_SYS_ADMIN); elsewhere these tests are skipped with the reason.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.publish import MARK
from tests.conftest import SCAFFOLD, write_files

from .trees import staging_folders, tree_digest

MiB = 1024 * 1024


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Callable[[Path, int], Path]]:
    """mount(folder, bytes): a tmpfs of that size at ``folder``; unmounted afterwards."""
    mounted: list[Path] = []

    def mount(folder: Path, size: int) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(
                f"cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN): {done.stderr.strip()}"
            )
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], check=False)


def free_bytes(folder: Path) -> int:
    info = os.statvfs(folder)
    return info.f_bavail * info.f_frsize


def fill(folder: Path, leave: int) -> None:
    """Write a filler file until only ``leave`` bytes are free (0: until the disk refuses)."""
    with open(folder / "filler.bin", "wb") as handle:
        try:
            while free_bytes(folder) > leave:
                handle.write(b"\0" * min(MiB, max(4096, free_bytes(folder) - leave)))
                handle.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def test_a_full_disk_mid_build_names_what_and_leaves_the_old_sites(small_disk, tmp_path, run, monkeypatch):
    monkeypatch.delenv("PINGAN_DATABASE_URL", raising=False)
    disk = small_disk(tmp_path / "disk", 32 * MiB)
    root = disk / "proj"
    shutil.copytree(SCAFFOLD, root)
    assert run("build", "-q", "--no-print", str(root))[0] == 0
    team_size = sum(p.stat().st_size for p in (root / "site/team").rglob("*") if p.is_file())
    # A new title: every page's navigation changes, so the build has to write both sites whole (an
    # edited body alone rebuilds one page into a staging folder of links to the published files).
    notice = root / "content/notices/n01.yml"
    text = notice.read_text(encoding="utf-8")
    notice.write_text(text.replace("实战演练的通知", "实战演练的补充通知"), encoding="utf-8")
    before = project_digest(root)
    fill(disk, leave=team_size // 2)  # room for half a team site
    free = free_bytes(disk) + used_bytes(root / ".pingan-cache")

    code, _out, err = run("build", "-q", "--no-print", str(root))

    assert code == 1, err
    # The two sites are written at the same time (two processes): either may be the one that did not fit.
    assert (
        f"磁盘空间不足，无法写入团队站点：{root / 'site/team'} — " in err
        or f"磁盘空间不足，无法写入公开站点：{root / 'site/public'} — " in err
    ), err
    assert "没有写入任何半成品，原有文件保持不变。请清理磁盘空间后重试" in err
    assert "Traceback" not in err and "内部错误" not in err
    assert project_digest(root) == before  # the old sites, byte for byte; no staging folder left
    assert staging_folders(root) == []
    # Nothing half-written stayed behind (pingan's private cache may have changed: see below).
    assert free_bytes(disk) + used_bytes(root / ".pingan-cache") == free
    assert not (root / ".pingan-cache/site-team/state.json").exists()  # so the next build is a full one


def project_digest(root: Path) -> str:
    """Everything in the project but pingan's private cache, which a build may rewrite before it fails
    (the sources of an incremental site build); it holds no output and is never published."""
    return tree_digest(root, skip=(".pingan-cache",))


def used_bytes(folder: Path) -> int:
    """Disk blocks taken by ``folder`` and everything in it."""
    return sum(p.lstat().st_blocks * 512 for p in [folder, *folder.rglob("*")]) if folder.exists() else 0


def test_a_full_disk_during_roster_import_leaves_no_temporary_file(small_disk, tmp_path, run):
    disk = small_disk(tmp_path / "disk", 4 * MiB)
    root = disk / "proj"
    shutil.copytree(SCAFFOLD, root)
    sheet = tmp_path / "花名册.csv"
    sheet.write_text("姓名,所属队伍,职务\n新队员甲,patrol,队员\n", encoding="utf-8")
    roster = (root / "content/roster.yml").read_bytes()
    fill(disk, leave=0)

    code, _out, err = run("-C", str(root), "roster", "import", str(sheet))

    assert code == 1, err
    assert f"磁盘空间不足，无法写入花名册：{root / 'content/roster.yml'}" in err, err
    assert (root / "content/roster.yml").read_bytes() == roster
    assert sorted(p.name for p in (root / "content").iterdir() if p.name.startswith(".")) == []
    (disk / "filler.bin").unlink()
    code, _out, err = run("check", str(root))  # and no later command warns about a stray file
    assert code == 0 and "警告" not in err, err


def test_an_output_that_cannot_be_renamed_rolls_every_swap_back(small_disk, project, run):
    """A mount point cannot be renamed: the team site, already swapped, is put back."""
    root = project()
    assert run("build", "-q", "--no-print", str(root))[0] == 0
    team_before = tree_digest(root / "site/team")
    public = small_disk(root / "site/public-mount", 8 * MiB)
    write_files(public, {"index.html": "<p>旧的公开站点</p>\n"})
    (public / MARK).write_text(
        '{"pingan": "output", "output": "public_site", "project": "x"}\n', encoding="utf-8"
    )
    config = (root / "site_config.yml").read_text(encoding="utf-8")
    assert "  public_site: site/public\n" in config
    config = config.replace("  public_site: site/public\n", "  public_site: site/public-mount\n")
    (root / "site_config.yml").write_text(config, encoding="utf-8")
    public_before = tree_digest(public)

    code, _out, err = run("build", "-q", "--no-print", str(root))

    assert code == 1, err
    assert f"无法把新生成的文件放到 {public}：" in err
    assert "已恢复原来的输出目录。输出目录不能是挂载点" in err
    assert tree_digest(root / "site/team") == team_before
    assert tree_digest(public) == public_before
    assert staging_folders(root) == []


def test_a_full_disk_during_an_incremental_build_leaves_the_old_sites(small_disk, tmp_path, run, monkeypatch):
    """An edited body rebuilds one page into a staging folder of hard links to the published files:
    a disk with no room left still fails whole, and the published files are as they were."""
    monkeypatch.delenv("PINGAN_DATABASE_URL", raising=False)
    disk = small_disk(tmp_path / "disk", 32 * MiB)
    root = disk / "proj"
    shutil.copytree(SCAFFOLD, root)
    assert run("build", "-q", "--no-print", str(root))[0] == 0
    notice = root / "content/notices/n01.yml"
    notice.write_text(notice.read_text(encoding="utf-8").replace("3月中旬", "3月下旬"), encoding="utf-8")
    before = project_digest(root)
    fill(disk, leave=0)

    code, _out, err = run("build", "-q", "--no-print", str(root))

    assert code == 1, err
    assert "磁盘空间不足" in err and "原有文件保持不变" in err, err
    assert "Traceback" not in err and "内部错误" not in err
    assert project_digest(root) == before
    assert staging_folders(root) == []
    (disk / "filler.bin").unlink()  # room again: the edit is published
    code, _out, err = run("build", "-q", "--no-print", str(root))
    assert code == 0, err
    assert any("3月下旬" in p.read_text(encoding="utf-8") for p in (root / "site/public").rglob("*.html"))
