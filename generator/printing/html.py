"""Render print documents to self-contained HTML: one template per kind, Markdown through pandoc.

Print templates are HTML (autoescaped) and live beside the site templates, so a
project overrides them the same way (``<project>/templates/print/…``). Fields the
schema declares Markdown (``escape.MarkdownText``) go through the ``markdown``
filter, which only records them and leaves a token; any other value given to it
is plain text and stays text (escaped like the rest).
Once every document is rendered, a single pandoc run converts all recorded
Markdown (one process instead of one per field), each fragment is sanitised with
``sanitize.sanitize`` (as the sites are) and put back in place, and the whole page goes
through ``privacy.scrub``. Templates never see the clock, so the same content
always gives the same HTML (the cache relies on it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jinja2
import pypandoc
from markupsafe import Markup, escape

from ..content import Project
from ..content.schema import chinese_numeral
from ..escape import MarkdownText
from ..messages import printing as text
from ..privacy import scrub
from ..render import Renderer
from ..sanitize import sanitize
from ..textio import walk_strings
from .kinds import Item, Kind

# Python-Markdown habits of the sites: no smart quotes, "~" and "^" are plain text
# (5~6厘米), a line break between two Chinese characters adds no space, and a "---" line in a body
# is a rule, never the start of a YAML metadata block (pandoc would stop on it).
# Nothing in one fragment may depend on another converted in the same run (a page must come out
# the same whatever else is rendered with it: the print cache keys pages by their own inputs):
# no heading ids (pandoc numbers equal headings across the whole run; print links none), no
# (@) examples numbered across fragments, and a fragment that defines a footnote or a link
# reference is converted on its own.
PANDOC_FROM = (
    "markdown-smart-subscript-superscript-tex_math_dollars-raw_tex-yaml_metadata_block+east_asian_line_breaks"
    "-auto_identifiers-example_lists"
)
PANDOC_ARGS = ["--wrap=none", "--reference-location=block"]
_TOKEN = "\ue000{}\ue001"
_TOKEN_RE = re.compile("\ue000(\\d+)\ue001")
_SPLIT = "<!--pingan-fragment-{}-->"
_SPLIT_RE = re.compile(r"<!--pingan-fragment-(\d+)-->")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.MULTILINE)  # [^1]: a note, [name]: a link target


class MarkdownBatch:
    """Collects Markdown fragments during rendering and converts them in one pandoc run."""

    def __init__(self) -> None:
        self.sources: list[tuple[str, bool]] = []  # (markdown, inline)
        self.html: list[str] = []

    def add(self, source: Any, inline: bool = False) -> Markup:
        if not isinstance(source, MarkdownText):
            return escape(source or "")  # plain text is never Markdown, even through this filter
        # Masked before pandoc too: 138****0002 next to other asterisks would turn into bold.
        self.sources.append((scrub(str(source), "markdown"), inline))
        return Markup(_TOKEN.format(len(self.sources) - 1))

    def convert(self) -> None:
        todo = self.sources[len(self.html) :]
        if not todo:
            return
        alone = {n for n, (source, _) in enumerate(todo) if _DEFINITION.search(source)}
        together = [n for n in range(len(todo)) if n not in alone]
        joined = "\n\n".join(f"{_SPLIT.format(n)}\n\n{todo[n][0]}" for n in together)
        parts = _SPLIT_RE.split(_pandoc(joined)) if together else [""]
        # parts: [before, "0", html0, "1", html1, …]; a fragment that swallowed the
        # next marker (an unclosed code fence) breaks the sequence: convert one by one.
        if parts[1::2] == [str(n) for n in together]:
            converted = dict(zip(together, parts[2::2], strict=True))
        else:
            converted = {n: _pandoc(todo[n][0]) for n in together}
        converted |= {n: _pandoc(todo[n][0]) for n in sorted(alone)}
        self.html.extend(_finish(converted[n], inline) for n, (_, inline) in enumerate(todo))

    def fill(self, rendered: str) -> str:
        return _TOKEN_RE.sub(lambda m: self.html[int(m[1])], rendered)


def _pandoc(source: str) -> str:
    return pypandoc.convert_text(source, "html5", format=PANDOC_FROM, extra_args=PANDOC_ARGS)


def _finish(html: str, inline: bool) -> str:
    html = sanitize(html.strip())
    if inline:
        m = re.fullmatch(r"<p>(.*)</p>", html, re.DOTALL)
        if m and "<p>" not in m[1]:
            html = m[1]
    return html


@dataclass
class Rendered:
    kind: Kind
    item: Item
    html: str


class PrintRenderer:
    """The project's renderer, set up for HTML print templates."""

    def __init__(self, project: Project, renderer: Renderer, font_css: str = ""):
        self.project = project
        self.font_css = font_css  # @font-face aliases per role (printing.fonts)
        env = renderer.env.overlay(autoescape=True, finalize=None)  # HTML: autoescaping, not Markdown's
        # overlay() shares these dicts with the site renderer: copy before adding to them
        env.filters = {**renderer.env.filters, "cn_number": chinese_numeral}
        env.globals = {**renderer.env.globals, "text": text}
        self.env = env

    def render_all(self, jobs: Iterable[tuple[Kind, Item]]) -> list[Rendered]:
        batch = MarkdownBatch()
        self.env.filters["markdown"] = batch.add
        pending = [
            (kind, item, self.env.get_template(kind.template).render(self.context(kind, item)))
            for kind, item in jobs
        ]
        batch.convert()
        return [Rendered(kind, item, scrub(batch.fill(html))) for kind, item, html in pending]

    def context(self, kind: Kind, item: Item) -> dict[str, Any]:
        config = self.project.config
        return {
            "project": self.project,
            "config": config,
            "organisation": config.organisation,
            "kind": kind,
            "paper": kind.paper,
            "title": item.title,
            "lang": document_lang(self.project, item),
            "font_css": Markup(self.font_css),
            **item.context(),
        }


# --- Simplified or Traditional ------------------------------------------------------------

# Common characters that exist in only one of the two scripts. Enough to tell a
# Traditional document (so it prints with the TC cut of the fonts) from a Simplified one.
_SIMPLIFIED_ONLY = set(
    "这们为发国会说时对来过还经与关实现后进动问题开长东车马门书见话语让认识员学区应该报乡镇县级处务组织队"
)
_TRADITIONAL_ONLY = set(
    "這們為發國會說時對來過還經與關實現後進動問題開長東車馬門書見話語讓認識員學區應該報鄉鎮縣級處務組織隊"
)


def script_of(sample: str) -> str:
    """ "zh-Hant" when ``sample`` is written in Traditional characters, else "zh-Hans"."""
    simplified = sum(ch in _SIMPLIFIED_ONLY for ch in sample)
    traditional = sum(ch in _TRADITIONAL_ONLY for ch in sample)
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def document_lang(project: Project, item: Item) -> str:
    if project.config.site.language in ("zh-Hant", "zh-TW"):
        return "zh-Hant"
    sample = item.title
    if item.source is not None:
        sample += "".join(text for _, text in walk_strings(item.source.model_dump()))
    return script_of(sample)


def template_error(exc: jinja2.TemplateError) -> str:
    where = f"{exc.name}:{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
    return f"{where} {exc}".strip()
