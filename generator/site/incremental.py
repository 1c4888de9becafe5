"""Rebuild only the pages whose Markdown changed, when everything else is known to be the same.

Each site keeps what its last published build read, in ``<project>/.pingan-cache/site-<audience>/``:

* ``docs/``: the Markdown pages and files MkDocs read, rewritten only where their bytes change;
* ``search.json``: every page's search entry from that build;
* ``state.json``, written only after that build was published: a digest of the MkDocs settings
  (navigation included) and of pingan's code and packages, the names of the source files, and the
  listing (names, sizes, times, inodes) of the published folder.

A build first deletes ``state.json``, so one that fails or is killed leaves no state and the next
is a full build. It then writes the sources, and rebuilds incrementally only when the settings
and the list of source files are the same as last time and the published folder is still exactly
what that build published: the published folder is hard-linked into the (empty) staging folder,
minus the printed downloads, which the build copies in again, and MkDocs runs ``dirty`` with only
the changed sources counted as modified, writing into a folder of its own whose files then
replace the links (``link_published``: nothing ever writes into a published file). Every other
page keeps its HTML, the bytes a full build would write, because a page's HTML depends only on
its own source, the settings and the navigation, and navigation titles come from the ``nav``
setting. Anything else (a page added,
removed or retitled, a changed template or setting, a new pingan) is a full build, and says why.
The privacy scan and the swap are unchanged: the staged folder is a complete site either way.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content import Audience
from ..content.cachedir import private_folder
from ..content.stamp import STAMP, code_digest, listing_digest
from ..printing.kinds import DOWNLOADS_DIR
from ..publish import MARK, link_or_copy, read_mark
from .search import is_entry

STATE_VERSION = 1
STATE = "state.json"
PENDING = "state.pending.json"  # written by the build; becomes state.json once the site is published
SEARCH = "search.json"
NOT_COPIED = frozenset({STAMP, MARK, DOWNLOADS_DIR})  # top-level names of a published site
PATH_SETTINGS = ("docs_dir", "site_dir")  # where MkDocs reads and writes: not what it writes


@dataclass(frozen=True)
class Rebuild:
    """What the MkDocs hooks need from one site build (``active()``).

    ``modified`` None is a full build; otherwise the sources to rebuild, every other page being
    kept, with its search entry from ``kept``. ``search_file`` is where the hooks save every
    page's entry for the next build.
    """

    modified: frozenset[str] | None = None
    kept: dict[str, Any] = field(default_factory=dict)  # source name → SearchPage.as_json()
    search_file: Path | None = None
    reason: str = ""  # why a full build: first, settings, pages, published (FULL_BUILD_REASONS)
    # One part of a site built by two processes (``build.build_parts``): ``modified`` are this
    # part's sources; ``theme`` copies the theme's files too; the search entries of the pages it
    # rendered go into ``collected`` (with the site's page order) instead of into the site.
    theme: bool = False
    collected: dict[str, Any] | None = None
    # An incremental build: the staging folder, holding the published files as links, while MkDocs
    # writes into its ``FRESH`` folder (``link_published``); the theme's files are found there.
    linked: Path | None = None


_active = Rebuild()


def active() -> Rebuild:
    return _active


@contextlib.contextmanager
def rebuilding(rebuild: Rebuild) -> Iterator[None]:
    """Make ``rebuild`` what the hooks see while MkDocs runs in this process."""
    global _active
    _active = rebuild
    try:
        yield
    finally:
        _active = Rebuild()


@dataclass(frozen=True)
class State:
    settings: str
    sources: list[str]
    listing: str


class SiteCache:
    """The sources and search entries of one site's last published build (see the module's text)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.docs = folder / "docs"

    @classmethod
    def open(cls, cache_dir: Path, audience: Audience, outputs: list[Path]) -> SiteCache | None:
        """The cache of ``audience``'s site, made private (0700); None when it cannot be used (the build
        is then full): it cannot be made, it or the project's cache folder is a link (to somewhere a
        build must not write), or it would lie in or hold an output folder."""
        folder = private_folder(cache_dir / f"site-{audience}")
        if folder is None:
            return None
        try:
            resolved = folder.resolve()
            for output in outputs:
                output = output.resolve()
                if resolved.is_relative_to(output) or output.is_relative_to(resolved):
                    return None
        except (OSError, RuntimeError):
            return None
        return cls(folder)

    def begin(self) -> State | None:
        """The last published build's state, forgotten from now until ``commit``."""
        state = _read_state(self.folder / STATE)
        for name in (STATE, PENDING):
            (self.folder / name).unlink(missing_ok=True)
        return state

    def plan(
        self, previous: State | None, settings: str, sources: set[str], changed: set[str], published: Path
    ) -> Rebuild:
        """Incremental when ``previous`` describes the published folder and the same settings and sources."""
        search_file = self.folder / SEARCH
        if previous is None:
            return Rebuild(search_file=search_file, reason="first")
        if previous.settings != settings:
            return Rebuild(search_file=search_file, reason="settings")
        if previous.sources != sorted(sources):
            return Rebuild(search_file=search_file, reason="pages")
        if read_mark(published) is None or _listing(published) != previous.listing:
            return Rebuild(search_file=search_file, reason="published")
        kept = _read_search(search_file)
        pages = {name for name in sources if name.endswith(".md")} - changed
        if kept is None or not pages <= kept.keys():
            return Rebuild(search_file=search_file, reason="first")
        return Rebuild(frozenset(changed), {name: kept[name] for name in pages}, search_file)

    def finish(self, settings: str, sources: set[str]) -> None:
        """The build of this site succeeded: remember what it read, to be committed once it is published."""
        pending = {"version": STATE_VERSION, "settings": settings, "sources": sorted(sources)}
        write_json(self.folder / PENDING, pending)

    def commit(self, published: Path) -> None:
        """The site is published: its state (with the listing of ``published``) is the next build's."""

        try:
            pending = json.loads((self.folder / PENDING).read_text(encoding="utf-8"))
            pending["listing"] = listing_digest(published)
            write_json(self.folder / STATE, pending)
            (self.folder / PENDING).unlink()
        except (OSError, ValueError, TypeError):
            with contextlib.suppress(OSError):
                (self.folder / STATE).unlink(missing_ok=True)  # no state: the next build is full


def settings_digest(config: dict[str, Any]) -> str:
    """What MkDocs is told, but for where it reads and writes, and which pingan (code, packages) runs it."""
    settings = {key: value for key, value in config.items() if key not in PATH_SETTINGS}
    text = json.dumps(settings, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(f"{code_digest()}\n{text}".encode()).hexdigest()


FRESH = ".pingan-fresh"  # inside the staging folder: where MkDocs writes in an incremental build


def link_published(published: Path, site_dir: Path) -> Path:
    """The published site into the empty staging folder, but for its stamp, mark and downloads,
    as hard links (a copy where the file system has none); returns the empty folder MkDocs is to
    write into instead (``FRESH``, moved in by ``move_fresh``).

    Linked, not copied: copying the 1000-page team site took 0.5-1.2 s of every incremental build,
    and deleting the copy the swap set aside as long again (each file's blocks freed). A linked
    file is the published file itself, so nothing may ever write into one: MkDocs writes only
    into ``FRESH``, and what it wrote replaces the links by renames, which never open a file.
    File by file, so that a failure is the OSError itself (a full disk is then reported as one).
    Links are not taken over: pingan writes none into a site, so one there is not part of what
    it built.
    """
    for current, folders, files in os.walk(published):
        here = site_dir / os.path.relpath(current, published)
        top = current == str(published)
        folders[:] = sorted(f for f in folders if not (top and f in NOT_COPIED) and not _is_link(current, f))
        for name in files:
            if not (top and name in NOT_COPIED) and not _is_link(current, name):
                link_or_copy(os.path.join(current, name), here / name)
        for name in folders:
            (here / name).mkdir()
    fresh = site_dir / FRESH
    fresh.mkdir()
    return fresh


def move_fresh(site_dir: Path) -> None:
    """What MkDocs wrote into ``FRESH`` moved over the linked files (renames only), then ``FRESH``
    removed: the staging folder is then the whole new site."""
    fresh = site_dir / FRESH
    for current, folders, files in os.walk(fresh):
        here = site_dir / os.path.relpath(current, fresh)
        for name in folders:
            (here / name).mkdir(exist_ok=True)
        for name in files:
            os.replace(os.path.join(current, name), here / name)
    shutil.rmtree(fresh)


def _is_link(folder: str, name: str) -> bool:
    return os.path.islink(os.path.join(folder, name))


def _listing(folder: Path) -> str | None:
    try:
        return listing_digest(folder)
    except OSError:
        return None


def _read_state(path: Path) -> State | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION:
            return None
        return State(str(data["settings"]), [str(s) for s in data["sources"]], str(data["listing"]))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _read_search(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(is_entry(entry) for entry in data.values()):
        return None  # not what a build wrote: the next build is full
    return data


def write_json(path: Path, data: Any) -> None:
    """Whole or not at all: a temporary file renamed into place."""
    temporary = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    write_private(temporary, json.dumps(data, ensure_ascii=False))
    os.replace(temporary, path)


def write_private(path: Path, text: str) -> None:
    """``text`` into ``path``, readable by the owner only (the cache holds pages that name people)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    path.chmod(0o600)
