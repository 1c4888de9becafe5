"""One Jinja renderer for every page kind; each kind picks its template.

Templates resolve project overrides first (``<project>/templates/``), then the
built-in ones in ``generator/templates/`` (Pelican's ChoiceLoader). Every
template receives the same base context from ``base_context``.

Page templates write Markdown, and every value they print is plain text unless
the content schema declared it Markdown (``escape.MarkdownText``): like HTML
autoescaping, but for Markdown (``_as_markdown``). Markup a template builds
itself from trusted parts (``"#" * depth``) is marked ``| safe``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2
from jinja2.filters import do_indent
from markupsafe import Markup

from . import messages as msg
from .escape import MarkdownText, html_text, markdown_text
from .privacy import mask_phone

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"


def cn_date(value: dt.date | None) -> str:
    """2024-05-17 → 2024年5月17日 (the form official documents use)."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def cn_month(value: str) -> str:
    """ "2024-06" → 2024年6月."""
    year, month = value.split("-")
    return f"{year}年{int(month)}月"


def md_attr(value: str) -> Markup:
    """A plain-text value as a quoted YAML front-matter string. MkDocs and Material print
    front-matter titles as HTML, so the text is HTML-escaped (and kept on one line)."""
    return Markup('"' + html_text(value).replace("\\", "\\\\").replace('"', '\\"') + '"')


def _as_markdown(value: Any) -> Any:
    """What a page template prints for ``{{ value }}``: Markdown fields and markup the
    template marked safe as they are, every other string as text."""
    if isinstance(value, MarkdownText | Markup):
        return value
    if isinstance(value, str):
        return markdown_text(value)
    return value


def _indent(value: str, *args: Any, **kwargs: Any) -> str:
    """Jinja's ``indent``, keeping a Markdown field Markdown."""
    indented = do_indent(value, *args, **kwargs)
    return MarkdownText(indented) if isinstance(value, MarkdownText) else indented


class Renderer:
    def __init__(self, project_root: Path | None = None):
        loaders: list[jinja2.BaseLoader] = []
        if project_root is not None and (project_root / "templates").is_dir():
            loaders.append(jinja2.FileSystemLoader(project_root / "templates"))
        loaders.append(jinja2.FileSystemLoader(BUILTIN_TEMPLATES))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,  # Markdown, not HTML: finalize escapes; HTML from Markdown is sanitised later
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=_as_markdown,
        )
        self.env.filters.update(
            cn_date=cn_date, cn_month=cn_month, mask_phone=mask_phone, md_attr=md_attr, indent=_indent
        )
        self.env.globals["labels"] = msg

    def render(self, template: str, context: dict[str, Any]) -> str:
        return self.env.get_template(template).render(context)
