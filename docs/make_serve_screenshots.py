"""Regenerate the `pingan serve` screenshots in docs/images/ (docs/serve.md, README).

.venv/bin/python docs/make_serve_screenshots.py

The example content is copied to a scratch folder and its team site built; a real
`pingan serve` process serves it on 127.0.0.1. Chromium then plays a session: two tablets
take a practice quiz, one member signs in on their own, the trainer takes the roll on the
laptop and opens the board. Nothing in the repository but docs/images/serve-*.png changes.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.content import load_project  # noqa: E402
from generator.pipeline import build  # noqa: E402
from generator.printing.engine import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

IMAGES = ROOT / "docs" / "images"
CODE, PIN = "482916", "731905"
LAPTOP = {"width": 1024, "height": 720}
TABLET = {"width": 600, "height": 860}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(root: Path, port: int) -> subprocess.Popen:
    command = [Path(sys.executable).parent / "pingan", "serve", str(root), "--host", "127.0.0.1"]
    command += ["--port", str(port), "--code", CODE, "--pin", PIN, "--no-build"]
    env = {k: v for k, v in os.environ.items() if k != "PINGAN_DATABASE_URL"}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    for _ in range(600):
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/api/ping", timeout=2).status_code == 200:
                return process
        except httpx2.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("pingan serve did not start")


def take_quiz(page, url: str, member: str, choice: int) -> None:
    """Answer every question with option ``choice`` (of the shuffled options), then finish."""
    page.goto(f"{url}banks/bank-firstaid.html?code={CODE}")
    page.locator(".pingan-quiz__member").fill(member)
    page.locator(".pingan-quiz__start").click()
    while True:
        page.locator(".pingan-quiz__option").nth(choice).click()
        page.locator(".pingan-quiz__submit").click()
        finish = page.locator(".pingan-quiz__finish")
        if finish.count():
            finish.click()
            break
        page.locator(".pingan-quiz__next").click()
    page.locator(".pingan-quiz__server-status", has_text="已提交").wait_for()


def trainer_login(page, url: str, path: str) -> None:
    page.goto(f"{url}{path}")
    page.locator("#serve-login input[name=code]").fill(CODE)
    page.locator("#serve-login input[name=pin]").fill(PIN)
    page.locator("#serve-login button[type=submit]").click()


def play(browser, url: str) -> None:
    tablet = browser.new_context(viewport=TABLET, has_touch=True).new_page()
    take_quiz(tablet, url, "QS003", 0)
    tablet.locator(".pingan-quiz__score").evaluate("node => node.scrollIntoView({block: 'start'})")
    tablet.screenshot(path=IMAGES / "serve-quiz-submitted.png")
    other = browser.new_context(viewport=TABLET, has_touch=True).new_page()
    take_quiz(other, url, "QS011", 1)
    signin = browser.new_context(viewport=TABLET, has_touch=True).new_page()

    laptop = browser.new_context(viewport=LAPTOP).new_page()
    trainer_login(laptop, url, "roll")
    laptop.locator(".serve-session__open").click()
    signin.goto(f"{url}signin?code={CODE}")
    signin.locator("#signin-member").fill("QS007")
    signin.locator("button[type=submit]").click()
    signin.locator(".serve-ok").wait_for()
    laptop.reload()
    laptop.locator(".serve-member[data-member=QS007] .serve-badge:visible").wait_for()
    laptop.locator(".serve-all-present").click()
    for member, status in {"QS002": "late", "QS005": "excused", "QS009": "absent"}.items():
        laptop.locator(f".serve-member[data-member={member}] .serve-mark[data-status={status}]").click()
        laptop.locator(f".serve-member[data-member={member}][data-status={status}]").wait_for()
    laptop.locator(".serve-search").fill("")  # the whole roll, from the top
    laptop.evaluate("window.scrollTo(0, 0)")
    laptop.screenshot(path=IMAGES / "serve-roll.png")

    board = browser.new_context(viewport=LAPTOP).new_page()
    trainer_login(board, url, "board")
    board.locator(".serve-board__counts").wait_for()
    board.screenshot(path=IMAGES / "serve-board.png")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pingan-serve-shots-") as scratch:
        root = Path(scratch) / "qingshi"
        root.mkdir()
        shutil.copy(ROOT / "site_config.yml", root)
        shutil.copytree(ROOT / "content", root / "content")
        shutil.copytree(ROOT / "quizzes", root / "quizzes")
        build(load_project(root), prints=False)
        port = free_port()
        server = serve(root, port)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM if CHROMIUM.exists() else None, args=CHROMIUM_ARGS
                )
                play(browser, f"http://127.0.0.1:{port}/")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"screenshots written to {IMAGES} ({dt.date.today()})")


if __name__ == "__main__":
    main()
