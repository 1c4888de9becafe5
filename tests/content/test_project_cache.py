"""The project cache of the records commands (``load_project(root, cached=True)``, content.cache):
the same project and the same problems as a full read, whatever state the cache is in."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest

from generator.content import load, load_project
from generator.content.cache import ENTRY, secret_path
from generator.content.paths import CACHE_DIR
from generator.diagnostics import ContentError

ROSTER = """\
# 内部资料，不得公开
teams:
  - id: patrol
    name: 巡防队
members:
  - id: M001
    name: 张三
    team: patrol
    joined: 2024-01-01
  - id: M002
    name: 李四
    team: patrol
    joined: 2024-02-01
"""


@pytest.fixture(autouse=True)
def own_key(tmp_path, monkeypatch):
    """Each test signs with its own key, in its own cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


@pytest.fixture
def reads(monkeypatch):
    """How many full reads the loads did (the real function, counted)."""
    calls: list[Path] = []
    real = load._read_project

    def counted(root: Path, keep_later: bool = False):
        calls.append(root)
        return real(root, keep_later)

    monkeypatch.setattr(load, "_read_project", counted)
    return calls


def entry(root: Path) -> Path:
    return root / CACHE_DIR / ENTRY


def snapshot(project) -> tuple:
    return (
        [m.model_dump() for m in project.roster.members],
        [t.model_dump() for t in project.roster.teams],
        [m.id for m in project.modules],
        [b.id for b in project.banks],
        project.config.model_dump(),
        [d.format() for d in project.warnings],
    )


def test_a_cached_load_is_the_full_load_and_reads_nothing_again(project, reads):
    root = project({"content/roster.yml": ROSTER, "content/stray.yml": "a: 1\n"})
    full = load_project(root)
    first = load_project(root, cached=True)
    second = load_project(root, cached=True)
    assert len(reads) == 2  # the plain load and the first cached one; the second came from the cache
    assert snapshot(first) == snapshot(second) == snapshot(full)
    assert any("stray.yml" in d.format() for d in second.warnings)  # warnings kept, not lost
    assert second.root == root.resolve()
    mode = stat.S_IMODE(entry(root).stat().st_mode)
    assert mode & 0o077 == 0  # the roster is in it: for the user only
    assert stat.S_IMODE(secret_path().stat().st_mode) == 0o600


def test_a_cached_load_keeps_no_roster_text_whether_read_or_remembered(project, reads):
    """What a records command gets holds the roster's members and teams, not roster.yml's parsed
    text and positions (a county's 50,000 members: 80 MB more to import with); a plain load lets
    them go too, once its checks are done."""
    root = project({"content/roster.yml": ROSTER})
    full = load_project(root)
    read = load_project(root, cached=True)
    remembered = load_project(root, cached=True)
    assert len(reads) == 2  # the plain load and the first cached one
    for loaded in (full, read, remembered):
        source = loaded.roster._source
        assert (source.rel, source.data, "marks" in vars(source)) == ("content/roster.yml", None, False)
        assert snapshot(loaded) == snapshot(full)


def test_a_changed_roster_is_read_again(project, reads):
    root = project({"content/roster.yml": ROSTER})
    load_project(root, cached=True)
    (root / "content/roster.yml").write_text(ROSTER.replace("李四", "王五"), encoding="utf-8")
    changed = load_project(root, cached=True)
    assert [m.name for m in changed.roster.members] == ["张三", "王五"]
    assert len(reads) == 2
    again = load_project(root, cached=True)
    assert [m.name for m in again.roster.members] == ["张三", "王五"] and len(reads) == 2


def test_a_new_file_is_read_again(project, reads):
    root = project({"content/roster.yml": ROSTER})
    load_project(root, cached=True)
    (root / "content/extra.yml").write_text("x: 1\n", encoding="utf-8")
    warned = load_project(root, cached=True)
    assert len(reads) == 2
    assert any("extra.yml" in d.format() for d in warned.warnings)


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty", "garbage"])
def test_a_damaged_entry_is_ignored_and_rebuilt(project, reads, damage):
    root = project({"content/roster.yml": ROSTER})
    good = snapshot(load_project(root, cached=True))
    blob = entry(root).read_bytes()
    damaged = {
        "truncated": blob[: len(blob) // 2],
        "flipped": blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:],
        "empty": b"",
        "garbage": os.urandom(len(blob)),
    }[damage]
    entry(root).write_bytes(damaged)
    assert snapshot(load_project(root, cached=True)) == good
    assert len(reads) == 2
    assert entry(root).read_bytes() != damaged  # rebuilt (documents may now come from ``filecache``)
    assert snapshot(load_project(root, cached=True)) == good and len(reads) == 2


class _Planted:
    """What an attacker would put in a shared project folder: unpickling it writes a file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "pwned"))


def test_an_entry_not_signed_with_the_users_key_is_never_unpickled(project, tmp_path, reads):
    root = project({"content/roster.yml": ROSTER})
    load_project(root, cached=True)
    blob = entry(root).read_bytes()
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Planted(marker))
    # The right key (it names the files, which the attacker knows), a forged signature.
    entry(root).write_bytes(b"\0" * 32 + blob[32:64] + payload)
    project_again = load_project(root, cached=True)
    assert not marker.exists()
    assert [m.id for m in project_again.roster.members] == ["M001", "M002"]
    # Signed by another user's key (the folder came from another machine): not read either.
    other_key = secret_path()
    other_key.write_bytes(os.urandom(32))
    load_project(root, cached=True)
    assert not marker.exists()
    assert len(reads) == 3


def test_a_bad_roster_gives_the_full_loads_errors_even_with_an_old_entry(project):
    root = project({"content/roster.yml": ROSTER})
    load_project(root, cached=True)  # an entry for the good roster
    bad = ROSTER.replace("team: patrol\n    joined: 2024-02-01", "team: nowhere\n    joined: 2024-13-01")
    assert bad != ROSTER
    (root / "content/roster.yml").write_text(bad, encoding="utf-8")
    with pytest.raises(ContentError) as full:
        load_project(root)
    with pytest.raises(ContentError) as cached:
        load_project(root, cached=True)
    assert [d.format() for d in cached.value.diagnostics] == [d.format() for d in full.value.diagnostics]
    assert any("joined" in d.format() for d in cached.value.diagnostics)
    with pytest.raises(ContentError):  # and again: a project with errors is never cached
        load_project(root, cached=True)


def test_output_folders_are_judged_as_they_are_now(project, reads):
    """Where outputs go is not in the files: a cached load checks the folders again."""
    root = project({"content/roster.yml": ROSTER})
    load_project(root, cached=True)
    (root / "site").write_text("不是文件夹", encoding="utf-8")  # where site/team must be made
    with pytest.raises(ContentError) as full:
        load_project(root)
    with pytest.raises(ContentError) as cached:
        load_project(root, cached=True)
    assert [d.format() for d in cached.value.diagnostics] == [d.format() for d in full.value.diagnostics]


def test_no_cache_when_it_cannot_be_written(project, reads):
    root = project({"content/roster.yml": ROSTER})
    (root / CACHE_DIR).write_text("a file where the cache folder would be", encoding="utf-8")
    first = load_project(root, cached=True)
    second = load_project(root, cached=True)
    assert snapshot(first) == snapshot(second)
    assert len(reads) == 2  # read in full each time, no error


def test_no_cache_inside_an_output_folder(project, reads):
    """A site folder set to the cache folder would publish the roster with the site: refused as
    the full load refuses it, and nothing is cached."""
    root = project({"content/roster.yml": ROSTER})
    config = (root / "site_config.yml").read_text(encoding="utf-8")
    (root / "site_config.yml").write_text(
        config.replace("team_site: site/team", "team_site: .pingan-cache/site"), encoding="utf-8"
    )
    for _ in range(2):
        with pytest.raises(ContentError) as refused:
            load_project(root, cached=True)
        assert "outputs.team_site" in refused.value.diagnostics[0].format()
    assert not (root / CACHE_DIR).exists()


def test_no_cache_through_a_link(project, tmp_path, reads):
    root = project({"content/roster.yml": ROSTER})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / CACHE_DIR).symlink_to(elsewhere)
    load_project(root, cached=True)
    assert list(elsewhere.iterdir()) == []
    load_project(root, cached=True)
    assert len(reads) == 2
