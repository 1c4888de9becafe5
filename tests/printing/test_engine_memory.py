"""What the printing browser starts, measured on the real processes: Playwright's own feature
switches still hold under ours, the address bar's popup renderers and the spare renderer are not
started, the GPU process loads no software GPU, and the driver gets its smaller young generation
without pingan's environment keeping it."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.printing.engine import CHROMIUM, CHROMIUM_ARGS, DRIVER_NODE_OPTIONS, PdfJob, print_pdfs

PAGE = "<!doctype html><html><head><meta charset='utf-8'></head><body><p>巡逻记录</p></body></html>"


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, grew = {root}, True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grew = bool(below)
    return sorted(tree - {root})


def _arguments(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").replace("\0", " ").split()
    except OSError:
        return []


def _renderers(others: set[int]) -> list[list[str]]:
    """The renderers started by this process, but not by the browsers in ``others`` (a test session
    may hold a browser of its own)."""
    mine = set(_descendants(os.getpid())) - others
    return [args for pid in sorted(mine) if "--type=renderer" in (args := _arguments(pid))]


def _software_gpu(others: set[int]) -> tuple[bool, bool]:
    """For the GPU process of a browser started here (not in ``others``): whether Chromium started
    it with GL off (``--use-gl=disabled``), and whether SwiftShader (libvk_swiftshader.so) is mapped."""
    for pid in sorted(set(_descendants(os.getpid())) - others):
        arguments = _arguments(pid)
        if "--type=gpu-process" in arguments:
            try:
                mapped = "swiftshader" in Path(f"/proc/{pid}/maps").read_text().lower()
            except OSError:
                mapped = False
            return "--use-gl=disabled" in arguments, mapped
    return False, False


def _disabled(arguments: list[str]) -> set[str]:
    found = [a.split("=", 1)[1] for a in arguments if a.startswith("--disable-features=")]
    return set(found[-1].split(",")) if found else set()


def _launch_and_look(args: list[str]) -> tuple[set[str], list[str], int, tuple[bool, bool]]:
    """Launch Chromium as pingan does with ``args``, open a context and a page as printing does:
    the features its renderer runs without, the browser-UI targets, how many renderers run and
    whether the GPU process loaded a software GPU.
    (The async API in a thread of its own, as ``print_pdfs`` runs: a test session may already
    hold a sync Playwright on this thread.)"""
    from playwright.async_api import async_playwright

    async def look() -> tuple[set[str], list[str], int, tuple[bool, bool]]:
        others = set(_descendants(os.getpid()))
        async with async_playwright() as playwright:
            executable = CHROMIUM if CHROMIUM.exists() else None
            browser = await playwright.chromium.launch(executable_path=executable, args=args)
            try:
                context = await browser.new_context(java_script_enabled=False, offline=True)
                page = await context.new_page()
                await page.set_content(PAGE)
                await page.pdf()
                session = await browser.new_browser_cdp_session()
                targets = (await session.send("Target.getTargets"))["targetInfos"]
                ui = [t["url"] for t in targets if t["type"] != "page"]
                renderers = _renderers(others)
                disabled = set().union(*(_disabled(r) for r in renderers))
                return disabled, ui, len(renderers), _software_gpu(others)
            finally:
                await browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, look()).result()


def test_playwrights_switches_still_hold_and_one_page_runs_one_renderer():
    plain = [a for a in CHROMIUM_ARGS if not a.startswith("--disable-features=")]
    default_disabled, default_ui, default_renderers, _ = _launch_and_look(plain)
    ours_disabled, ours_ui, ours_renderers, _ = _launch_and_look(CHROMIUM_ARGS)
    assert default_disabled, "Playwright passes --disable-features; the renderer shows them"
    # Chromium keeps only the last --disable-features: ours must carry Playwright's list on.
    assert default_disabled <= ours_disabled, sorted(default_disabled - ours_disabled)
    assert any("omnibox-popup" in url for url in default_ui), default_ui  # what the switch is for
    assert ours_ui == []
    # the page's own renderer and nothing else: no popups, no spare started for a next site
    # (Chromium starts the spare when it is idle, so the default may not show it yet)
    assert ours_renderers == 1 and default_renderers >= 3


def test_the_gpu_process_loads_no_software_gpu():
    without = [a for a in CHROMIUM_ARGS if a != "--disable-software-rasterizer"]
    assert len(without) == len(CHROMIUM_ARGS) - 1
    # (whether SwiftShader is mapped yet when looked at depends on how far the GPU process got:
    # the switch is told by how Chromium starts that process; what it maps is checked for ours)
    assert _launch_and_look(without)[3][0] is False, "what the switch is for: GL on, SwiftShader"
    assert _launch_and_look(CHROMIUM_ARGS)[3] == (True, False)


def test_the_driver_starts_with_a_small_young_generation_and_the_environment_is_put_back(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("NODE_OPTIONS", "--no-warnings")
    seen: list[str] = []

    def look(job: PdfJob) -> None:  # runs while Chromium and the driver are up
        for pid in _descendants(os.getpid()):
            try:
                environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"node" in Path(f"/proc/{pid}/comm").read_bytes():
                seen.extend(v.decode().split("=", 1)[1] for v in environ if v.startswith(b"NODE_OPTIONS="))

    print_pdfs([PdfJob(PAGE, tmp_path / "a.pdf", "a")], on_done=look)
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert seen == [f"--no-warnings {DRIVER_NODE_OPTIONS}"]
    assert os.environ["NODE_OPTIONS"] == "--no-warnings"

    monkeypatch.delenv("NODE_OPTIONS")
    print_pdfs([PdfJob(PAGE, tmp_path / "b.pdf", "b")])
    assert "NODE_OPTIONS" not in os.environ


@pytest.mark.parametrize("given", [None, "--no-warnings"])
def test_a_failed_start_puts_the_environment_back(monkeypatch, tmp_path, given):
    from generator.printing import engine

    if given is None:
        monkeypatch.delenv("NODE_OPTIONS", raising=False)
    else:
        monkeypatch.setenv("NODE_OPTIONS", given)

    def refuse(*args, **kwargs):
        raise OSError("no driver")

    monkeypatch.setattr("playwright.async_api.async_playwright", refuse)
    with pytest.raises(OSError):
        engine.print_pdfs([PdfJob(PAGE, tmp_path / "c.pdf", "c")])
    assert os.environ.get("NODE_OPTIONS") == given
