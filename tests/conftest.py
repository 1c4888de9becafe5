"""Shared fixtures: scratch content projects, the built example site, a real Chromium."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from generator.cli import main
from generator.printing.engine import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parent.parent
SCAFFOLD = REPO / "generator" / "scaffold"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


# A public notice whose body tries every trick the sanitisers must undo (sites and print).
HOSTILE_NOTICE = """\
id: n01
title: 测试
date: 2025-02-10
issuer: 乡政府
public: true
body: |
  正文<script>alert("x1")</script>
  <img src="x.png" onerror="alert('x2')">
  <a href="javascript:alert('x3')">链接</a>
  <iframe src="https://example.invalid/"></iframe>
  <b>保留加粗</b> 值班电话 13912345678，证件 11010119900307000X。
"""
HOSTILE_MARKERS = ('alert("x1")', "onerror", "javascript:", "<iframe", "example.invalid")


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Write (dedented) files under root; None deletes a file."""
    for rel, text in files.items():
        path = root / rel
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path):
    """A factory: a valid minimal project (the `pingan init` scaffold) with files replaced."""

    def make(files: dict[str, str | bytes | None] | None = None) -> Path:
        root = tmp_path / "proj"
        if not root.exists():
            shutil.copytree(SCAFFOLD, root)
        write_files(root, files or {})
        return root

    return make


@pytest.fixture
def run(capsys):
    """Run the pingan CLI in-process; returns (exit code, stdout, stderr)."""

    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def copy_example(dest: Path) -> Path:
    """The repository's example content project, copied so builds never touch the checkout."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "site_config.yml", dest / "site_config.yml")
    shutil.copytree(REPO / "content", dest / "content")
    shutil.copytree(REPO / "quizzes", dest / "quizzes")
    return dest


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example content, built once per test session; returns the project root."""
    root = copy_example(tmp_path_factory.mktemp("example"))
    # With demo records, so the team site has its 台账统计 pages for the browser and privacy tests.
    env_url = os.environ.pop("PINGAN_DATABASE_URL", None)
    try:
        assert main(["-C", str(root), "demo-records", "--members", "30", "--months", "12"]) == 0
        code = main(["build", "-q", str(root)])
    finally:
        if env_url is not None:
            os.environ["PINGAN_DATABASE_URL"] = env_url
    assert code == 0, "example content must build"
    return root


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright (falls back to Playwright's own build elsewhere)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        executable = CHROMIUM if CHROMIUM.exists() else None
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def tablet_page(browser):
    """A 768×1024 tablet page in China's time zone, offline: every request that is not
    for a local file is blocked and recorded in ``page.outside_requests``; script errors
    are recorded in ``page.errors``."""
    context = browser.new_context(
        viewport=TABLET,
        device_scale_factor=1,
        has_touch=True,
        accept_downloads=True,
        timezone_id="Asia/Shanghai",
    )
    page = context.new_page()
    page.outside_requests = []

    def guard(route):
        if route.request.url.startswith(("file://", "data:", "blob:", "about:")):
            route.continue_()
        else:
            page.outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()
