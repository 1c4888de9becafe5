"""Build one planned site: render its pages, write an mkdocs.yml, run ``mkdocs build``.

``plan.plan_site`` decides which pages an audience gets; ``build_site`` renders
them through the one renderer into a work folder, writes an mkdocs.yml beside
them and runs ``mkdocs build`` into the staging folder it is given.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .. import messages as msg
from ..content import Audience, Project
from ..errors import PinganError
from ..escape import html_text
from ..parallel import Child
from ..privacy import scrub
from ..render import Renderer
from ..textio import dump_yaml
from ..writer import Writer
from .incremental import (
    Rebuild,
    SiteCache,
    link_published,
    move_fresh,
    rebuilding,
    settings_digest,
    write_json,
    write_private,
)
from .markdown import MARKDOWN_EXTENSIONS
from .npm_assets import npm_asset
from .pages import mkdocs_nav
from .plan import SitePlan
from .quizpage import quiz_scripts, quiz_styles, write_quiz_assets
from .search import SearchIndex

ASSETS = Path(__file__).parent.parent / "assets"
HOOKS = Path(__file__).parent / "hooks.py"
SHIM_DEST = "assets/javascripts/iframe-worker-shim.js"
# A full build of a team site this big is shared between two processes (build_parts). The public
# site, smaller, is already built in a process of its own beside the team site (pipeline).
SPLIT_PAGES = 200


class SiteBuildError(PinganError):
    """MkDocs could not build a site (message from MkDocs)."""


def mkdocs_config(project: Project, plan: SitePlan, docs_dir: Path, site_dir: Path) -> dict[str, Any]:
    site = project.config.site
    return {
        # Material prints these three (and the navigation titles) as HTML: the text is escaped.
        "site_name": html_text(site_title(project, plan.audience)),
        "site_description": html_text(site.description),
        "copyright": html_text(site.copyright),
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": False,  # pages must open from file:// on a tablet
        "theme": {
            "name": "material",
            "language": site.language,
            "font": False,  # no web-font request: the site must work offline
            "features": [
                "navigation.prune",  # keeps pages small when there are hundreds
                "navigation.path",  # breadcrumbs above the page title: where a page sits, on a tablet too
                "navigation.indexes",
                "navigation.top",
                "navigation.footer",
                "search.highlight",
                "toc.follow",
            ],
            "palette": {"scheme": "default", "primary": "red" if plan.audience == "public" else "indigo"},
        },
        "plugins": [{"search": {}}, {"offline": {}}],
        "hooks": [str(HOOKS)],
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "extra": {"polyfills": [SHIM_DEST], "generator": False},
        "extra_css": ["assets/stylesheets/pingan.css", *quiz_styles(plan.practice_banks)],
        "extra_javascript": quiz_scripts(plan.practice_banks),
        "nav": mkdocs_nav(plan.nav),
    }


def site_title(project: Project, audience: Audience) -> str:
    site = project.config.site
    if audience == "team":
        return site.name
    return site.public_name or msg.PUBLIC_SITE_NAME.format(organisation=project.config.organisation.name)


def base_context(project: Project, audience: Audience) -> dict[str, Any]:
    """What every page template sees, whatever the page."""
    return {
        "project": project,
        "config": project.config,
        "audience": audience,
        "site_title": site_title(project, audience),
    }


def write_docs(
    project: Project,
    plan: SitePlan,
    renderer: Renderer,
    docs_dir: Path,
    on_page: Callable[[], None] | None = None,
    writer: Writer | None = None,
) -> None:
    """Render every page of ``plan`` plus the static assets into ``docs_dir`` (through ``writer``)."""
    writer = writer or Writer(docs_dir)
    base = base_context(project, plan.audience)
    for page in plan.pages:
        downloads = plan.downloads.get(page.path, [])
        context = {**base, "page": page, "downloads": downloads, **page.context()}
        writer.write_text(page.path, renderer.render(page.template, context))
        if on_page:
            on_page()
    for rel, text in plan.files.items():
        writer.write_text(rel, text)
    writer.copy_file("assets/stylesheets/pingan.css", ASSETS / "pingan.css")
    writer.copy_file(SHIM_DEST, npm_asset("iframe-worker", "shim/index.js"))
    write_quiz_assets(writer, project, plan.practice_banks)


def prepare_sources(
    project: Project,
    plan: SitePlan,
    renderer: Renderer,
    work_dir: Path,
    site_dir: Path,
    on_page: Callable[[], None] | None = None,
) -> Path:
    """Write the Markdown pages and an mkdocs.yml for ``plan`` into ``work_dir``.

    Returns the mkdocs.yml path; running plain ``mkdocs build -f`` on it gives
    the same site (the benchmark uses this as its baseline).
    """
    docs_dir = work_dir / "docs"
    write_docs(project, plan, renderer, docs_dir, on_page)
    config_file = work_dir / "mkdocs.yml"
    config = dump_yaml(mkdocs_config(project, plan, docs_dir, site_dir))
    # Site name, description and copyright reach every page: mask them like page text.
    config_file.write_text(scrub(config), encoding="utf-8")
    return config_file


@dataclass(frozen=True)
class SiteBuilt:
    """How one site was built: every page, or only the ``rebuilt`` ones (and why a full build)."""

    pages: int
    rebuilt: int
    full: bool
    reason: str = ""


def build_site(
    project: Project,
    plan: SitePlan,
    site_dir: Path,
    renderer: Renderer,
    on_page: Callable[[], None] | None = None,
    cache: SiteCache | None = None,
) -> SiteBuilt:
    """Render and build one site into ``site_dir`` (an empty staging folder).

    With a ``cache`` (``incremental``), only the pages whose Markdown changed are rebuilt when
    everything else is as the published site was built; the staged site is whole either way.
    """
    if cache is None:
        with tempfile.TemporaryDirectory(prefix=f"pingan-{plan.audience}-") as work:
            run_mkdocs(prepare_sources(project, plan, renderer, Path(work), site_dir, on_page))
        return SiteBuilt(len(plan.pages), len(plan.pages), True, "no-cache")
    previous = cache.begin()
    writer = Writer(cache.docs, keep_same=True, private=True)
    write_docs(project, plan, renderer, cache.docs, on_page, writer)
    writer.remove_others()
    config = mkdocs_config(project, plan, cache.docs, site_dir)
    settings, sources = settings_digest(config), writer.names()
    published = project.paths.site(plan.audience)
    rebuild = cache.plan(previous, settings, sources, writer.changed, published)
    if rebuild.modified is not None:
        config = {**config, "site_dir": str(link_published(published, site_dir))}
        rebuild = dataclasses.replace(rebuild, linked=site_dir)
    config_file = cache.folder / "mkdocs.yml"
    write_private(config_file, scrub(dump_yaml(config)))
    if rebuild.modified is None and plan.audience == "team" and len(plan.pages) >= SPLIT_PAGES:
        build_parts(config_file, site_dir, sources, rebuild.search_file)
    else:
        with rebuilding(rebuild):
            run_mkdocs(config_file, dirty=rebuild.modified is not None)
    if rebuild.modified is not None:
        move_fresh(site_dir)
    cache.finish(settings, sources)
    if rebuild.modified is None:
        return SiteBuilt(len(plan.pages), len(plan.pages), True, rebuild.reason)
    rebuilt = sum(1 for name in rebuild.modified if name.endswith(".md"))
    return SiteBuilt(len(plan.pages), rebuilt, False)


def build_parts(config_file: Path, site_dir: Path, sources: set[str], search_file: Path | None) -> None:
    """A full build of a big site by two processes, each rendering every other page: MkDocs
    renders pages one by one, so one process leaves a core idle once the public site is done.

    Both run MkDocs ``dirty`` over the same sources into ``site_dir``: this one renders its pages,
    copies the theme's and the docs folder's other files; the forked one renders the rest. The
    files both write (sitemap, 404 page, the theme's empty search index) are the same bytes.
    The search index is written once both are done, from both parts' entries, in site order.
    """
    pages = sorted(name for name in sources if name.endswith(".md"))
    others = frozenset(name for name in sources if not name.endswith(".md"))

    def second_part() -> dict[str, Any]:
        collected: dict[str, Any] = {}
        with rebuilding(Rebuild(frozenset(pages[1::2]), collected=collected)):
            run_mkdocs(config_file, dirty=True)
        return collected

    child = Child(second_part)
    try:
        collected: dict[str, Any] = {}
        with rebuilding(Rebuild(frozenset(pages[0::2]) | others, theme=True, collected=collected)):
            run_mkdocs(config_file, dirty=True)
        entries = {**collected["entries"], **child.wait()["entries"]}
    finally:
        child.stop()
    index = SearchIndex(kept=entries)
    index.order = collected["order"]
    index.write(site_dir)
    if search_file is not None:
        write_json(search_file, index.entries())


def run_mkdocs(config_file: Path, dirty: bool = False) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    for name in ("mkdocs", "jieba", "material"):
        logging.getLogger(name).setLevel(logging.ERROR)
    import jieba

    jieba.setLogLevel(logging.ERROR)
    # MkDocs reads its YAML with the pure-Python parser: ~1.5 s for a 1000-page navigation. The same
    # text is parsed here with libyaml and handed over as options (paths resolve against the file).
    options = yaml.load(
        config_file.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )
    try:
        config = load_config(config_file=io.BytesIO(b"{}"), config_file_path=str(config_file), **options)
        build(config, dirty=dirty)
    except MkDocsException as exc:
        raise SiteBuildError(str(exc)) from exc
