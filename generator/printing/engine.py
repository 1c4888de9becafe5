"""Print HTML to PDF with Chromium through Playwright: one browser for the whole run.

``print_pdfs`` launches Chromium once (Debian's ``/usr/bin/chromium``, else
Playwright's own build) and prints on ``concurrency`` tabs at once, each tab in
its own browser context so that Chromium gives each its own renderer process
(tabs of one context share one and print one after another). JavaScript is
off and the contexts are offline: a page can neither run a script nor fetch
anything, so printing is the same on a machine with no network.

Every PDF is passed through ``pdffix.fix_cjk_text`` before it is written, so
its text extracts (copy, search, pdftotext) as the characters that were typed.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..errors import PinganError
from ..messages import printing as text
from .pdffix import fix_cjk_text

CHROMIUM = Path("/usr/bin/chromium")
# Chromium keeps the last --disable-features it is given, so ours must repeat the list Playwright
# passes before it (playwright 1.x's chromiumSwitches; tests/printing/test_engine_memory.py checks
# that every one of them is still disabled).
PLAYWRIGHT_DISABLED_FEATURES = [
    "AimEnabled", "AvoidCorsURLLoaderRestartOnRedirect", "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose", "HttpsFirstBalancedModeAutoEnable", "HttpsUpgrades", "LensOverlay",
    "MediaRouter", "NetworkTimeServiceQuerying", "OptimizationHints", "PaintHolding", "PreconnectToSearch",
    "TcpPortRandomizationWin", "ThirdPartyStoragePartitioning", "msEdgeUpdateLaunchServicesPreferredVersion",
    "msForceBrowserSignIn",
]  # fmt: skip
# Chromium 156 opens the address bar's popups as web pages in a renderer of their own for every
# browser context, headless too: two processes of about 60 MB each that nothing here ever shows.
# It also keeps a spare renderer started ahead of the next site (about 17 MB): printing opens
# its tabs once and never navigates to a new site.
UNUSED_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "SpareRendererForSitePerProcess"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # With the GPU off, Chromium still loads SwiftShader (a software GPU, about 15 MB in its GPU
    # process) for WebGL and GPU raster; a printed page is rastered, if at all, by the CPU.
    "--disable-software-rasterizer",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + UNUSED_FEATURES),
]
DEFAULT_CONCURRENCY = 2
# Playwright's driver (Node.js) passes every PDF through, as base64 text; a young generation of
# 2 MB instead of V8's default 16 MB semispaces keeps it about 30 MB smaller while printing.
DRIVER_NODE_OPTIONS = "--max-semi-space-size=2"

# Playwright logs what fails inside its own event handlers (the reply to a command already given
# up on, when Ctrl-C stops a run mid-print) as an English traceback on stderr. What matters to a
# user reaches pingan as an exception and is said in Chinese; those lines go nowhere.
logging.getLogger("playwright").addHandler(logging.NullHandler())
logging.getLogger("playwright").propagate = False


class EngineError(PinganError):
    """Chromium could not be started or failed on a document (message in Chinese)."""


@dataclass(frozen=True)
class PdfJob:
    html: str  # a complete page; paper size and margins come from its CSS @page rules
    target: Path
    name: str = ""  # shown in error messages
    # Given the HTML last printed and its PDF, the HTML to print instead (to keep the signature
    # with the text, put the 版记 at the foot of the last page …), or None to keep that PDF.
    refine: Callable[[str, bytes], str | None] | None = None


def print_pdfs(
    jobs: Sequence[PdfJob],
    concurrency: int = DEFAULT_CONCURRENCY,
    on_done: Callable[[PdfJob], None] | None = None,
    env: dict[str, str] | None = None,
) -> None:
    """Print every job with one Chromium (``env``: its environment: FONTCONFIG_FILE); raises EngineError."""
    if not jobs:
        return
    run = functools.partial(asyncio.run, _print_all(list(jobs), max(1, concurrency), on_done, env))
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        run()
    else:  # called from inside an event loop (e.g. next to Playwright's sync API): use a thread
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(run).result()


async def _print_all(
    jobs: list[PdfJob],
    concurrency: int,
    on_done: Callable[[PdfJob], None] | None,
    env: dict[str, str] | None,
) -> None:
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    with _driver_options():
        playwright = await async_playwright().start()
    try:
        browser = await _launch(playwright, env)
        try:
            queue = list(reversed(jobs))

            async def worker() -> BaseException | None:
                # Returns its error rather than raising it: a tab still printing when Ctrl-C stops
                # the run (Chromium gone with it) must not be reported as an unhandled exception.
                try:
                    context = await browser.new_context(java_script_enabled=False, offline=True)
                    page = await context.new_page()
                    try:
                        while queue:
                            job = queue.pop()
                            try:
                                pdf = await _print_refined(page, job)
                            except PlaywrightError as exc:
                                queue.clear()  # the other tabs stop after their current document
                                detail = text.PRINT_FAILED.format(name=job.name, detail=exc)
                                return EngineError(detail).with_traceback(exc.__traceback__)
                            job.target.parent.mkdir(parents=True, exist_ok=True)
                            job.target.write_bytes(fix_cjk_text(pdf))
                            if on_done:
                                on_done(job)
                    finally:
                        await context.close()
                except (PlaywrightError, EngineError, OSError) as exc:
                    queue.clear()
                    return exc
                return None

            tabs = min(concurrency, len(jobs))
            results = await asyncio.gather(*(worker() for _ in range(tabs)), return_exceptions=True)
            for result in results:
                if isinstance(result, BaseException):
                    raise result
        finally:
            await browser.close()
    finally:
        await playwright.stop()


@contextlib.contextmanager
def _driver_options() -> Iterator[None]:
    """NODE_OPTIONS for Playwright's driver, which takes its environment from ``os.environ``: set
    while it starts (anything the user set is kept, ours comes after), then put back."""
    before = os.environ.get("NODE_OPTIONS")
    os.environ["NODE_OPTIONS"] = f"{before} {DRIVER_NODE_OPTIONS}" if before else DRIVER_NODE_OPTIONS
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("NODE_OPTIONS", None)
        else:
            os.environ["NODE_OPTIONS"] = before


MAX_PASSES = 3  # measure, keep the signature with the text, place the 版记


async def _print_refined(page, job: PdfJob) -> bytes:
    html = job.html
    pdf = await _print_one(page, html)
    for _ in range(MAX_PASSES - 1):
        following = await asyncio.to_thread(job.refine, html, pdf) if job.refine else None
        if following is None:
            break
        html = following
        pdf = await _print_one(page, html)
    return pdf


async def _print_one(page, html: str) -> bytes:
    await page.set_content(html, wait_until="load")
    return await page.pdf(prefer_css_page_size=True, print_background=True)


async def _launch(playwright, env: dict[str, str] | None = None):
    from playwright.async_api import Error as PlaywrightError

    executable = str(CHROMIUM) if CHROMIUM.exists() else None
    try:
        return await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, env=env)
    except PlaywrightError as exc:
        raise EngineError(f"{text.NO_CHROMIUM}（{_first_line(exc)}）", text.NO_CHROMIUM_HINT) from exc


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
