"""MkDocs hooks loaded into every pingan site build (``hooks:`` in the generated mkdocs.yml).

MkDocs loads this file by path, outside the package: it must import only what
it needs, absolutely. After MkDocs renders a page, its HTML is sanitised and
handed to pingan's search index (``site.search``) instead of Material's; after
the build the index and pingan's search worker are written into the site.
"""

from __future__ import annotations

import re
from functools import partial
from html import unescape
from operator import contains
from pathlib import Path
from typing import Any

from generator.render import remember_compiled
from generator.sanitize import sanitize
from generator.site.incremental import active, write_json
from generator.site.search import SearchIndex, exclude_from_material

_index = SearchIndex()


def on_pre_build(**_: object) -> None:
    global _index
    _index = SearchIndex(active().kept)  # one index per build, even if MkDocs reuses this module


def on_files(files: Any, config: Any, **_: object) -> Any:
    """In an incremental build (``site.incremental``) only the changed sources count as modified:
    MkDocs then renders those pages and copies those files, and leaves the rest as copied in."""
    rebuild = active()
    if rebuild.modified is not None:
        for file in files:
            if file.generated_by is not None or (rebuild.theme and file.src_dir != config.docs_dir):
                continue  # a plugin's file, or the theme's when this part copies it: MkDocs decides
            file.is_modified = partial(contains, rebuild.modified, file.src_uri)
    return files


def on_nav(nav: Any, files: Any, **_: object) -> Any:
    _index.order = [file.src_uri for file in files.documentation_pages()]
    return nav


def on_page_content(html: str, page: Any, **_: object) -> str:
    clean = sanitize(html)
    # Navigation titles reach MkDocs escaped (pages.py); the index holds text, escaped once in the worker.
    _index.add(page.file.src_uri, page.url, unescape(page.title or ""), clean)
    exclude_from_material(page)
    return clean


NAV_START = '<nav class="md-nav md-nav--primary"'
NAV_END = '<div class="md-sidebar md-sidebar--secondary"'
_BETWEEN_TAGS = re.compile(r">\s+<")
_SPACES = re.compile(r"\s+")


def on_post_page(output: str, **_: object) -> str:
    """Material indents every navigation item over several lines: most of a page's bytes at 1000 pages.
    The whitespace between its tags is dropped and runs of it inside collapse to one space, which
    renders the same (the navigation holds no <pre>; titles are single lines, escaped)."""
    start = output.find(NAV_START)
    end = output.find(NAV_END, start)
    if start < 0 or end < 0:
        return output
    nav = _SPACES.sub(" ", _BETWEEN_TAGS.sub("><", output[start:end]))
    return output[:start] + nav + output[end:]


def on_post_build(config: Any, **_: object) -> None:
    collected = active().collected
    if collected is not None:  # one part of a site built in two processes: the whole index is written after
        collected.update(order=_index.order, entries=_index.rendered_entries())
        return
    _index.write(Path(config.site_dir), active().linked)
    search_file = active().search_file
    if search_file is not None:  # what the next incremental build keeps of the pages it does not render
        write_json(search_file, _index.entries())


def on_env(env: Any, **_: object) -> Any:
    """Material's templates compiled once for this user, not again in every process of every build."""
    remember_compiled(env)
    return env
