"""Compiled templates kept in the user's cache folder (``render.CompiledTemplates``): used only for
the same source and the same way of compiling, never a reason to fail, never in a project."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jinja2
import pytest

from generator.render import CompiledTemplates, Renderer, remember_compiled


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch) -> Path:
    cache = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache / "pingan" / "templates"


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from source (a cache hit compiles nothing)."""
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return compiled


def project_with_template(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "project"
    (root / "templates").mkdir(parents=True, exist_ok=True)
    (root / "templates" / "t.md.j2").write_text(text, encoding="utf-8")
    return root


def test_a_template_compiles_once_for_the_user(tmp_path, user_cache, compiles):
    root = project_with_template(tmp_path, "# {{ title }}\n")
    assert Renderer(root).render("t.md.j2", {"title": "巡逻"}) == "# 巡逻\n"
    assert compiles == ["t.md.j2"]
    entries = list(user_cache.iterdir())
    assert len(entries) == 1 and entries[0].stat().st_mode & 0o777 == 0o600
    assert user_cache.stat().st_mode & 0o777 == 0o700
    assert not list(root.rglob("*.cache")), "nothing is cached inside the project"

    assert Renderer(root).render("t.md.j2", {"title": "演练"}) == "# 演练\n"
    assert compiles == ["t.md.j2"], "a second renderer reads the compiled template"


def test_a_changed_template_is_compiled_again(tmp_path, user_cache, compiles):
    root = project_with_template(tmp_path, "# {{ title }}\n")
    Renderer(root).render("t.md.j2", {"title": "a"})
    project_with_template(tmp_path, "## {{ title }}!\n")
    assert Renderer(root).render("t.md.j2", {"title": "a"}) == "## a!\n"
    assert compiles == ["t.md.j2", "t.md.j2"]


@pytest.mark.parametrize("damage", [b"", b"j2garbage", b"\x00" * 40])
def test_a_damaged_entry_is_compiled_again(tmp_path, user_cache, compiles, damage):
    root = project_with_template(tmp_path, "# {{ title }}\n")
    Renderer(root).render("t.md.j2", {"title": "a"})
    (entry,) = user_cache.iterdir()
    entry.write_bytes(entry.read_bytes()[:30] + damage if damage else b"")
    assert Renderer(root).render("t.md.j2", {"title": "b"}) == "# b\n"
    assert len(compiles) == 2


def test_environments_that_compile_differently_do_not_share(tmp_path, user_cache):
    root = project_with_template(tmp_path, "{% if true %}\n  x\n{% endif %}\n")
    loader = jinja2.FileSystemLoader(root / "templates")
    plain = jinja2.Environment(loader=loader)
    trimmed = jinja2.Environment(loader=loader, trim_blocks=True, lstrip_blocks=True)
    for env in (plain, trimmed):
        remember_compiled(env)
        assert isinstance(env.bytecode_cache, CompiledTemplates)
    assert plain.get_template("t.md.j2").render() == "\n  x\n"
    assert trimmed.get_template("t.md.j2").render() == "  x\n"
    assert len(list(user_cache.iterdir())) == 2


def test_a_cache_folder_that_is_not_the_users_alone_is_not_used(tmp_path, user_cache, compiles):
    root = project_with_template(tmp_path, "# {{ title }}\n")
    user_cache.parent.mkdir(parents=True)
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir(mode=0o777)
    os.chmod(elsewhere, 0o777)
    user_cache.symlink_to(elsewhere)
    assert Renderer(root).render("t.md.j2", {"title": "a"}) == "# a\n"
    assert not list(elsewhere.iterdir()), "nothing written where a link points"

    user_cache.unlink()
    user_cache.mkdir(mode=0o700)
    os.chmod(user_cache, 0o777)  # writable by anyone: what is read from it may not be ours
    Renderer(root).render("t.md.j2", {"title": "a"})
    assert not list(user_cache.iterdir())
    assert compiles == ["t.md.j2", "t.md.j2"]


def test_no_cache_folder_is_no_error(tmp_path, user_cache, compiles):
    user_cache.parent.mkdir(parents=True)
    user_cache.write_text("a file where the folder should be", encoding="utf-8")
    root = project_with_template(tmp_path, "# {{ title }}\n")
    for _ in range(2):
        assert Renderer(root).render("t.md.j2", {"title": "a"}) == "# a\n"
    assert compiles == ["t.md.j2", "t.md.j2"]


def test_the_folder_is_made_only_when_a_template_is_kept(tmp_path, user_cache):
    root = project_with_template(tmp_path, "# {{ title }}\n")
    renderer = Renderer(root)
    assert isinstance(renderer.env.bytecode_cache, CompiledTemplates)
    assert not user_cache.parent.exists(), "a renderer that rendered nothing leaves no folder"
    renderer.render("t.md.j2", {"title": "a"})
    assert len(list(user_cache.iterdir())) == 1


def test_a_full_disk_keeps_nothing_and_fails_nothing(tmp_path, user_cache, compiles, monkeypatch):
    root = project_with_template(tmp_path, "# {{ title }}\n")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("jinja2.bccache.tempfile.NamedTemporaryFile", full)
    assert Renderer(root).render("t.md.j2", {"title": "a"}) == "# a\n"
    assert not [p for p in user_cache.iterdir()]


@pytest.fixture
def compiles_in_any_process(tmp_path: Path, monkeypatch) -> Path:
    """Like ``compiles``, but written to a file, one name per line, so the forked process that
    builds the public site is counted too: whichever of the two compiles a theme template first
    keeps it, and the other may then read it from the cache."""
    log = tmp_path / "compiled.txt"
    log.touch()
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        with open(log, "a", encoding="utf-8") as out:  # one short append per line: whole lines
            out.write(f"{name}\n")
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return log


def test_a_site_build_compiles_materials_templates_once(project, run, user_cache, compiles_in_any_process):
    """The MkDocs hook gives Material's environment the same cache: a second build of both sites
    compiles none of the theme's templates, in either process."""
    root = project()
    for attempt in range(2):
        code, _out, err = run("build", "-q", "--no-print", str(root))
        assert code == 0, err
        compiled = compiles_in_any_process.read_text(encoding="utf-8").split()
        theme = [name for name in compiled if name in ("main.html", "base.html", "404.html")]
        assert bool(theme) == (attempt == 0), compiled
        compiles_in_any_process.write_text("", encoding="utf-8")
        for site in ("site/team", "site/public"):  # the next build is a whole one again
            shutil.rmtree(root / site)
