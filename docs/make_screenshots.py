"""Regenerate the README screenshots from the built demo (run `bash scripts/demo.sh` first).

.venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from generator.printing.engine import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
SHOTS = {
    "team-policy.png": ("site/team/policies/work-plan-2024.html", {"width": 1280, "height": 900}),
    "team-tablet-search.png": ("site/team/index.html", {"width": 768, "height": 1024}),
    "public-home.png": ("site/public/index.html", {"width": 1280, "height": 800}),
}


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM if CHROMIUM.exists() else None, args=CHROMIUM_ARGS
        )
        for name, (page_path, viewport) in SHOTS.items():
            page = browser.new_page(viewport=viewport)
            page.goto((ROOT / page_path).as_uri())
            if "search" in name:
                page.click("label.md-search__icon, .md-header__button[for=__search]")
                page.fill("input.md-search__input", "赶集")
                page.press("input.md-search__input", "End")
                page.wait_for_selector(".md-search-result__item")
                page.wait_for_timeout(1000)  # let the overlay finish its transition
            page.screenshot(path=ROOT / "docs/images" / name)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
