"""pingan's own site search: every page's text, split at headings, written once as UTF-8 shards.

Material's search plugin stays on for its search box and results list, but no page
goes into its lunr index (``exclude_from_material``): jieba-segmented lunr finds
only the starts of jieba's words (火栓 in 消火栓 is never found) and its index is
written twice, ASCII-escaped. Instead the hooks hand each sanitised page to
``SearchIndex``, which after the build writes

* ``search/pingan-search-N.js``: the pages' plain text, a few hundred KB per file
  so that loading one never blocks a tablet's page for long;
* pingan's search worker (``assets/search-worker.js``) over Material's lunr worker
  file, which Material's search box already starts (from ``file://`` through the
  iframe-worker shim). It speaks Material's worker protocol, so the results list
  keeps Material's markup.

The worker matches any substring of a page's text (words, parts of words, numbers
such as 369 or 2+2+X) after folding both sides the same way: Traditional to
Simplified characters (OpenCC's TSCharacters table, one character to one), full-width
to half-width, upper to lower case. Folding keeps every string's length, so hits
in the folded text are hits at the same places in the original.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..errors import PinganError
from ..messages import search as msg
from ..writer import Writer

WORKER_SOURCE = Path(__file__).parent.parent / "assets" / "search-worker.js"
SHARD_DIR = "search"
SHARD_NAME = "pingan-search-{n}.js"
SHARD_CHARS = 40_000  # text per shard: each loads and folds in a few ms, so the page never waits long
MATERIAL_WORKERS = "assets/javascripts/workers"


class SearchBuildError(PinganError):
    """The theme's search worker file, which pingan's worker replaces, is not where expected."""


@dataclass
class Section:
    anchor: str  # "" for the text before the first heading
    title: str
    text: str = ""


@dataclass
class SearchPage:
    url: str
    sections: list[Section] = field(default_factory=list)

    def as_json(self) -> list[Any]:
        return [self.url, [[s.anchor, s.title, s.text] for s in self.sections]]

    @property
    def chars(self) -> int:
        return sum(len(s.title) + len(s.text) for s in self.sections)


# Text in two blocks never runs together: "…岗</td><td>夜…" must not match 岗夜.
BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption"}
    | {"figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav"}
    | {"ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
)
SKIPPED_TAGS = frozenset({"script", "style", "template", "svg", "button"})
SECTION_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


class _SectionParser(HTMLParser):
    """Splits a page's HTML into sections at h2–h6 headings with an id (the table of contents)."""

    def __init__(self, title: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section("", title)]
        self.parts: list[str] = []  # text of the current section
        self.heading: list[str] | None = None  # text of the heading being read
        self.in_h1 = False
        self.skip: list[str] = []  # open tags whose text is not page text (scripts, ¶ links)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag in SKIPPED_TAGS or (tag == "a" and "headerlink" in (attr.get("class") or "")):
            self.skip.append(tag)
        elif tag in SECTION_HEADINGS and attr.get("id") and not self.skip:
            self._close_section()
            self.sections.append(Section(str(attr["id"]), ""))
            self.heading = []
        elif tag == "h1":
            self.in_h1 = True  # the page title, already known
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag in SECTION_HEADINGS and self.heading is not None:
            self.sections[-1].title = squash("".join(self.heading))
            self.heading = None
        elif tag == "h1":
            self.in_h1 = False
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.skip or self.in_h1:
            return
        (self.heading if self.heading is not None else self.parts).append(data)

    def _close_section(self) -> None:
        self.sections[-1].text = squash("".join(self.parts))
        self.parts = []

    def result(self) -> list[Section]:
        self.close()
        self._close_section()
        return [s for s in self.sections if s.title or s.text]


def squash(text: str) -> str:
    """One space for every run of whitespace (ideographic spaces included)."""
    return " ".join(text.split())


def page_sections(html: str, title: str) -> list[Section]:
    parser = _SectionParser(squash(title))
    parser.feed(html)
    return parser.result()


@cache
def fold_map() -> dict[str, str]:
    """Character → the character both spellings are searched as (one UTF-16 unit to one).

    Traditional → Simplified from OpenCC's TSCharacters (first choice), A–Z → a–z,
    full-width ASCII → ASCII, the ideographic space → a space.
    """
    table = files("opencc") / "dictionary" / "TSCharacters.txt"
    pairs: dict[str, str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        choices = targets.split()
        target = choices[0] if choices else ""
        if len(source) == len(target) == 1 and source != target and max(ord(source), ord(target)) < 0x10000:
            pairs[source] = target
    for code in range(0xFF01, 0xFF5F):
        pairs[chr(code)] = chr(code - 0xFEE0)
    pairs["\u3000"] = " "
    for code in range(ord("A"), ord("Z") + 1):
        pairs[chr(code)] = chr(code).lower()
    return {source: _final(pairs, target) for source, target in pairs.items()}


def _final(pairs: dict[str, str], char: str) -> str:
    """Follow a chain (Ａ → A → a) so that folding twice changes nothing."""
    seen = {char}
    while char in pairs and pairs[char] not in seen:
        char = pairs[char]
        seen.add(char)
    return char


def fold(text: str) -> str:
    """The folded spelling of ``text`` (same length), as the browser folds it."""
    return text.translate(str.maketrans(fold_map()))


def exclude_from_material(page: Any) -> None:
    """Keep ``page`` out of Material's lunr index (its plugin reads this before indexing)."""
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}


class SearchIndex:
    """Collects the pages of one site build and writes pingan's search files into it.

    Pages come in as MkDocs renders them, keyed by source name; ``order`` (the site's pages in
    MkDocs' order) and ``kept`` (entries of pages an incremental build did not render,
    ``incremental``) make the index of a partial build the one a full build writes.
    """

    def __init__(self, kept: dict[str, Any] | None = None) -> None:
        self.rendered: dict[str, SearchPage] = {}
        self.kept = kept or {}
        self.order: list[str] = []

    def add(self, source: str, url: str, title: str, html: str) -> None:
        self.rendered[source] = SearchPage(url, page_sections(html, title))

    @property
    def pages(self) -> list[SearchPage | KeptPage]:
        order = self.order or list(self.rendered)
        found = [self.rendered.get(source) or self.kept.get(source) for source in order]
        return [page if isinstance(page, SearchPage) else KeptPage(page) for page in found if page]

    def rendered_entries(self) -> dict[str, Any]:
        return {source: page.as_json() for source, page in self.rendered.items()}

    def entries(self) -> dict[str, Any]:
        """Every page's entry by source name, as ``kept`` takes them. A page neither rendered nor
        kept is left out: only a plain ``mkdocs build --dirty`` over pingan's sources does that (it
        rebuilds a few pages, knowing nothing of the rest); pingan's incremental builds keep all."""
        order = self.order or list(self.rendered)
        found = {s: self.rendered[s].as_json() if s in self.rendered else self.kept.get(s) for s in order}
        return {source: entry for source, entry in found.items() if entry is not None}

    def shards(self, pages: list[SearchPage | KeptPage]) -> list[list[SearchPage | KeptPage]]:
        shards: list[list[SearchPage | KeptPage]] = [[]]
        size = 0
        for page in pages:
            if shards[-1] and size + page.chars > SHARD_CHARS:
                shards.append([])
                size = 0
            shards[-1].append(page)
            size += page.chars
        return shards

    def write(self, site_dir: Path, linked: Path | None = None) -> list[Path]:
        """Write the shards and the worker; returns the shard paths. ``linked``: the site holding
        the theme's files, when MkDocs wrote only the changed ones into ``site_dir``
        (``incremental.link_published``)."""
        writer = Writer(site_dir)
        names, paths = [], []
        pages = self.pages
        for n, shard in enumerate(self.shards(pages)):
            names.append(SHARD_NAME.format(n=n))
            data = json.dumps([p.as_json() for p in shard], ensure_ascii=False, separators=(",", ":"))
            paths.append(writer.write_text(f"{SHARD_DIR}/{names[-1]}", f"__pinganSearchShard({data});\n"))
        write_worker(site_dir, writer, names, linked or site_dir)
        return paths


@dataclass(frozen=True)
class KeptPage:
    """A page an incremental build did not render: its entry from the last build, written as read
    (``SearchPage.as_json``'s shape, checked by ``is_entry``; ~30,000 sections at 1000 pages
    are not made objects again only to be turned back into the same JSON)."""

    entry: list[Any]

    def as_json(self) -> list[Any]:
        return self.entry

    @property
    def chars(self) -> int:
        return sum(len(title) + len(text) for _, title, text in self.entry[1])


def is_entry(value: Any) -> bool:
    """``value`` has the shape of ``SearchPage.as_json()``: [url, [[anchor, title, text], …]]."""
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)):
        return False
    sections = value[1]
    return isinstance(sections, list) and all(
        isinstance(section, list) and len(section) == 3 and all(isinstance(part, str) for part in section)
        for section in sections
    )


def write_worker(site_dir: Path, writer: Writer, shard_names: list[str], theme_site: Path) -> None:
    """Put pingan's worker where Material's search box looks for its lunr worker (found in
    ``theme_site``, removed there, and written into ``site_dir``)."""
    workers = sorted((theme_site / MATERIAL_WORKERS).glob("search.*.min.js"))
    if len(workers) != 1:
        found = msg.NO_THEME_SEARCH_WORKER.format(found=len(workers))
        raise SearchBuildError(found, msg.NO_THEME_SEARCH_WORKER_HINT)
    worker = workers[0]
    worker.with_name(worker.name + ".map").unlink(missing_ok=True)  # the map describes Material's worker
    worker.unlink()
    # The fold table is written \u-escaped: a run of its characters must never look like a name to the scan.
    meta = json.dumps(
        {"shards": [f"{SHARD_DIR}/{n}" for n in shard_names], "fold": fold_table(), "foldClass": fold_class()}
    )
    source = WORKER_SOURCE.read_text(encoding="utf-8")
    name = worker.relative_to(theme_site).as_posix()
    writer.write_text(name, f"var __pinganSearchMeta = {meta};\n{source}")


def fold_class() -> str:
    """The body of a regular-expression class of every folded character (``\\uXXXX``, runs as ranges)."""
    codes = sorted(ord(c) for c in fold_map())
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in runs)


def fold_table() -> str:
    """The fold map as one string of (from, to) character pairs, the browser's copy of ``fold``."""
    return "".join(source + target for source, target in sorted(fold_map().items()))
