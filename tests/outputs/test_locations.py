"""Where outputs may go: every location a build would wrongly replace is refused with its line,
and the refusal changes nothing, in the project or beside it (checked by a digest of both trees)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.cli import main
from generator.publish import MARK, is_foreign
from tests.conftest import SCAFFOLD

from .trees import staging_folders, tree_digest

HINT = "每次生成都会整体替换输出目录，请改用项目里单独的目录，例如 site/team，或项目外的一个空目录"
DB_HINT = "请把数据库放在 records/ 下，例如 records/pingan.db（或项目外的一个文件）"
HEAD = "site:\n  name: 站\norganisation:\n  name: 乡政府\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The scaffold project with both sites built once (copied by each test)."""
    root = tmp_path_factory.mktemp("built") / "proj"
    shutil.copytree(SCAFFOLD, root)
    assert main(["build", "-q", "--no-print", str(root)]) == 0
    return root


@dataclass
class Place:
    root: Path  # tmp/proj: a built project
    sibling: Path  # tmp/sibling: someone else's files next to it
    home: Path  # tmp/home: $HOME, with files in it

    @property
    def tmp(self) -> Path:
        return self.root.parent


@pytest.fixture
def place(tmp_path, built, monkeypatch) -> Place:
    root = tmp_path / "proj"
    shutil.copytree(built, root, symlinks=True)
    sibling, home = tmp_path / "sibling", tmp_path / "home"
    for folder in (sibling, home):
        (folder / "docs").mkdir(parents=True)
        (folder / "docs" / "值班表.txt").write_text("别人的文件\n", encoding="utf-8")
        (folder / "index.html").write_text("<p>别人的网站</p>\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("PINGAN_DATABASE_URL", raising=False)
    return Place(root, sibling, home)


@dataclass
class Case:
    settings: Callable[[Place], dict[str, str]]  # "outputs.team_site" → value (written as given)
    expected: Callable[[Place], list[str]]  # the exact error lines
    setup: Callable[[Place], None] = field(default=lambda p: None)


def config_text(settings: dict[str, str]) -> str:
    sections: dict[str, list[str]] = {}
    for key, value in settings.items():
        section, name = key.split(".")
        sections.setdefault(section, []).append(f"  {name}: {json.dumps(value, ensure_ascii=False)}\n")
    return HEAD + "".join(f"{section}:\n" + "".join(lines) for section, lines in sections.items())


def foreign(path: Path, name: str) -> str:
    return (
        f"site_config.yml:6:3: outputs.{name}: 输出目录 {path} 里已有其他文件，不是 pingan 生成的"
        "（没有 .pingan-output 标记），pingan 不会替换或删除它 — 请先把这个目录清空（或移走），"
        f"或者在 site_config.yml 里为 outputs.{name} 换一个路径；如果它是旧版 pingan 生成的，确认后删除即可"
    )


def symlink_into_content(p: Place) -> None:
    (p.root / "site" / "notices-link").symlink_to(p.root / "content" / "notices")


def symlink_loop(p: Place) -> None:
    (p.root / "site" / "loop").symlink_to("loop")


def notes_file(p: Place) -> None:
    (p.root / "notes.txt").write_text("记事\n", encoding="utf-8")


def records_folder(p: Place) -> None:
    (p.root / "records" / "db").mkdir(parents=True)


CASES: dict[str, Case] = {
    "dot-dot": Case(
        lambda p: {"outputs.public_site": ".."},
        lambda p: [
            f"site_config.yml:6:3: outputs.public_site: 输出目录“..”（即 {p.tmp}）是项目目录的上级目录，"
            f"生成时会连同整个项目一起被替换 — {HINT}"
        ],
    ),
    "through-dot-dot-into-content": Case(
        lambda p: {"outputs.team_site": "site/../content"},
        lambda p: [
            f"site_config.yml:6:3: outputs.team_site: 输出目录“site/../content”（即 content）会覆盖 content — {HINT}"
        ],
    ),
    "windows-separators-into-content": Case(
        lambda p: {"outputs.public_site": "site\\..\\content"},
        lambda p: [
            f"site_config.yml:6:3: outputs.public_site: 输出目录“site\\..\\content”（即 content）会覆盖 content — {HINT}"
        ],
    ),
    "absolute-into-quizzes": Case(
        lambda p: {"outputs.print_dir": f"{p.root}/quizzes/papers"},
        lambda p: [
            f"site_config.yml:6:3: outputs.print_dir: 输出目录“{p.root}/quizzes/papers”（即 quizzes/papers）"
            f"会覆盖 quizzes — {HINT}"
        ],
    ),
    "into-the-caches": Case(
        lambda p: {"outputs.public_site": ".pingan-cache/public"},
        lambda p: [
            f"site_config.yml:6:3: outputs.public_site: 输出目录“.pingan-cache/public”会覆盖 .pingan-cache — {HINT}"
        ],
    ),
    "the-caches-themselves": Case(
        lambda p: {"outputs.print_dir": "./.pingan-cache"},
        lambda p: [
            f"site_config.yml:6:3: outputs.print_dir: 输出目录“./.pingan-cache”（即 .pingan-cache）"
            f"会覆盖 .pingan-cache — {HINT}"
        ],
    ),
    "absolute-project-root": Case(
        lambda p: {"outputs.trainer_dir": str(p.root)},
        lambda p: [
            f"site_config.yml:6:3: outputs.trainer_dir: 输出目录“{p.root}”就是项目目录本身，生成时会被整体替换 — {HINT}"
        ],
    ),
    "dot": Case(
        lambda p: {"outputs.team_site": "."},
        lambda p: [
            f"site_config.yml:6:3: outputs.team_site: 输出目录“.”（即 {p.root}）就是项目目录本身，"
            f"生成时会被整体替换 — {HINT}"
        ],
    ),
    "absolute-ancestor": Case(
        lambda p: {"outputs.public_site": str(p.tmp)},
        lambda p: [
            f"site_config.yml:6:3: outputs.public_site: 输出目录“{p.tmp}”是项目目录的上级目录，"
            f"生成时会连同整个项目一起被替换 — {HINT}"
        ],
    ),
    "file-system-root": Case(
        lambda p: {"outputs.public_site": "/"},
        lambda p: [
            "site_config.yml:6:3: outputs.public_site: 输出目录“/”是项目目录的上级目录，"
            f"生成时会连同整个项目一起被替换 — {HINT}"
        ],
    ),
    "symlink-into-content": Case(
        lambda p: {"outputs.team_site": "site/notices-link"},
        lambda p: [
            "site_config.yml:6:3: outputs.team_site: 输出目录“site/notices-link”（即 content/notices）"
            f"会覆盖 content — {HINT}"
        ],
        setup=symlink_into_content,
    ),
    "symlink-loop": Case(
        lambda p: {"outputs.team_site": "site/loop/team"},
        lambda p: [
            "site_config.yml:6:3: outputs.team_site: 路径“site/loop/team”无法解析：路径里的符号链接绕成了一个圈"
            " — 请改用一个普通的文件夹路径"
        ],
        setup=symlink_loop,
    ),
    "overlap-print-inside-team-site": Case(
        lambda p: {"outputs.print_dir": "site/team/downloads"},
        lambda p: [
            f"site_config.yml:6:3: outputs.print_dir: 输出目录“site/team/downloads”与 outputs.team_site 重叠 — {HINT}"
        ],
    ),
    "overlap-trainer-inside-public-site": Case(
        lambda p: {"outputs.trainer_dir": "site/public/trainer"},
        lambda p: [
            "site_config.yml:6:3: outputs.trainer_dir: 输出目录“site/public/trainer”与 outputs.public_site 重叠"
            f" — {HINT}"
        ],
    ),
    "two-outputs-one-folder": Case(
        lambda p: {"outputs.team_site": "out", "outputs.public_site": "out"},
        lambda p: [
            f"site_config.yml:7:3: outputs.public_site: 输出目录“out”与 outputs.team_site 重叠 — {HINT}"
        ],
    ),
    "the-config-file": Case(
        lambda p: {"outputs.print_dir": "site_config.yml"},
        lambda p: [
            f"site_config.yml:6:3: outputs.print_dir: 输出目录“site_config.yml”会覆盖 site_config.yml — {HINT}"
        ],
    ),
    "a-file-where-a-folder-goes": Case(
        lambda p: {"outputs.print_dir": "notes.txt/print"},
        lambda p: [
            "site_config.yml:6:3: outputs.print_dir: 输出目录“notes.txt/print”无法使用：notes.txt 是一个文件，"
            "不是文件夹 — 请改用一个文件夹路径，或把这个文件移走"
        ],
        setup=notes_file,
    ),
    "non-empty-folder-not-made-by-pingan": Case(
        lambda p: {"outputs.public_site": str(p.sibling)},
        lambda p: [foreign(p.sibling, "public_site")],
    ),
    "home-folder": Case(
        lambda p: {"outputs.print_dir": "~"},
        lambda p: [foreign(p.home, "print_dir")],
    ),
    "above-home": Case(
        lambda p: {"outputs.print_dir": "~/.."},
        lambda p: [
            f"site_config.yml:6:3: outputs.print_dir: 输出目录“~/..”（即 {p.tmp}）是项目目录的上级目录，"
            f"生成时会连同整个项目一起被替换 — {HINT}"
        ],
    ),
    "unknown-user-home": Case(
        lambda p: {"outputs.print_dir": "~nosuchuser-pingan/print"},
        lambda p: [
            "site_config.yml:6:3: outputs.print_dir: 路径“~nosuchuser-pingan/print”无法解析：找不到 ~ 所指的用户目录"
            " — 请改用一个普通的文件夹路径"
        ],
    ),
    "database-in-content": Case(
        lambda p: {"records.database": "content/pingan.db"},
        lambda p: [
            "site_config.yml:6:3: records.database: 台账数据库“content/pingan.db”在 content 里，"
            f"会和内容文件混在一起 — {DB_HINT}"
        ],
    ),
    "database-url-in-content": Case(
        lambda p: {"records.database": "sqlite:///content/pingan.db"},
        lambda p: [
            "site_config.yml:6:3: records.database: 台账数据库“content/pingan.db”在 content 里，"
            f"会和内容文件混在一起 — {DB_HINT}"
        ],
    ),
    "database-in-an-output": Case(
        lambda p: {"records.database": "site/team/pingan.db"},
        lambda p: [
            "site_config.yml:6:3: records.database: 台账数据库“site/team/pingan.db”在 outputs.team_site 里，"
            f"生成时会被删除 — {DB_HINT}"
        ],
    ),
    "database-is-a-folder": Case(
        lambda p: {"records.database": "records/db"},
        lambda p: [
            "site_config.yml:6:3: records.database: 台账数据库“records/db”是一个文件夹，不是数据库文件"
            f" — {DB_HINT}"
        ],
        setup=records_folder,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_dangerous_output_location_is_refused_and_nothing_changes(case, place, run):
    spec = CASES[case]
    spec.setup(place)
    (place.root / "site_config.yml").write_text(config_text(spec.settings(place)), encoding="utf-8")
    before = {folder: tree_digest(folder) for folder in (place.root, place.sibling, place.home)}

    code, _out, err = run("build", "-q", str(place.root))

    assert code == 2, err
    lines = err.splitlines()
    for expected in spec.expected(place):
        assert expected in lines, f"expected\n{expected}\nin:\n{err}"
    assert sum(line.startswith("site_config.yml:") for line in lines) == len(spec.expected(place)), err
    assert {folder: tree_digest(folder) for folder in before} == before


def test_the_same_refusals_come_from_pingan_check(place, run):
    (place.root / "site_config.yml").write_text(
        config_text({"outputs.team_site": "site/../content"}), "utf-8"
    )
    code, _out, err = run("check", str(place.root))
    assert code == 2 and "outputs.team_site: 输出目录“site/../content”（即 content）会覆盖 content" in err


def test_an_output_outside_the_project_is_built_and_marked(place, run):
    """Allowed: a folder of its own outside the project (e.g. a web server's), empty or pingan's."""
    target = place.tmp / "www" / "public"
    (place.root / "site_config.yml").write_text(config_text({"outputs.public_site": str(target)}), "utf-8")
    assert run("build", "-q", "--no-print", str(place.root))[0] == 0
    assert (target / "index.html").is_file()
    mark = json.loads((target / MARK).read_text(encoding="utf-8"))
    assert mark == {"pingan": "output", "output": "public_site", "project": str(place.root)}
    # Built again: the marked folder is replaced, nothing is left beside it.
    assert run("build", "-q", "--no-print", str(place.root))[0] == 0
    assert sorted(p.name for p in target.parent.iterdir()) == ["public"]


def test_an_empty_folder_may_become_an_output_and_a_symlinked_output_is_followed(place, run):
    empty = place.tmp / "empty"
    empty.mkdir()
    (place.root / "served").symlink_to(empty)
    (place.root / "site_config.yml").write_text(config_text({"outputs.public_site": "served"}), "utf-8")
    assert run("build", "-q", "--no-print", str(place.root))[0] == 0
    assert (place.root / "served").is_symlink()  # the link stays; what it points at was built
    assert (empty / "index.html").is_file() and (empty / MARK).is_file()


def test_a_folder_filled_after_the_check_is_still_not_replaced(place, run, monkeypatch):
    """The swap checks again: someone may write into an output while a build runs."""
    from generator import pipeline
    from generator.site import scan_public_site as real_scan

    def scan_then_someone_writes(project, folder):
        real_scan(project, folder)
        team = place.root / "site" / "team"
        (team / MARK).unlink()  # now a folder with files that is not pingan's
        (team / "mine.txt").write_text("我的\n", encoding="utf-8")

    monkeypatch.setattr(pipeline, "scan_public_site", scan_then_someone_writes)
    public = tree_digest(place.root / "site" / "public")
    code, _out, err = run("build", "-q", "--no-print", str(place.root))
    assert code == 1, err
    assert f"没有替换 {place.root / 'site' / 'team'}：它已有其他文件，不是 pingan 生成的" in err
    assert (place.root / "site" / "team" / "mine.txt").read_text(encoding="utf-8") == "我的\n"
    assert tree_digest(place.root / "site" / "public") == public  # all outputs or none
    assert staging_folders(place.root) == []


def test_a_ledger_is_written_beside_the_records_and_a_build_leaves_it(project, run, monkeypatch):
    """`pingan report --format xlsx` writes to records/台账/, not into trainer/ (which every build
    replaces whole); the build makes trainer/ itself, marked and private, with the year's ledgers."""
    monkeypatch.delenv("PINGAN_DATABASE_URL", raising=False)
    root = project()
    assert (
        run("-C", str(root), "demo-records", "--members", "1", "--months", "1", "--start", "2024-01")[0] == 0
    )
    code, _out, err = run("-C", str(root), "report", "--month", "2024-01", "--format", "xlsx")
    assert code == 0, err
    ledger = root / "records" / "台账" / "台账-2024-01.xlsx"
    assert ledger.is_file() and not (root / "trainer").exists()
    before = ledger.read_bytes()
    assert run("build", "-q", str(root))[0] == 0
    assert ledger.read_bytes() == before
    trainer = root / "trainer"
    assert (trainer / "ledgers" / "台账-2024.pdf").is_file() and (
        trainer / "ledgers" / "台账-2024.html"
    ).is_file()
    assert json.loads((trainer / MARK).read_text(encoding="utf-8"))["output"] == "trainer_dir"
    assert oct(trainer.stat().st_mode & 0o777) == "0o700"
    assert not is_foreign(trainer)
