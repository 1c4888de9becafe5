"""The rules themselves, on every spelling of the table: what the matcher finds, and what
masked text looks like once Python-Markdown (the sites) and pandoc (print) have rendered it."""

from __future__ import annotations

import html
import re

import pypandoc
import pytest
import yaml

from generator.content.schema import Member
from generator.printing.html import PANDOC_FROM
from generator.privacy import RosterMatcher, find_numbers, scrub
from tests.pagemarkdown import page_markdown
from tests.privacy.spellings import LEAD, NUMBERS, ROSTER, SAFE, SPELLINGS, STRANGERS


@pytest.fixture(scope="module")
def matcher() -> RosterMatcher:
    return RosterMatcher([Member(**m) for m in yaml.safe_load(ROSTER)["members"]])


def sentence(text: str) -> str:
    return f"{LEAD}{text}。"


def shown(rendered_html: str) -> str:
    """What a reader sees of an HTML fragment."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered_html)).strip()


def site_markdown(source: str) -> str:
    """Python-Markdown with the Markdown extensions of the sites' mkdocs.yml."""
    return page_markdown(source)


@pytest.mark.parametrize("spelling", SPELLINGS, ids=str)
def test_the_matcher_finds_every_spelling(matcher, spelling):
    hits = [(hit.member.id, hit.what) for hit in matcher.hits(sentence(spelling.text))]
    assert hits[:1] == [(spelling.member, spelling.what)]


@pytest.fixture(scope="module")
def pandoc_rendered() -> dict[str, str]:
    """Every number spelling, masked for Markdown, through one pandoc run (as print does)."""
    source = "\n\n".join(f"<!--{s.key}-->\n\n{scrub(sentence(s.text), 'markdown')}" for s in NUMBERS)
    out = pypandoc.convert_text(source, "html5", format=PANDOC_FROM, extra_args=["--wrap=none"])
    parts = re.split(r"<!--(\S+?)-->", out)
    return {key: shown(fragment) for key, fragment in zip(parts[1::2], parts[2::2], strict=True)}


@pytest.mark.parametrize("spelling", NUMBERS, ids=str)
def test_masked_numbers_render_masked_in_python_markdown_and_pandoc(spelling, pandoc_rendered):
    expected = sentence(spelling.shown)
    masked = scrub(sentence(spelling.text), "markdown")
    assert shown(site_markdown(masked)) == expected
    assert pandoc_rendered[spelling.key] == expected
    as_text = scrub(sentence(spelling.text))  # text and HTML outputs: Markdown marks stay as typed
    assert spelling.shown in shown(as_text)
    assert all(found.kind.name.startswith("MASKED") for found in find_numbers(as_text))


def test_masked_phones_stay_masked_beside_other_asterisks():
    # Plain 138****0002 twice in a paragraph pairs into bold: 138<strong><strong>0002 与 139…
    source = "**联系：** 138****0002 与 139****0003，*值班* 13800000002"
    assert shown(site_markdown(scrub(source, "markdown"))) == (
        "联系： 138****0002 与 139****0003，值班 138****0002"
    )


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_numbers_and_near_names_are_neither_flagged_nor_changed(matcher, text):
    assert list(matcher.hits(sentence(text))) == []
    assert list(find_numbers(text)) == []
    assert scrub(text) == text and scrub(text, "markdown") == text


@pytest.mark.parametrize(("text", "masked"), STRANGERS)
def test_numbers_of_people_not_on_the_roster_are_masked_but_not_flagged(matcher, text, masked):
    assert list(matcher.hits(sentence(text))) == []
    assert shown(site_markdown(scrub(sentence(text), "markdown"))) == sentence(masked)


@pytest.mark.parametrize("spelling", NUMBERS, ids=str)
def test_masking_twice_changes_nothing(spelling):
    for target in ("text", "markdown"):
        once = scrub(sentence(spelling.text), target)
        assert scrub(once, target) == once


def test_front_matter_gets_plain_asterisks_and_the_body_character_references():
    page = '---\ntitle: "值班 13800000002"\n---\n# 值班 13800000002\n'
    assert scrub(page, "markdown") == (
        '---\ntitle: "值班 138****0002"\n---\n# 值班 138&#42;&#42;&#42;&#42;0002\n'
    )


def test_markup_inside_a_number_is_kept_after_it():
    assert scrub("<b>138</b>0000<i>0002</i>") == "<b>138****0002</b><i></i>"
    assert scrub("**138**0000 0002", "markdown") == "**138&#42;&#42;&#42;&#42;0002**"
    assert scrub("1*38*00000002", "markdown") == "138&#42;&#42;&#42;&#42;0002"  # a pair inside: dropped


def test_a_name_split_across_table_cells_is_not_a_name(matcher):
    assert matcher.first_hit("<table><tr><td>张</td><td>三</td></tr></table>") is None
    assert matcher.first_hit('<img alt="张三" src="x.png">').member.id == "M001"  # attributes are read
    assert matcher.first_hit("<!-- 张三 -->").member.id == "M001"  # and comments
