"""What a printed file is made from, as one hash: its key in the print cache, known before rendering.

A printed file is a function of its inputs: the item's own data (a notice and its fields, a
module and its banks, a ledger's rows), the template of its kind with everything that
template extends, includes or imports (the project's ``templates/`` first, as the renderer
resolves them), the part of ``site_config.yml`` that template reads, the fonts chosen for
the roles, and the tools: pingan's own code and print templates, Python and the libraries
the rendering goes through, pandoc, Chromium. ``input_keys`` hashes exactly those, so a
build with nothing changed finds every file in the cache without rendering a page, and
any change to one of them changes the key of the files it reaches, and only theirs.

Settings are taken per template: a template that names ``organisation`` depends on the
organisation, one that names ``config`` on the whole of ``site_config.yml``, one that
names ``project`` (a project's own template may) on the whole project. Templates never
see the clock (``html``), so no key needs today's date.

What a key does not cover (a font installed on the system that only a fallback glyph
comes from) is documented in docs/printing.md; ``pingan pdf --force`` prints everything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import json
import platform
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2
import pypandoc
from jinja2 import meta, nodes
from pydantic import BaseModel

from ..content import Project
from ..content.loader import SourceFile
from ..escape import MarkdownText
from ..render import BUILTIN_TEMPLATES
from .engine import CHROMIUM
from .fonts import FontPlan
from .kinds import Item, Kind, Output

PACKAGE = Path(__file__).resolve().parent.parent  # generator/
# The libraries a page goes through on its way to paper (their versions are part of every key).
LIBRARIES = ("jinja2", "markupsafe", "nh3", "pydantic", "pypandoc-binary", "playwright", "python-docx")
KEY_VERSION = "inputs-1"


def input_keys(
    project: Project,
    env: jinja2.Environment,
    outputs: Iterable[Output],
    engine_key: str,
    word_key: str,
) -> dict[str, str]:
    """Every output's input key, by ``Output.area_rel`` (none for an item holding a value of a type
    ``canonical`` does not know: that file is rendered and compared by its HTML, as before)."""
    shared = _digest([KEY_VERSION, engine_key, tools_fingerprint()])
    kinds: dict[str, str] = {}
    items: dict[tuple[str, str], str] = {}
    settings = _Settings(project)
    memo: dict[int, Any] = {}  # the project holds every model while this runs: ids stay theirs
    parsed: dict = {}
    keys = {}
    for output in outputs:
        kind = output.kind
        if kind.name not in kinds:
            kinds[kind.name] = kind_fingerprint(env, kind, settings, parsed)
        item_id = (kind.name, output.item.key)
        if item_id not in items:
            try:
                items[item_id] = _digest(canonical(output.item, memo))
            except Unkeyable:
                items[item_id] = ""
        if not items[item_id]:
            continue
        word = word_key if output.format == "docx" else ""
        keys[output.area_rel] = _digest([shared, kinds[kind.name], items[item_id], output.format, word])
    return keys


# --- the tools --------------------------------------------------------------------------------------


def engine_fingerprint(project: Project, fonts: FontPlan, engine_version: str) -> str:
    """What turns a page into a PDF beside its HTML: Chromium and the fonts it is given. Part of
    both keys of a file (a page whose HTML is unchanged still prints anew with a new face)."""
    chromium = _file_id(CHROMIUM) if CHROMIUM.exists() else [_version("playwright")]
    return _digest([engine_version, chromium, _version("playwright"), fonts_fingerprint(project, fonts)])


@functools.cache
def tools_fingerprint() -> str:
    """pingan's code and built-in templates, Python, the libraries and pandoc."""
    code = hashlib.sha256()
    files = sorted(PACKAGE.rglob("*.py")) + sorted((BUILTIN_TEMPLATES / "print").rglob("*"))
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            code.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    versions = [f"{name}={_version(name)}" for name in LIBRARIES]
    return _digest([code.hexdigest(), sys.version, platform.machine(), versions, _file_id(_pandoc())])


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


def _pandoc() -> Path | None:
    try:
        return Path(pypandoc.get_pandoc_path())
    except OSError:
        return None


def _file_id(path: Path | None) -> list[Any]:
    """A file by its place, size and time of change (a new pandoc or Chromium is a new file)."""
    if path is None:
        return []
    try:
        stat = path.resolve().stat()
    except OSError:
        return [str(path)]
    return [str(path.resolve()), stat.st_size, stat.st_mtime_ns]


def fonts_fingerprint(project: Project, fonts: FontPlan) -> str:
    """The faces of every role (their CSS and their files) and the fonts Chromium may fall back to."""
    faces = [
        [*_file_id(face.file), face.index]
        for chosen in (*fonts.roles, *fonts.hant)
        for face in (chosen.regular, chosen.bold)
        if face is not None
    ]
    folder = project.root / "fonts"
    own = sorted(_file_id(p) for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    config = fonts.fontconfig.read_text(encoding="utf-8") if fonts.fontconfig.is_file() else ""
    return _digest([fonts.css, faces, own, config])


# --- the template of a kind and the settings it reads -----------------------------------------------


class _Settings:
    """The parts of the project a template may read by name, each hashed once."""

    def __init__(self, project: Project):
        self.project = project

    @functools.cached_property
    def organisation(self) -> str:
        return _digest(canonical(self.project.config.organisation))

    @functools.cached_property
    def config(self) -> str:
        return _digest(canonical(self.project.config))

    @functools.cached_property
    def everything(self) -> str:
        p = self.project
        return _digest(canonical([p.config, p.policies, p.rules, p.modules, p.notices, p.banks, p.roster]))

    def language(self) -> str:
        return self.project.config.site.language  # the document's lang (html.document_lang)


def kind_fingerprint(
    env: jinja2.Environment, kind: Kind, settings: _Settings, parsed: dict | None = None
) -> str:
    """The kind itself, every template source its template reaches, and the settings they name."""
    sources, names = _template_tree(env, kind.template, {} if parsed is None else parsed)
    parts: list[Any] = [canonical(kind), sources, settings.language()]
    if "project" in names:
        parts.append(settings.everything)
    elif "config" in names:
        parts.append(settings.config)
    elif "organisation" in names:
        parts.append(settings.organisation)
    return _digest(parts)


_Parsed = tuple[str, set[str], list[str | None]]  # filename and source, names read, templates referenced


def _template_tree(env: jinja2.Environment, name: str, parsed: dict[str, _Parsed]) -> tuple[list, set[str]]:
    """(name, source) of ``name`` and every template it extends, includes or imports, and every
    name they read (``parsed``: templates already read, by name). A reference computed at run
    time: every print template counts."""
    seen: dict[str, str] = {}
    names: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        if current not in parsed:
            parsed[current] = _parse(env, current)
        source, read, references = parsed[current]
        seen[current] = source
        names |= read
        for found in references:
            todo.extend([found] if found else [t for t in env.list_templates() if t.startswith("print/")])
    return [[k, seen[k]] for k in sorted(seen)], names


def _parse(env: jinja2.Environment, name: str) -> _Parsed:
    assert env.loader is not None
    source, filename, _ = env.loader.get_source(env, name)
    if not name.endswith(".j2"):
        return f"{filename}\0{source}", set(), []  # an included stylesheet: text, read as it is
    tree = env.parse(source, name, filename)
    read = {node.name for node in tree.find_all(nodes.Name)}  # every name, set or read: a superset
    return f"{filename}\0{source}", read, list(meta.find_referenced_templates(tree))


# --- an item as plain data ---------------------------------------------------------------------------


def canonical(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """``value`` as JSON-ready data that tells apart everything a template could print.

    ``memo`` (by ``id``, for objects that outlive the call) writes a content model met again
    (a member on every sign-in sheet, a bank in every module that names it) as its digest."""
    if type(value) in _PLAIN:  # most of what a document holds: text and numbers (MarkdownText is not)
        return value
    if memo is not None and isinstance(value, BaseModel):
        if id(value) not in memo:
            memo[id(value)] = ["@", _digest(_canonical(value, memo))]
        return memo[id(value)]
    return _canonical(value, memo)


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _canonical(value: Any, memo: dict[int, Any] | None) -> Any:
    def canonical(inner: Any) -> Any:
        return _again(inner, memo)

    if isinstance(value, MarkdownText):
        return ["md", str(value)]  # Markdown and plain text of the same letters print differently
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, BaseModel):
        data = {name: canonical(getattr(value, name)) for name in type(value).model_fields}
        private = {k: canonical(v) for k, v in (value.__pydantic_private__ or {}).items()}
        return [type(value).__qualname__, data, private]
    if isinstance(value, SourceFile):
        return value.rel  # the file's data is the document's fields, already there
    if isinstance(value, Kind | Item) or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        fields = {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return [type(value).__qualname__, fields]
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return [[canonical(k), canonical(v)] for k, v in value.items()]
    if isinstance(value, set | frozenset):
        return sorted((canonical(v) for v in value), key=_text)
    if isinstance(value, dt.date | dt.datetime | dt.time | Path):
        return [type(value).__name__, str(value)]
    if isinstance(value, enum.Enum):
        return [type(value).__qualname__, canonical(value.value)]
    if callable(value):
        return [getattr(value, "__module__", ""), getattr(value, "__qualname__", repr(value))]
    raise Unkeyable(type(value).__qualname__)  # a new field type: teach it here


def _again(value: Any, memo: dict[int, Any] | None) -> Any:
    return value if type(value) in _PLAIN else canonical(value, memo)


class Unkeyable(TypeError):
    """A value ``canonical`` cannot write down: its file is rendered and compared by its HTML."""


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _digest(value: Any) -> str:
    return hashlib.sha256(_text(value).encode("utf-8")).hexdigest()
