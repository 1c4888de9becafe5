"""Print HTML before Chromium: sanitised, masked, deterministic, one pandoc run per build."""

from __future__ import annotations

from generator.content import load_project
from generator.escape import MarkdownText
from generator.printing import KINDS, plan_outputs
from generator.printing import html as print_html
from generator.printing.html import MarkdownBatch, PrintRenderer, script_of
from generator.printing.run import cache_key
from generator.render import Renderer
from tests.conftest import HOSTILE_MARKERS, HOSTILE_NOTICE


def render(root, kinds=None):
    project = load_project(root)
    outputs = [o for o in plan_outputs(project, kinds) if o.format == "pdf"]
    rendered = PrintRenderer(project, Renderer(project.root)).render_all((o.kind, o.item) for o in outputs)
    return {(r.kind.name, r.item.key): r.html for r in rendered}


def test_content_html_is_sanitised_and_personal_numbers_masked(project):
    html = render(project({"content/notices/n01.yml": HOSTILE_NOTICE}), [KINDS["notice"]])[("notice", "n01")]
    assert "<b>保留加粗</b>" in html
    for bad in (*HOSTILE_MARKERS, "<script"):
        assert bad not in html, bad
    assert "139****5678" in html and "13912345678" not in html and "11010119900307000X" not in html


def test_rendering_is_deterministic_so_the_cache_can_trust_it(project):
    root = project()
    first, second = render(root), render(root)
    assert first == second
    outputs = plan_outputs(load_project(root))
    keys = {cache_key(o, first[(o.kind.name, o.item.key)], "w", "e") for o in outputs if o.format == "pdf"}
    assert len(keys) == len([o for o in outputs if o.format == "pdf"])  # every document its own key


def test_all_markdown_of_a_build_goes_through_one_pandoc_run(project, monkeypatch):
    calls = []
    real = print_html._pandoc
    monkeypatch.setattr(print_html, "_pandoc", lambda source: calls.append(source) or real(source))
    rendered = render(project())
    assert len(rendered) >= 6 and len(calls) == 1


def test_a_fragment_that_swallows_the_next_one_falls_back_to_one_run_each():
    batch = MarkdownBatch()
    tokens = [batch.add(MarkdownText("```\nunclosed code")), batch.add(MarkdownText("**第二段**"))]
    batch.convert()
    html = batch.fill("".join(tokens))
    assert "unclosed code" in html and "<strong>第二段</strong>" in html
    assert "pingan-fragment" not in html


def test_traditional_documents_are_told_from_simplified_ones():
    assert script_of("雲嶺鄉關於開展防詐騙宣傳週活動的通知") == "zh-Hant"
    assert script_of("青石乡关于开展防诈骗宣传周活动的通知") == "zh-Hans"
