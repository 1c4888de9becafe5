"""The print cache keyed by what a file is made from: nothing rendered when nothing changed,
and an edit of one input reprints exactly the files it reaches.

The keys are checked without Chromium first (``input_keys`` over the scaffold project, edited
one input at a time); then one project is printed for real and edited in turn: a module body,
the organisation's name, a project template, a font choice. After each edit the files printed
are exactly the ones whose text or face changed, every other file is the same file as before
(same inode, same bytes), and a run with nothing changed renders no page at all.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.content import load_project
from generator.escape import MarkdownText
from generator.messages.printing import SIGNIN_TRAINING_TITLE
from generator.printing import plan_outputs, print_only
from generator.printing.docx import reference_fingerprint
from generator.printing.fonts import plan_fonts
from generator.printing.html import MarkdownBatch, PrintRenderer
from generator.printing.keys import canonical, engine_fingerprint, input_keys
from generator.printing.run import ENGINE_VERSION
from generator.render import BUILTIN_TEMPLATES, Renderer
from tests.conftest import write_files
from tests.printing.conftest import flat, pdf_text

OFFICIAL_KINDS = {"notice", "policy"}  # their pages show the issuer from the content, not the settings


def keys_of(root: Path) -> dict[str, str]:
    project = load_project(root)
    fonts = plan_fonts(project)
    printer = PrintRenderer(project, Renderer(project.root), fonts.css)
    engine = engine_fingerprint(project, fonts, ENGINE_VERSION)
    return input_keys(project, printer.env, plan_outputs(project), engine, reference_fingerprint(root))


def changed_keys(before: dict[str, str], after: dict[str, str]) -> set[str]:
    assert before.keys() == after.keys()
    return {rel for rel in before if before[rel] != after[rel]}


def edit(root: Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text(encoding="utf-8")
    assert old in text, (rel, old)
    write_files(root, {rel: text.replace(old, new)})


def test_keys_follow_each_input_and_nothing_else(project):
    root = project()
    first = keys_of(root)
    assert keys_of(root) == first  # the same inputs, loaded again: the same keys
    assert len(set(first.values())) == len(first)  # every file its own key

    edit(root, "content/modules/m01.yml", "如实填写", "认真如实填写")
    after_body = keys_of(root)
    assert changed_keys(first, after_body) == {"print/modules/m01.pdf", "trainer/sign-in/m01.pdf"}

    edit(root, "site_config.yml", "name: 某某乡人民政府", "name: 青山镇人民政府")
    after_name = keys_of(root)
    kinds = {o.area_rel: o.kind.name for o in plan_outputs(load_project(root))}
    reached = changed_keys(after_body, after_name)
    assert reached == {rel for rel, kind in kinds.items() if kind not in OFFICIAL_KINDS}

    card = (BUILTIN_TEMPLATES / "print/rules_card.html.j2").read_text(encoding="utf-8")
    write_files(
        root, {"templates/print/rules_card.html.j2": card.replace("font-size: 8.6pt", "font-size: 8.8pt")}
    )
    after_template = keys_of(root)
    assert changed_keys(after_name, after_template) == {"print/rules/code-card.pdf"}

    # A stylesheet the project overrides reaches every kind that includes it, and only those.
    write_files(root, {"templates/print/css/official.css": "h1 { letter-spacing: 0.1em; }\n"})
    after_css = keys_of(root)
    assert {kinds[rel] for rel in changed_keys(after_template, after_css)} == OFFICIAL_KINDS

    edit(root, "site_config.yml", "# print:\n#   fonts:", "print:\n  fonts:\n    kaiti: [AR PL KaitiM GB]\n#")
    assert changed_keys(after_css, keys_of(root)) == set(first)  # every page sets some text in 楷体


def test_a_project_template_that_reads_the_project_depends_on_all_of_it(project):
    root = project()
    write_files(
        root,
        {
            "templates/print/rules_card.html.j2": '{% extends "print/base.html.j2" %}\n'
            "{% block body %}<h1>{{ rules.title }}</h1><p>{{ project.notices | length }}</p>{% endblock %}\n"
        },
    )
    before = keys_of(root)
    edit(root, "content/notices/n01.yml", "issuer: 某某乡人民政府", "issuer: 某某乡综治中心")
    changed = changed_keys(before, keys_of(root))
    assert "print/rules/code-card.pdf" in changed and "print/rules/code-poster.pdf" not in changed


def test_markdown_and_plain_text_of_the_same_letters_are_different_inputs():
    assert canonical(MarkdownText("**粗**")) != canonical("**粗**")


def test_a_page_renders_the_same_alone_or_beside_others():
    """The cache renders only what changed: a fragment may not depend on what else pandoc converts."""
    sources = [
        MarkdownText("## 一、安排\n\n正文[^1]。\n\n[^1]: 第一份的注释。"),
        MarkdownText(
            "## 一、安排\n\n另一份[^1]，见[规定]。\n\n[^1]: 第二份的注释。\n\n[规定]: https://example.org/"
        ),
        MarkdownText("## 一、安排\n\n(@) 第一条\n(@) 第二条"),
    ]

    def converted(indexes: list[int]) -> list[str]:
        batch = MarkdownBatch()
        tokens = [batch.add(sources[n]) for n in indexes]
        batch.convert()
        return [batch.fill(token) for token in tokens]

    together = converted([0, 1, 2])
    assert together == [converted([n])[0] for n in range(3)]
    assert "第一份的注释" in together[0] and "第二份的注释" not in together[0]
    assert "第二份的注释" in together[1] and 'href="https://example.org/"' in together[1]


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    return {
        f"{area}/{p.relative_to(root / area).as_posix()}": (p.stat().st_ino, p.stat().st_mtime_ns)
        for area in ("print", "trainer")
        for p in (root / area).rglob("*")
        if p.is_file() and p.suffix in (".pdf", ".docx", ".html")
    }


def printed(root: Path) -> tuple[set[str], set[str], dict[str, tuple[int, int]]]:
    project = load_project(root)
    result = print_only(project, Renderer(project.root))
    return {o.area_rel for o in result.printed}, {o.area_rel for o in result.reused}, stamps(root)


@pytest.fixture
def rendered_pages(monkeypatch) -> list[str]:
    """The title of every page the print step renders (the renderer itself runs unchanged)."""
    seen: list[str] = []
    real = PrintRenderer.render_all

    def render_all(self, jobs):
        jobs = list(jobs)
        seen.extend(item.title for _, item in jobs)
        return real(self, jobs)

    monkeypatch.setattr(PrintRenderer, "render_all", render_all)
    return seen


def test_an_edit_reprints_exactly_the_files_it_reaches(project, rendered_pages):
    root = project()
    every, reused, files = printed(root)
    assert reused == set() and every == set(files) and len(every) > 8
    texts = {rel: flat(pdf_text(root / rel)) for rel in every if rel.endswith(".pdf")}

    rendered_pages.clear()
    again, reused, same = printed(root)
    assert again == set() and reused == every and same == files and rendered_pages == []

    # A module body: the handout shows it and prints again; the sign-in sheet of that module is
    # rendered (its module changed) but its page is the same, so the file is kept.
    edit(root, "content/modules/m01.yml", "如实填写", "认真如实填写")
    new, _, now = printed(root)
    assert new == {"print/modules/m01.pdf"}
    assert "认真如实填写" in flat(pdf_text(root / "print/modules/m01.pdf"))
    assert {rel for rel in files if now[rel] != files[rel]} == new
    assert sorted(rendered_pages) == sorted(["巡查日志的填写", SIGNIN_TRAINING_TITLE])

    # The organisation's name: every file whose text shows it, and no other.
    edit(root, "site_config.yml", "name: 某某乡人民政府", "name: 青山镇人民政府")
    showing = {rel for rel, text in texts.items() if "某某乡人民政府" in text and not _official(rel)}
    new, _, after = printed(root)
    assert showing and new == showing
    assert {rel for rel in after if after[rel] != now[rel]} == new
    for rel in new:
        assert "青山镇人民政府" in flat(pdf_text(root / rel)), rel

    # A project's own template of one kind: that kind's files only.
    card = (BUILTIN_TEMPLATES / "print/rules_card.html.j2").read_text(encoding="utf-8")
    write_files(root, {"templates/print/rules_card.html.j2": card.replace("<h1>", "<h1>袖珍版·")})
    new, _, _ = printed(root)
    assert new == {"print/rules/code-card.pdf"}
    assert "袖珍版·" in flat(pdf_text(root / "print/rules/code-card.pdf"))

    # A font choice: every page is set with the faces chosen, so every file prints again.
    edit(root, "site_config.yml", "# print:\n#   fonts:", "print:\n  fonts:\n    kaiti: [AR PL KaitiM GB]\n#")
    new, reused, _ = printed(root)
    assert new == every and reused == set()
    assert "GBZenKai-Medium" in _fonts(root / "print/rules/code-card.pdf")  # AR PL KaitiM GB's own name


def _official(rel: str) -> bool:
    return rel.startswith(("print/notices/", "print/policies/"))


def _fonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def test_a_file_missing_from_the_published_folder_is_printed_again(project):
    root = project()
    every, _, _ = printed(root)
    (root / "print/rules/code-card.pdf").unlink()
    new, reused, _ = printed(root)
    assert new == {"print/rules/code-card.pdf"} and reused == every - new


def test_a_print_in_small_batches_writes_every_file_once(project, monkeypatch):
    from generator.printing import run as print_run

    monkeypatch.setattr(print_run, "DOCUMENTS_PER_BATCH", 4)  # many batches, a notice's PDF and Word apart
    root = project()
    every, reused, files = printed(root)
    planned = {o.area_rel for o in plan_outputs(load_project(root))}
    assert every == planned == set(files) and reused == set()
    assert printed(root)[:2] == (set(), planned)  # and the cache knows each of them
