"""Site search, measured as a member uses it: queries typed into the search box of a built site.

Shared by tests/browser/test_search.py and bench/search_bench.py:

* ``build_search_project``: the example content plus real-shaped plans imported with
  ``pingan import-doc`` (one of them in Traditional characters);
* ``ground_truth``: which pages contain a query, from the built pages' own text
  (lxml, OpenCC's phrase-level t2s, NFKC, lower case), independent of the search code;
* ``SearchBox``: types each query into Material's search box from file:// in
  Chromium and reads the search worker's complete answer (every result, not only
  the ten Material draws first) from the message it posts to the page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import html as lxml_html

from generator.cli import main
from tests.conftest import REPO, copy_example

HERE = Path(__file__).parent
QUERIES = HERE / "search_queries.txt"
PLANS = REPO / "tests/printing/fixtures"
IMPORTED_PLANS = (
    PLANS / "songling-flood-plan.txt",
    PLANS / "songling-summer-patrol-webpage.txt",
    PLANS / "yunling-team-rules-traditional.txt",  # in Traditional characters
    PLANS / "baishi-volunteers.md",
    HERE / "fixtures/hexi-town-peace-plan-2024.txt",  # 万家灯火, 二手房东, 逢“369”赶集日, 2+2+X
)


def build_search_project(root: Path) -> Path:
    """The example content and the imported plans, built without printing; returns the project root."""
    copy_example(root)
    for plan in IMPORTED_PLANS:
        assert main(["-C", str(root), "import-doc", str(plan)]) == 0, plan
    assert main(["build", "-q", "--no-print", str(root)]) == 0
    return root


@dataclass(frozen=True)
class Query:
    text: str
    kind: str  # the comment heading it stands under in search_queries.txt


def load_queries(path: Path = QUERIES) -> list[Query]:
    queries, kind = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            kind = line[2:].strip()
        elif line.strip() and not line.startswith("#"):
            queries.append(Query(line.strip(), kind))
    return queries


@cache
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def normalise(text: str) -> str:
    """What a reader would accept as the same text: Simplified, half-width, lower case, one space."""
    text = unicodedata.normalize("NFKC", _t2s().convert(text)).lower()
    return " ".join(text.split())


BLOCKS = {"p", "li", "td", "th", "tr", "div", "br", "dt", "dd", "pre", "summary", "blockquote", "table"}
BLOCKS |= {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "section", "details", "figure", "figcaption"}


def page_text(path: Path) -> str:
    """The text a reader sees in a built page's article (no scripts, buttons or ¶ links)."""
    tree = lxml_html.fromstring(path.read_bytes())
    articles = tree.xpath("//article")
    if not articles:
        return ""
    article = articles[0]
    for node in article.xpath(".//script|.//style|.//template|.//button|.//*[local-name()='svg']"):
        node.drop_tree()
    for node in article.xpath(".//a[contains(@class, 'headerlink')]"):
        node.drop_tree()
    for node in article.iter():
        if isinstance(node.tag, str) and node.tag in BLOCKS:
            node.tail = " " + (node.tail or "")
            node.text = " " + (node.text or "")
    return normalise(article.text_content())


@dataclass
class Corpus:
    site: Path
    texts: dict[str, str] = field(default_factory=dict)  # page path (relative, posix) → normalised text

    @classmethod
    def read(cls, site: Path) -> Corpus:
        corpus = cls(site)
        for path in sorted(site.rglob("*.html")):
            rel = path.relative_to(site).as_posix()
            if rel == "404.html":
                continue
            text = page_text(path)
            if text:
                corpus.texts[rel] = text
        return corpus

    def truth(self, query: str) -> set[str]:
        """Pages whose text contains every space-separated part of ``query``."""
        parts = normalise(query).split()
        return {rel for rel, text in self.texts.items() if parts and all(p in text for p in parts)}


# Runs in every page before Material: keeps every message the search worker posts,
# long tasks, and when the worker said READY.
PROBE = """
window.__probe = {messages: [], longtasks: [], ready: null};
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__probe.longtasks.push([e.startTime, e.duration]);
}).observe({type: 'longtask', buffered: true});
window.addEventListener('message', e => {
  const d = e.data;
  if (d && typeof d === 'object' && typeof d.type === 'number') {
    if (d.type === 1 && window.__probe.ready === null) window.__probe.ready = performance.now();
    if (d.type === 3) window.__probe.messages.push(d.data);
  }
});
"""


@dataclass
class Answer:
    pages: list[str]  # result pages in order, as paths relative to the site
    items: list[list[dict]]  # the worker's items (page first, then its sections)


class SearchBox:
    """Material's search box on a built site's home page, driven like a member would."""

    def __init__(self, page, site: Path):
        self.page, self.site = page, site
        page.add_init_script(PROBE)
        page.goto((site / "index.html").as_uri())
        page.click("label.md-search__icon, .md-header__button[for=__search]")
        page.wait_for_function("window.__probe.ready !== null", timeout=30_000)
        self.box = page.locator("input.md-search__input")

    def ask(self, query: str) -> Answer:
        before = self.page.evaluate("window.__probe.messages.length")
        self.box.fill(query)
        self.box.press("End")  # Material waits for a keyup; fill() sends none
        self.page.wait_for_function(f"window.__probe.messages.length > {before}", timeout=20_000)
        items = self.page.evaluate("window.__probe.messages[window.__probe.messages.length - 1].items")
        pages = []
        for item in items:
            for doc in item:
                rel = self.relative(doc["location"])
                if rel not in pages:
                    pages.append(rel)
        return Answer(pages, items)

    def relative(self, location: str) -> str:
        path = re.split(r"[?#]", location)[0]
        return path or "index.html"
