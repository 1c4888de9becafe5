"""The navigation drawer and breadcrumbs on a tablet, from file://, on a project with long sections.

A section with more than 30 pages is listed by year (each page renders only its own
year's entries, other years as one link each). The drawer must still take a tablet user
from any page to any other section, and to another year of the same section.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline import build
from tests.conftest import SCAFFOLD, write_files

pytestmark = pytest.mark.browser

NOTICE = """\
id: n{year}-{index:02d}
title: {year}年第{index}号通知
date: {year}-{month:02d}-10
issuer: 某某乡人民政府
public: true
body: |
  第{index}号通知的正文。
"""


@pytest.fixture(scope="module")
def long_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("drawer") / "proj"
    shutil.copytree(SCAFFOLD, root)
    notices = {
        f"content/notices/n{year}-{i:02d}.yml": NOTICE.format(year=year, index=i, month=i % 12 + 1)
        for year in (2023, 2024, 2025)
        for i in range(1, 13)
    }
    write_files(root, notices)
    build(root, prints=False)
    return root / "site" / "team"


def open_drawer(page) -> None:
    page.click("label.md-header__button[for=__drawer]")
    page.wait_for_selector(".md-sidebar--primary .md-nav--primary", state="visible")


def back_from(page, level: str) -> None:
    """Tap the title of the drawer's open level (its ‹ back arrow): the level above slides in."""
    page.locator(".md-sidebar--primary label.md-nav__title", has_text=level).click()
    page.wait_for_timeout(400)  # the slide animation; clicks during it land on the leaving level


def test_drawer_lists_a_long_section_by_year_and_reaches_another_year(tablet_page, long_site):
    page = tablet_page
    page.goto((long_site / "notices/n2025-03.html").as_uri())
    open_drawer(page)
    drawer = page.locator(".md-sidebar--primary")
    assert drawer.get_by_text("2025年第3号通知").count() == 1
    assert drawer.get_by_text("2023年第3号通知").count() == 0  # another year: one link, not its pages
    back_from(page, "2025年")  # the drawer opens on the page's own year; one level up lists the years
    drawer.locator("a.md-nav__link", has_text="2023年").click()
    assert "/notices/n2023-" in page.url
    assert page.locator("h1").inner_text().startswith("2023年")
    assert page.outside_requests == [] and page.errors == []


def test_drawer_follows_a_link_into_another_section(tablet_page, long_site):
    page = tablet_page
    page.goto((long_site / "notices/n2024-05.html").as_uri())
    open_drawer(page)
    back_from(page, "2024年")
    back_from(page, "通知公告")
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="培训课程").first.click()
    assert page.url.endswith("modules/index.html")
    assert page.locator("h1").inner_text().rstrip("¶") == "培训课程"
    open_drawer(page)
    back_from(page, "培训课程")
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="首页").first.click()
    assert page.url.endswith("/index.html") and "/modules/" not in page.url
    assert page.outside_requests == [] and page.errors == []


def test_breadcrumbs_show_where_a_page_sits(tablet_page, long_site):
    page = tablet_page
    page.goto((long_site / "notices/n2024-05.html").as_uri())
    crumbs = page.locator("nav.md-path .md-path__item")
    assert [c.inner_text().strip() for c in crumbs.all()] == ["首页", "通知公告", "2024年"]
    page.locator("nav.md-path a", has_text="通知公告").click()
    assert page.url.endswith("notices/index.html")


def test_pages_carry_a_short_navigation(long_site):
    page = (long_site / "notices/n2024-05.html").read_text(encoding="utf-8")
    start = page.index('<nav class="md-nav md-nav--primary"')
    end = page.index('<div class="md-sidebar md-sidebar--secondary"')
    assert page.count("md-nav__link", start, end) < 40  # 36 notices, 3 years: not every notice
    assert "\n" not in page[start:end]
