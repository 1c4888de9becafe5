"""One Jinja renderer for every page kind; each kind picks its template.

Templates resolve project overrides first (``<project>/templates/``), then the
built-in ones in ``generator/templates/`` (Pelican's ChoiceLoader). Every
template receives the same base context from ``base_context``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2

from . import messages as msg
from .privacy import mask_phone

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"


def cn_date(value: dt.date | None) -> str:
    """2024-05-17 → 2024年5月17日 (the form official documents use)."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def cn_month(value: str) -> str:
    """ "2024-06" → 2024年6月."""
    year, month = value.split("-")
    return f"{year}年{int(month)}月"


def md_attr(value: str) -> str:
    """Quote a value for a YAML front-matter line."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


class Renderer:
    def __init__(self, project_root: Path | None = None):
        loaders: list[jinja2.BaseLoader] = []
        if project_root is not None and (project_root / "templates").is_dir():
            loaders.append(jinja2.FileSystemLoader(project_root / "templates"))
        loaders.append(jinja2.FileSystemLoader(BUILTIN_TEMPLATES))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,  # templates produce Markdown; HTML is sanitised after rendering
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(cn_date=cn_date, cn_month=cn_month, mask_phone=mask_phone, md_attr=md_attr)
        self.env.globals["labels"] = msg

    def render(self, template: str, context: dict[str, Any]) -> str:
        return self.env.get_template(template).render(context)
