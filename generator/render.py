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

import contextlib
import datetime as dt
import hashlib
import pickle
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.filters import do_indent
from markupsafe import Markup

from . import messages as msg
from .escape import MarkdownText, html_text, markdown_text
from .privacy import mask_phone
from .usercache import private_user_folder, user_cache_dir

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
        remember_compiled(self.env)

    def render(self, template: str, context: dict[str, Any]) -> str:
        return self.env.get_template(template).render(context)


# --- compiled templates, kept between runs ----------------------------------------------------------


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's bytecode cache in the user's cache folder (``usercache``; never in a project, which
    may come from someone else): compiling pingan's page templates and Material's took about a
    second in every process of every build. An entry is used only for the same template file,
    the same source (Jinja checks its checksum), the same Jinja and Python, and an environment
    compiling the same way (``salt``); one that cannot be read is compiled again, one that cannot
    be written (a full disk) is not kept. The folder is made when the first template is kept,
    not before: a build refused before it renders anything leaves the user's folders as they were."""

    FOLDER = "templates"

    def __init__(self, env: jinja2.Environment):
        super().__init__(str(user_cache_dir() / self.FOLDER))
        self.env = env
        self.salt = _compiles_as(env)
        self._checked: Path | None = None  # the folder, once found to be this user's alone

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        autoescape = self.env.autoescape(name) if callable(self.env.autoescape) else self.env.autoescape
        return hashlib.sha256(f"{self.salt}|{autoescape}|{name}|{filename}".encode()).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        if self._folder(make=False) is None:
            return
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if self._folder(make=True) is None:
            return
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)

    def _folder(self, make: bool) -> Path | None:
        if self._checked is None:
            self._checked = private_user_folder(self.FOLDER, make)
        return self._checked


def remember_compiled(env: jinja2.Environment) -> None:
    """Give ``env`` the compiled-template cache of the user's cache folder."""
    env.bytecode_cache = CompiledTemplates(env)


def _compiles_as(env: jinja2.Environment) -> str:
    """What besides the source decides a template's compiled code: the environment's syntax and
    options, its extensions, and Jinja's version (the cache adds Python's; ``get_cache_key`` the
    template's autoescaping)."""

    def name(value: object) -> str:
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(value))}"

    options = (
        jinja2.__version__,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        name(env.finalize),
        name(env.undefined),
        sorted(env.extensions),
    )
    return hashlib.sha256(repr(options).encode()).hexdigest()
