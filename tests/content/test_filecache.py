"""Content files remembered by their bytes (``content.filecache``): a load reads only what changed,
says every problem at every load, and never unpickles an entry it did not sign."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from generator.content import cache as project_cache
from generator.content import load_project
from generator.content.filecache import FOLDER, DocumentCache
from generator.content.paths import CACHE_DIR
from generator.content.schema import QuizBank, TrainingModule
from generator.diagnostics import ContentError
from tests.conftest import copy_example


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # the signing key's folder


def entries(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR / FOLDER).glob("*.pickle"))


def dumped(project) -> list[dict]:
    documents = [*project.policies, *project.rules, *project.modules, *project.notices, *project.banks]
    return [d.model_dump() for d in documents] + [project.roster.model_dump()]


def test_a_second_load_parses_only_the_config_and_gives_the_same_project(tmp_path, parsed):
    root = copy_example(tmp_path / "p")
    first = load_project(root)
    files = len(parsed)
    # Every document but the config and the roster, which are read at every load.
    assert files > 20 and len(entries(root)) == files - 2
    parsed.clear()
    second = load_project(root)
    assert parsed == ["site_config.yml", "content/roster.yml"]
    assert dumped(second) == dumped(first)
    assert second.modules[0]._source.path == root / "content/modules" / f"{second.modules[0].id}.yml"
    folder = root / CACHE_DIR / FOLDER
    assert folder.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in entries(root)} == {0o600}
    assert (root / CACHE_DIR / ".gitignore").read_text() == "*\n"


def test_an_edited_file_is_read_again_and_its_old_entry_removed(tmp_path, parsed):
    root = copy_example(tmp_path / "p")
    load_project(root)
    before = entries(root)
    module = root / "content/modules/m2024-01.yml"
    module.write_text(
        module.read_text(encoding="utf-8").replace("巡逻中的信息收集与报告", "巡逻中的线索报告")
    )
    parsed.clear()
    project = load_project(root)
    assert parsed == ["site_config.yml", "content/modules/m2024-01.yml", "content/roster.yml"]
    assert project.modules_by_id["m2024-01"].title == "巡逻中的线索报告"
    after = entries(root)
    assert len(after) == len(before) and len(set(after) - set(before)) == 1


def test_a_file_with_a_warning_is_read_and_warned_about_at_every_load(tmp_path, parsed):
    root = copy_example(tmp_path / "p")
    (root / "content/stray.yml").write_text("a: 1\n", encoding="utf-8")  # a file no reader claims
    notice = root / "content/notices/n2024-01.yml"
    text = notice.read_text(encoding="utf-8")
    assert "\ndoc_number:" in text
    notice.write_text(text.replace("\ndoc_number:", "\nnumber:"), encoding="utf-8")  # the field's old name
    warnings = [load_project(root).warnings for _ in range(2)]
    assert warnings[0] == warnings[1]
    assert {w.path for w in warnings[1]} >= {"content/notices/n2024-01.yml", "content/stray.yml"}
    assert parsed.count("content/notices/n2024-01.yml") == 2


def test_a_problem_found_across_files_points_into_a_remembered_file(tmp_path):
    root = copy_example(tmp_path / "p")
    load_project(root)
    (root / "quizzes/bank-intel.yml").unlink()  # m2024-01 names it
    with pytest.raises(ContentError) as raised:
        load_project(root)
    (problem,) = [d for d in raised.value.diagnostics if d.path == "content/modules/m2024-01.yml"]
    lines = (root / "content/modules/m2024-01.yml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].startswith("quizzes:")


def _marker_pickle(marker: Path) -> bytes:
    class Planted:
        def __reduce__(self):
            return (os.mkdir, (str(marker),))

    return pickle.dumps(Planted())


def test_a_planted_or_swapped_entry_is_never_used(tmp_path, parsed):
    root = copy_example(tmp_path / "p")
    load_project(root)
    module = root / "content/modules/m2024-01.yml"
    cache = DocumentCache.open(root, [])
    assert cache is not None
    key = cache.key("content/modules/m2024-01.yml", TrainingModule, module.read_bytes())
    entry = root / CACHE_DIR / FOLDER / f"{key}.pickle"
    assert entry.is_file()
    marker = tmp_path / "ran"
    for planted in (b"\0" * 32 + _marker_pickle(marker), entry.read_bytes()[:32] + _marker_pickle(marker)):
        entry.write_bytes(planted)
        parsed.clear()
        project = load_project(root)
        assert not marker.exists(), "an unsigned pickle was read"
        assert "content/modules/m2024-01.yml" in parsed
        assert project.modules_by_id["m2024-01"].title == "巡逻中的信息收集与报告"
    # Another file's valid entry under this file's name: signed, but not for this name.
    other = root / "content/modules/m2024-02.yml"
    other_key = cache.key("content/modules/m2024-02.yml", TrainingModule, other.read_bytes())
    entry.write_bytes((root / CACHE_DIR / FOLDER / f"{other_key}.pickle").read_bytes())
    parsed.clear()
    assert load_project(root).modules_by_id["m2024-01"].title == "巡逻中的信息收集与报告"
    assert "content/modules/m2024-01.yml" in parsed


def test_damaged_entries_are_read_as_missing(tmp_path, parsed):
    root = copy_example(tmp_path / "p")
    first = load_project(root)
    for n, entry in enumerate(entries(root)):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if n % 2 else data[:-1] + bytes([data[-1] ^ 1]))
    parsed.clear()
    assert dumped(load_project(root)) == dumped(first)
    assert len(parsed) == len(entries(root)) + 2


def test_another_pingan_reads_every_file_again(tmp_path, parsed, monkeypatch):
    root = copy_example(tmp_path / "p")
    load_project(root)
    monkeypatch.setattr("generator.content.cache.code_key", lambda: b"another pingan")
    assert project_cache.code_key() == b"another pingan"
    parsed.clear()
    load_project(root)
    assert len(parsed) > 20


def test_a_linked_cache_folder_is_not_followed(tmp_path, parsed):
    root = copy_example(tmp_path / "p")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / CACHE_DIR).mkdir()
    (root / CACHE_DIR / FOLDER).symlink_to(elsewhere)
    load_project(root)
    parsed.clear()
    load_project(root)
    assert not list(elsewhere.iterdir())
    assert len(parsed) > 20


def test_a_read_only_project_is_only_slower(tmp_path, parsed, monkeypatch):
    root = copy_example(tmp_path / "p")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("generator.content.cachedir.tempfile.mkstemp", full)
    project = load_project(root)
    assert project.modules_by_id["m2024-01"] is not None and not entries(root)


def test_the_same_bytes_under_another_kind_are_another_entry(tmp_path):
    root = copy_example(tmp_path / "p")
    cache = DocumentCache.open(root, [])
    assert cache is not None
    data = b"id: x\n"
    keys = {
        cache.key("quizzes/x.yml", QuizBank, data),
        cache.key("content/modules/x.yml", TrainingModule, data),
    }
    assert len(keys) == 2


def test_a_refused_load_writes_nothing_in_the_project_or_for_the_user(tmp_path):
    root = copy_example(tmp_path / "p")
    (root / "content/notices/n2024-01.yml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError):
        load_project(root)
    assert not (root / CACHE_DIR).exists()
    assert not (tmp_path / "xdg").exists(), "no signing key made for a load that stored nothing"
    (root / "content/notices/n2024-01.yml").unlink()
    load_project(root)
    assert entries(root) and (tmp_path / "xdg" / "pingan" / "project-cache.key").is_file()


def test_a_load_asked_to_keep_later_writes_only_when_told(tmp_path, parsed):
    root = copy_example(tmp_path / "p")
    project = load_project(root, keep_later=True)
    assert not (root / CACHE_DIR).exists() and not (tmp_path / "xdg").exists()
    assert project.keep_documents is not None
    project.keep_documents()
    assert len(entries(root)) == len(parsed) - 2
    parsed.clear()
    load_project(root)
    assert parsed == ["site_config.yml", "content/roster.yml"]


def test_a_build_keeps_the_documents_only_when_its_public_site_passed_the_scan(tmp_path, run, parsed):
    """``pingan build`` leaves writing the entries to its second process, after the privacy scan of
    the public site: a build refused by the scan keeps none (a refused load keeps none either)."""
    from generator.pipeline import build as run_build
    from generator.site import PrivacyLeak

    root = copy_example(tmp_path / "p")
    loaded = load_project(root, keep_later=True)
    member = loaded.roster.members[0]  # past the content check: a name the public pages hold
    public_title = next(n.title for n in loaded.notices if n.public)
    loaded.roster.members.append(member.model_copy(update={"id": "M777", "name": public_title[:4]}))
    with pytest.raises(PrivacyLeak):
        run_build(loaded, prints=False)
    assert not entries(root)

    code, _out, err = run("build", "-q", "--no-print", str(root))
    assert code == 0, err
    assert len(entries(root)) > 20
    parsed.clear()
    load_project(root)
    assert parsed == ["site_config.yml", "content/roster.yml"]


@pytest.mark.parametrize("second", [False, True], ids=["read afresh", "from the cache"])
def test_a_loaded_project_holds_no_values_of_its_files_yet_points_into_them(tmp_path, second):
    """Once the load's checks are done the files' values and positions are let go (the memory a
    build prints beside); a message after the load still finds its line, read again from the file."""
    root = copy_example(tmp_path / "p")
    project = load_project(root)
    if second:
        project = load_project(root)
    documents = [project.config, *project.policies, *project.rules, *project.modules, *project.notices,
                 *project.banks, project.roster]  # fmt: skip
    assert all(d._source.data is None and "marks" not in vars(d._source) for d in documents)
    module = project.modules[0]
    found = module._source.diagnostic(("quizzes",), "m")
    lines = module._source.path.read_text(encoding="utf-8").splitlines()
    assert found.path == f"content/modules/{module._source.path.name}"
    assert lines[found.line - 1].startswith("quizzes:"), (found, module.quizzes)
