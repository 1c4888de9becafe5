"""Hostile text in every field reaches no reader as markup: real builds, real Chromium.

Every plain-text and Markdown field of every kind (found by walking the schema, see
tests/hostile_text.py) holds a payload: ``<img onerror>``, ``<script>``, an attribute
breakout, a ``javascript:`` link in Markdown syntax, Markdown and HTML characters,
line-start markers, an attr_list and Jinja. Both sites are built (with records, so
the 台账 pages show roster names too) and every page is opened offline in Chromium
with a trap for any call from a payload; the quiz is taken and the site searched.
Plain text must show exactly as typed and make no element or attribute; Markdown
may make formatting, never a script, a handler or a ``javascript:`` link.
"""

from __future__ import annotations

import re

import pytest

from generator.content import load_project
from generator.content.schema import TextKind
from generator.pipeline import load_records, print_plan
from generator.printing import KINDS, plan_outputs
from generator.printing.html import PrintRenderer
from generator.render import Renderer
from generator.scorer.site_pages import STEM_LENGTH
from tests.hostile_text import MARKER, HostileProject, hostile_project, shown

pytestmark = pytest.mark.browser

TRAP = """
window.__pwnedCalls = [];
window.__pwned = (n) => window.__pwnedCalls.push(n);
"""

# Anything a payload made: a handler or javascript: URL that would run it, an element it
# brought (data-pwn) or an attr_list id, a script with its call, or (plain text only) an
# element whose whole text is one marker: Markdown emphasis, code, a link, a list item.
# The search's own highlight (<mark data-md-highlight> around what was typed) is not one.
FIND_MARKUP = r"""
(plain) => {
  const found = [];
  const isPlain = new Set(plain);
  for (const el of document.querySelectorAll("*")) {
    if (el.tagName === "MARK" && el.hasAttribute("data-md-highlight")) continue;
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") && attr.value.includes("__pwned")) found.push(`${el.tagName} ${name}`);
      if (["href", "src", "action", "formaction", "xlink:href"].includes(name)
          && /^\s*javascript:/i.test(attr.value)) found.push(`${el.tagName} ${name}=${attr.value}`);
      if (name === "data-pwn") found.push(`${el.tagName} data-pwn=${attr.value}`);
    }
    if (/^pwnattr-\d+-$/.test(el.id)) found.push(`${el.tagName} id=${el.id}`);  // an attr_list took effect
    if (el.tagName === "SCRIPT" && el.textContent.includes("__pwned")) found.push("script with __pwned");
    const own = /^pwn[a-z]+-(\d+)-$/.exec(el.textContent.trim());
    if (own && isPlain.has(Number(own[1]))) found.push(`<${el.tagName}>${own[0]}`);
  }
  return found;
}
"""
BODY_TEXT = """() => {
  const body = (document.body || document.documentElement).cloneNode(true);  // an SVG has no body
  body.querySelectorAll("script, style").forEach((el) => el.remove());
  return body.textContent;
}"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> HostileProject:
    from generator.cli import main

    made = hostile_project(tmp_path_factory.mktemp("hostile"))
    root = str(made.root)
    assert main(["-C", root, "demo-records", "--members", "2", "--months", "2"]) == 0
    assert main(["build", "--no-print", "-q", root]) == 0
    return made


def problems_on(page, made: HostileProject) -> list[str]:
    """What is wrong on the page as it is now (markup from a payload, or plain text not shown as typed)."""
    found = page.evaluate(FIND_MARKUP, [f.n for f in made.plain])
    text = shown(page.evaluate(BODY_TEXT))
    for n in {int(m) for m in MARKER.findall(text)}:
        field = made.field(n)
        # A long stem is shown cut short in the item analysis (scorer.site_pages.STEM_LENGTH), as text.
        typed = text.count(shown(field.value)) + text.count(shown(field.value)[: STEM_LENGTH - 1] + "…")
        if field.kind is TextKind.PLAIN and text.count(f"pwnlink-{n}-") != typed:
            found.append(f"{field.where} (value {n}) is not shown as typed")
    calls = page.evaluate("window.__pwnedCalls || []")
    found += [f"script ran: __pwned({n}) from {made.field(n).where}" for n in calls]
    return found


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")


@pytest.fixture
def trapped(tablet_page):
    tablet_page.add_init_script(TRAP)
    tablet_page.dialogs = []
    tablet_page.on("dialog", lambda d: (tablet_page.dialogs.append(d.message), d.dismiss()))
    return tablet_page


def test_the_payload_reaches_every_text_field_of_every_kind(hostile):
    walked = hostile.schema_fields
    text = [w for w, kind in walked.items() if kind is not TextKind.KEY]
    print(
        f"\n{len(walked)} string fields walked ({len(text)} text: "
        f"{sum(k is TextKind.PLAIN for k in walked.values())} plain, "
        f"{sum(k is TextKind.MARKDOWN for k in walked.values())} Markdown); "
        f"{len(hostile.fields)} values × 9 payloads"
    )
    assert {f.where for f in hostile.fields} == set(text)
    project = load_project(hostile.root)
    assert (
        project.notices[0].title
        == hostile.fields[[f.where for f in hostile.fields].index("Notice.title")].value
    )


@pytest.mark.parametrize("audience", ["team", "public"])
def test_no_page_runs_or_renders_a_payload(trapped, hostile, audience):
    site = hostile.root / "site" / audience
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= (16 if audience == "team" else 7)  # every kind's pages, records on the team site
    problems = {}
    for html in pages:
        open_page(trapped, html.as_uri())
        found = problems_on(trapped, hostile)
        if found:
            problems[html.relative_to(site).as_posix()] = found
    print(f"\n{audience}: {len(pages)} pages opened")
    assert problems == {}
    assert trapped.dialogs == [] and trapped.errors == [] and trapped.outside_requests == []


def test_titles_in_the_navigation_header_and_tab_are_text(trapped, hostile):
    notice = next(f for f in hostile.fields if f.where == "Notice.title")
    site_name = next(f for f in hostile.fields if f.where == "SiteConfig.site.name")
    open_page(trapped, (hostile.root / "site/team/notices/n1.html").as_uri())
    assert shown(trapped.title()) == shown(f"{notice.value} - {site_name.value}")
    header = shown(trapped.locator(".md-header__topic").first.text_content())
    assert header == shown(site_name.value)
    nav = trapped.locator(".md-nav__link--active").first.text_content()
    assert shown(nav) == shown(notice.value)
    assert problems_on(trapped, hostile) == []


def test_search_results_show_payload_titles_as_text(trapped, hostile):
    notice = next(f for f in hostile.fields if f.where == "Notice.title")
    for audience in ("team", "public"):
        open_page(trapped, (hostile.root / "site" / audience / "index.html").as_uri())
        trapped.click("label.md-search__icon, .md-header__button[for=__search]")
        box = trapped.locator("input.md-search__input")
        box.fill(f"pwnjinja-{notice.n}-")
        box.press("End")
        trapped.wait_for_selector(".md-search-result__item", timeout=10_000)
        results = trapped.locator(".md-search-result__item").all_text_contents()
        assert any(f"pwnlink-{notice.n}-" in r for r in results), results
        titles = [shown(t) for t in trapped.locator(".md-search-result__article > h1").all_text_contents()]
        assert shown(notice.value) in titles, titles
        assert trapped.evaluate(FIND_MARKUP, [f.n for f in hostile.plain]) == []  # snippets included
        # Snippets are cut around the hit, so the text check runs on the titles alone.
        trapped.evaluate(
            "document.querySelectorAll('.md-search-result__article > p').forEach((p) => p.remove())"
        )
        assert problems_on(trapped, hostile) == []


def test_taking_the_quiz_shows_stems_options_and_explanations_as_text(trapped, hostile):
    open_page(trapped, (hostile.root / "site/team/banks/practice.html").as_uri())
    trapped.click(".pingan-quiz__start")
    for index in range(3):
        trapped.locator(".pingan-quiz__option input").first.check()
        trapped.click(".pingan-quiz__submit")
        assert trapped.locator(".pingan-quiz__explanation").count() == 1
        assert problems_on(trapped, hostile) == []
        trapped.click(".pingan-quiz__next" if index < 2 else ".pingan-quiz__finish")
    assert trapped.locator(".pingan-quiz__result").count() == 1
    stems = [f for f in hostile.fields if f.where == "QuizBank.questions.[].stem"]
    shown_text = shown(trapped.locator(".pingan-quiz").text_content())
    assert any(shown(f.value) in shown_text for f in stems)  # the wrong-answer list names the stems
    assert problems_on(trapped, hostile) == []


def test_records_charts_opened_directly_run_nothing(trapped, hostile):
    charts = sorted((hostile.root / "site/team/assets/reports").glob("*.svg"))
    assert len(charts) == 2  # attendance by team, scores
    for chart in charts:
        open_page(trapped, chart.as_uri())
        assert problems_on(trapped, hostile) == []


def test_printed_documents_show_payloads_as_text(trapped, hostile):
    """Every print kind's HTML (what Chromium prints and pandoc turns into Word) in Chromium."""
    project = load_project(hostile.root)
    renderer = PrintRenderer(project, Renderer(project.root))
    records, warnings = load_records(project)
    assert records is not None and warnings == []
    jobs = [(o.kind, o.item) for o in print_plan(project, records) if o.format == "pdf"]
    rendered = renderer.render_all(jobs)
    assert {r.kind.name for r in rendered} == set(KINDS)  # the ledger too, naming the members
    problems = {}
    for document in rendered:
        trapped.set_content(document.html)
        found = problems_on(trapped, hostile)
        if found:
            problems[f"{document.kind.name}/{document.item.key}"] = found
    print(f"\n{len(rendered)} printed documents opened")
    assert problems == {}
    assert re.search(r"&lt;img src=x data-pwn=", rendered[0].html)


def test_word_files_keep_payloads_as_text(hostile, tmp_path):
    """The notice as Word (pandoc from the print HTML): titles are text, links go nowhere unsafe."""
    from docx import Document as WordDocument

    from generator.printing.docx import reference_for, write_docx

    project = load_project(hostile.root)
    notice = next(o for o in plan_outputs(project, [KINDS["notice"]]) if o.format == "docx")
    [document] = PrintRenderer(project, Renderer(project.root)).render_all([(notice.kind, notice.item)])
    target = tmp_path / "notice.docx"
    write_docx(document.html, target, reference_for(project.root))
    word = WordDocument(str(target))
    text = shown(" ".join(p.text for p in word.paragraphs))
    title = next(f for f in hostile.fields if f.where == "Notice.title")
    assert shown(title.value) in text
    targets = [r.target_ref for r in word.part.rels.values() if r.is_external]
    assert not [t for t in targets if t.lower().startswith("javascript:")], targets
