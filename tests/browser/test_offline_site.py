"""The built sites in real Chromium, opened from file:// with the network cut off."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(tablet_page):
    return tablet_page


def search(page, site: Path, query: str) -> list[tuple[str, str]]:
    page.goto((site / "index.html").as_uri())
    page.click("label.md-search__icon, .md-header__button[for=__search]")
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material waits for a keyup; fill() sends none
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    items = page.locator(".md-search-result__item a")
    return [
        (items.nth(i).get_attribute("href") or "", items.nth(i).inner_text().replace("\u200b", ""))
        for i in range(items.count())
    ]


@pytest.mark.parametrize(
    ("query", "expected_page"),
    [
        ("赶集", "policies/work-plan-2024.html"),  # mid-sentence in the market-day street post
        ("灭火", "policies/work-plan-2024.html"),  # mid-sentence in the hydrant checks
        ("消火栓", "policies/work-plan-2024.html"),
    ],
)
def test_chinese_words_inside_sentences_are_found_offline(page, example_site, query, expected_page):
    results = search(page, example_site / "site/team", query)
    assert any(expected_page in href for href, _ in results), results
    assert page.outside_requests == []
    assert page.errors == []


def test_public_site_search_works_offline_too(page, example_site):
    results = search(page, example_site / "site/public", "赶集")
    assert any("policies/work-plan-2024.html" in href for href, _ in results), results
    assert page.outside_requests == []


def test_every_page_fits_a_tablet_without_horizontal_scrolling(page, example_site):
    site = example_site / "site/team"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    too_wide = []
    for html in pages:
        page.goto(html.as_uri())
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width[0] > width[1]:
            too_wide.append((html.relative_to(site).as_posix(), width))
    assert too_wide == []
    assert page.outside_requests == []
    assert page.errors == []


def test_navigation_between_pages_works_from_file_urls(page, example_site):
    site = example_site / "site/team"
    page.goto((site / "index.html").as_uri())
    page.click("article a[href='modules/index.html']")
    assert page.url.endswith("modules/index.html")
    assert page.locator("h1").inner_text().rstrip("¶") == "培训课程"
    assert page.locator("strong", has_text="〔实战演练〕").count() == 4


def test_records_pages_show_the_charts_offline(page, example_site):
    site = example_site / "site/team"
    page.goto((site / "records/2024.html").as_uri())
    charts = page.locator("article img[src$='.svg']")
    assert charts.count() == 2
    for i in range(2):  # the SVG files load from disk and have a size
        assert charts.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
    page.goto((site / "records/2024-06.html").as_uri())
    assert page.locator("h1").inner_text().rstrip("¶") == "2024年6月考勤"
    assert page.outside_requests == [] and page.errors == []
