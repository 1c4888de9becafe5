"""A first load reads part of the files in a second process (``load._read_ahead``): the same
project, the same problems in the same order, and nothing lost if that process fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import generator.content.load as load
from generator.content import load_project
from generator.diagnostics import ContentError
from tests.conftest import copy_example


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(load, "READ_AHEAD_FILES", 4)  # the example project has about 25 files


def one_core(monkeypatch) -> None:
    monkeypatch.setattr(load.os, "sched_getaffinity", lambda pid: {0})


def dumped(project) -> list:
    documents = [*project.policies, *project.rules, *project.modules, *project.notices, *project.banks]
    return [(type(d).__name__, d.model_dump()) for d in documents] + [project.roster.model_dump()]


def old_spelling(root: Path) -> None:
    """A warning in a late file (the second process's): a notice with the field's old name."""
    notice = root / "content/notices/n2024-03.yml"
    notice.write_text(notice.read_text(encoding="utf-8").replace("doc_number:", "number:"), encoding="utf-8")


def test_the_project_is_the_one_a_single_process_reads(tmp_path, monkeypatch, parsed):
    together_root, alone_root = copy_example(tmp_path / "a"), copy_example(tmp_path / "b")
    old_spelling(together_root)
    old_spelling(alone_root)
    together = load_project(together_root)
    assert 0 < len(parsed) < 20, "the other process read part of the files"
    assert "content/notices/n2024-03.yml" in parsed, "a file with a warning is read here again"
    assert together.keep_documents is None
    one_core(monkeypatch)
    parsed.clear()
    alone = load_project(alone_root)
    assert len(parsed) > 20
    assert dumped(together) == dumped(alone)
    said = [w.format().replace(str(tmp_path / "a"), "") for w in together.warnings]
    assert any("number" in line for line in said)
    assert said == [w.format().replace(str(tmp_path / "b"), "") for w in alone.warnings]
    assert together.modules[-1]._source.path.is_relative_to(tmp_path / "a")


def test_the_second_process_s_documents_are_kept_like_the_others(tmp_path, parsed):
    root = copy_example(tmp_path / "p")
    load_project(root)
    parsed.clear()
    again = load_project(root)
    assert parsed == ["site_config.yml", "content/roster.yml"]
    module = again.modules[-1]
    assert module._source.position(("title",))[0] > 0, "positions are read again from the file"


def broken(root: Path) -> None:
    """An error in a late file (the second process's), a warning in an early one."""
    modules = sorted((root / "content/modules").glob("*.yml"))
    banks = sorted((root / "quizzes").rglob("*.yml"))
    (banks[-1]).write_text(banks[-1].read_text(encoding="utf-8") + "\nunknown_field: 1\n", encoding="utf-8")
    text = modules[0].read_text(encoding="utf-8")
    modules[0].write_text(text.replace("title:", "title: \n  -", 1), encoding="utf-8")


def test_problems_are_the_same_and_in_the_same_order(tmp_path, monkeypatch):
    together_root, alone_root = copy_example(tmp_path / "a"), copy_example(tmp_path / "b")
    broken(together_root)
    broken(alone_root)
    with pytest.raises(ContentError) as together:
        load_project(together_root)
    one_core(monkeypatch)
    with pytest.raises(ContentError) as alone:
        load_project(alone_root)
    said = [d.format().replace(str(tmp_path / "a"), "") for d in together.value.diagnostics]
    assert said and said == [d.format().replace(str(tmp_path / "b"), "") for d in alone.value.diagnostics]
    assert not (together_root / ".pingan-cache").exists(), "a refused load keeps nothing"


def test_a_failed_second_process_only_costs_time(tmp_path, monkeypatch, parsed):
    parent = os.getpid()
    original = load.read_document

    def fails_there(*args, **kwargs):
        if os.getpid() != parent:
            os._exit(3)  # killed, out of memory: no word from it
        return original(*args, **kwargs)

    monkeypatch.setattr(load, "read_document", fails_there)
    root = copy_example(tmp_path / "p")
    project = load_project(root)
    assert len(parsed) > 20, "every file it had was read here"
    parsed.clear()
    assert dumped(load_project(root)) == dumped(project)
    assert parsed == ["site_config.yml", "content/roster.yml"]
