"""pingan's site search in real Chromium, from file:// with the network cut off.

The query set (search_queries.txt) runs over the example content plus real-shaped
plans imported with `pingan import-doc`; the ground truth is the pages' own text
(searchkit.Corpus), never the search code's idea of it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.searchkit import Corpus, SearchBox, build_search_project, load_queries, normalise

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def search_site(tmp_path_factory) -> Path:
    return build_search_project(tmp_path_factory.mktemp("search") / "project") / "site/team"


@pytest.fixture(scope="session")
def corpus(search_site) -> Corpus:
    return Corpus.read(search_site)


@pytest.fixture
def box(tablet_page, search_site) -> SearchBox:
    return SearchBox(tablet_page, search_site)


def test_every_query_with_ground_truth_finds_exactly_its_pages(box, corpus):
    queries = load_queries()
    judged = [q for q in queries if corpus.truth(q.text)]
    assert len(queries) >= 80 and len(judged) >= 80
    kinds = {q.kind for q in judged}
    assert {"词的一部分", "地名和单位", "数字和字母数字", "繁体写法"} <= kinds
    wrong = {}
    for query in judged:
        found = set(box.ask(query.text).pages)
        truth = corpus.truth(query.text)
        if found != truth:
            wrong[query.text] = {"missed": sorted(truth - found), "extra": sorted(found - truth)}
    assert wrong == {}
    assert box.page.outside_requests == [] and box.page.errors == []


@pytest.mark.parametrize(
    ("query", "page", "spelling"),
    [
        ("網格員", "policies/work-plan-2024.html", "网格员"),  # Traditional query, Simplified page
        ("萬家燈火", "policies/policy-2024-27.html", "万家灯火"),
        ("巡逻队", "policies/policy-20250301.html", "巡邏隊"),  # Simplified query, Traditional page
    ],
)
def test_either_spelling_finds_the_other_and_marks_the_pages_own(box, search_site, query, page, spelling):
    assert spelling in (search_site / page).read_text(encoding="utf-8")
    answer = box.ask(query)
    assert page in answer.pages
    item = next(i for i in answer.items if i[0]["location"].split("#")[0] == page)
    marked = "".join(doc["title"] + doc["text"] for doc in item)
    assert f"<mark data-md-highlight>{spelling}</mark>" in marked
    assert item[0]["terms"] == {spelling: True}  # Material puts these in ?h= for the page it opens


def test_the_exact_phrase_ranks_first(box, corpus):
    query = "夜间 巡逻"
    phrase = corpus.truth("夜间巡逻")
    both = corpus.truth(query)
    assert phrase and both - phrase  # pages with the phrase, and pages with both words apart
    pages = box.ask(query).pages
    assert set(pages) == both
    assert set(pages[: len(phrase)]) == phrase


def test_title_hits_come_before_text_hits(box, corpus, search_site):
    pages = box.ask("护学岗").pages
    titled = [p for p in pages if "护学岗" in normalise(title_of(search_site / p))]
    assert titled and len(titled) < len(pages)
    assert pages[: len(titled)] == titled


def title_of(path: Path) -> str:
    from lxml import html

    return html.fromstring(path.read_bytes()).xpath("string(//article//h1)")


def test_a_part_found_nowhere_is_split_into_pieces_pages_have_and_shown_as_missing(box, corpus):
    assert not corpus.truth("网格员巡查")
    answer = box.ask("网格员巡查")
    assert set(answer.pages) == corpus.truth("网格员 巡查")
    assert answer.items[0][0]["terms"]["网格员巡查"] is False  # Material lists it under 缺少
    # 赶集 + 369 + 号: a single character would match almost any page, so nothing is found.
    assert not corpus.truth("赶集369") and corpus.truth("赶集") and corpus.truth("369")
    assert box.ask("赶集369号").pages == []


def test_results_keep_materials_markup_highlights_and_links_from_file_urls(box):
    page = box.page
    box.ask("火栓")
    page.wait_for_selector(".md-search-result__item")
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    assert first.locator("mark").first.inner_text() == "火栓"
    assert page.locator("[data-md-component=search-query]").input_value() == "火栓"
    href = first.get_attribute("href") or ""
    assert parse_qs(urlsplit(href).query)["h"] == ["火栓"]
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and "?h=" in page.url
    assert page.locator("article mark[data-md-highlight]").first.inner_text() == "火栓"
    assert page.outside_requests == [] and page.errors == []


def test_page_text_that_looks_like_markup_is_shown_as_text(project, run, tablet_page):
    root = project(
        {
            "content/notices/n09.yml": """\
                id: n09
                title: 网页代码提示
                date: 2025-02-11
                issuer: 乡政府
                public: true
                body: |
                  不要在群里转发这样的代码：`<img src="x" onerror="window.__pwned=1">`，也不要点“立即领取”。
                """
        }
    )
    assert run("build", "-q", "--no-print", str(root))[0] == 0
    box = SearchBox(tablet_page, root / "site/team")
    answer = box.ask("onerror")
    assert answer.pages == ["notices/n09.html"]
    tablet_page.wait_for_selector(".md-search-result__item")
    text = tablet_page.locator(".md-search-result__item").first.inner_text()
    assert '<img src="x" onerror="window.__pwned=1">' in text
    assert tablet_page.evaluate("window.__pwned === undefined")
    assert tablet_page.locator(".md-search-result img").count() == 0


def test_served_over_http_the_search_runs_in_a_real_worker(browser, search_site, corpus):
    """A public site may be put on a web server: there Material starts a real Worker."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(search_site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 768, "height": 1024})
    try:
        page = context.new_page()
        workers = []
        page.on("worker", lambda worker: workers.append(worker))
        page.goto(f"http://127.0.0.1:{server.server_port}/index.html?q=火栓")
        page.wait_for_selector(".md-search-result__item", timeout=20_000)
        assert [w.url for w in workers if "/workers/search." in w.url]  # a real Worker, not the iframe shim
        assert page.locator(".md-search-result__item mark").first.inner_text() == "火栓"
        shown = page.locator(".md-search-result__meta").inner_text()
        assert str(len(corpus.truth("火栓"))) in shown
    finally:
        context.close()
        server.shutdown()
