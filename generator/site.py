"""Build one Material for MkDocs site for one audience (team or public).

``plan_site`` decides which pages an audience gets (the only place that knows
what is public); ``build_site`` renders them through the one renderer, writes
an mkdocs.yml beside them and runs ``mkdocs build`` into the staging folder.
"""

from __future__ import annotations

import itertools
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import messages as msg
from .audience import Audience, Content
from .link import resolve_source
from .npm_assets import npm_asset
from .printing import Download, downloads_for_page, plan_outputs
from .privacy import scrub
from .project import Project
from .quizpage import quiz_scripts, quiz_styles, write_quiz_assets
from .render import Renderer, cn_month
from .schema import QuizBank, TrainingModule
from .scorer.reports import missing_text, ok_text
from .scorer.site_pages import SiteRecords
from .writer import Writer

ASSETS = Path(__file__).parent / "assets"
HOOKS = Path(__file__).parent / "site_hooks.py"
SHIM_DEST = "assets/javascripts/iframe-worker-shim.js"


class SiteBuildError(Exception):
    pass


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative Markdown path
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class SitePlan:
    audience: Audience
    pages: list[Page]
    nav: list[Any]
    files: dict[str, str] = field(default_factory=dict)  # generated assets (charts), docs-relative
    downloads: dict[str, list[Download]] = field(default_factory=dict)  # page path → printed files it links


def plan_site(
    project: Project, audience: Audience, records: SiteRecords | None = None, downloads: bool = True
) -> SitePlan:
    """The pages of one site; ``downloads=False`` leaves out links to printed files."""
    content = Content.for_audience(project, audience)
    pages: list[Page] = [Page("index.md", "pages/home.md.j2", msg.NAV_HOME, {"content": content})]
    nav: list[Any] = [{msg.NAV_HOME: "index.md"}]

    def section(label: str, index: Page | None, items: list[Page], grouped=None) -> None:
        if index is None and not items:
            return
        pages.extend([index] if index else [])
        pages.extend(items)
        entries: list[Any] = [{index.title: index.path}] if index else []
        if grouped:
            for group, group_items in grouped:
                entries.append({group: [{p.title: p.path} for p in group_items]})
        else:
            entries.extend({p.title: p.path} for p in items)
        nav.append({label: entries})

    if content.policies:
        section(
            msg.NAV_POLICIES,
            Page(
                "policies/index.md",
                "pages/policy_index.md.j2",
                msg.NAV_POLICIES,
                {"policies": content.policies},
            ),
            [Page(f"policies/{p.id}.md", p.template, p.title, {"policy": p}) for p in content.policies],
        )
    if content.codes:
        section(
            msg.NAV_RULES,
            None,
            [Page(f"rules/{c.id}.md", c.template, c.title, {"code": c}) for c in content.codes],
        )
    if content.modules:
        module_pages = [
            Page(f"modules/{m.id}.md", m.template, m.title, {"module": m, "banks": _banks_of(project, m)})
            for m in content.modules
        ]
        by_month = [
            (cn_month(month), [p for p in module_pages if p.context["module"].month == month])
            for month, _ in itertools.groupby(content.modules, key=lambda m: m.month)
        ]
        section(
            msg.NAV_MODULES,
            Page(
                "modules/index.md",
                "pages/module_index.md.j2",
                msg.NAV_MODULES,
                {"months": [(label, [p.context["module"] for p in items]) for label, items in by_month]},
            ),
            module_pages,
            grouped=by_month,
        )
    if content.banks:
        practice = [b for b in content.banks if not b.is_exam]
        section(
            msg.NAV_BANKS,
            Page("banks/index.md", "pages/bank_index.md.j2", msg.NAV_BANKS, {"banks": content.banks}),
            [
                Page(
                    f"banks/{b.id}.md",
                    b.template,
                    b.title,
                    {
                        "bank": b,
                        "sources": {q.id: resolve_source(project, q.source) for q in b.questions if q.source},
                    },
                )
                for b in practice  # exam banks get no page: their questions stay off every site
            ],
        )
    if records is not None and audience == "team":  # attendance and scores: members only
        team_names = {t.id: t.name for t in project.roster.teams}
        shared = {"team_names": team_names, "missing_text": missing_text, "ok_text": ok_text}
        years = []
        for year in records.years:
            label = year.report.period.label
            year_page = Page(f"records/{label}.md", "pages/records_year.md.j2",
                             msg.RECORDS_YEAR.format(year=label), {"year": year, **shared})
            month_pages = [
                Page(f"records/{r.period.label}.md", "pages/records_month.md.j2",
                     msg.RECORDS_MONTH.format(month=cn_month(r.period.label)), {"report": r, **shared})
                for r in year.months
            ]
            years.append((f"{label}年", [year_page, *month_pages]))
        section(
            msg.NAV_RECORDS,
            Page("records/index.md", "pages/records_index.md.j2", msg.NAV_RECORDS, {"records": records}),
            [page for _, group in years for page in group],
            grouped=years,
        )
    if content.notices:
        section(
            msg.NAV_NOTICES,
            Page(
                "notices/index.md", "pages/notice_index.md.j2", msg.NAV_NOTICES, {"notices": content.notices}
            ),
            [Page(f"notices/{n.id}.md", n.template, n.title, {"notice": n}) for n in content.notices],
        )
    files = records.files if records is not None and audience == "team" else {}
    printed = plan_outputs(project) if downloads else []
    links = {page.path: downloads_for_page(printed, audience, page.context.values()) for page in pages}
    return SitePlan(audience, pages, nav, dict(files), {k: v for k, v in links.items() if v})


def _banks_of(project: Project, module: TrainingModule) -> list[QuizBank]:
    return [b for b in project.banks if b.id in module.quizzes]


def mkdocs_config(project: Project, plan: SitePlan, docs_dir: Path, site_dir: Path) -> dict[str, Any]:
    site = project.config.site
    return {
        "site_name": site_title(project, plan.audience),
        "site_description": site.description,
        "copyright": site.copyright,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": False,  # pages must open from file:// on a tablet
        "theme": {
            "name": "material",
            "language": site.language,
            "font": False,  # no web-font request: the site must work offline
            "features": [
                "navigation.prune",  # keeps pages small when there are hundreds
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
        "markdown_extensions": [
            "tables",
            "attr_list",
            "md_in_html",
            "admonition",
            "def_list",
            "pymdownx.details",
            "pymdownx.superfences",
            {"toc": {"permalink": True, "toc_depth": 5}},
        ],
        "extra": {"polyfills": [SHIM_DEST], "generator": False},
        "extra_css": ["assets/stylesheets/pingan.css", *quiz_styles(plan)],
        "extra_javascript": quiz_scripts(plan),
        "nav": plan.nav,
    }


def site_title(project: Project, audience: Audience) -> str:
    site = project.config.site
    if audience == "team":
        return site.name
    return site.public_name or msg.PUBLIC_SITE_NAME.format(organisation=project.config.organisation.name)


def write_docs(
    project: Project,
    plan: SitePlan,
    renderer: Renderer,
    docs_dir: Path,
    on_page: Callable[[], None] | None = None,
) -> None:
    """Render every page of ``plan`` plus the static assets into ``docs_dir``."""
    writer = Writer(docs_dir)
    base = {
        "project": project,
        "config": project.config,
        "audience": plan.audience,
        "site_title": site_title(project, plan.audience),
    }
    for page in plan.pages:
        downloads = plan.downloads.get(page.path, [])
        context = {**base, "page": page, "downloads": downloads, **page.context}
        writer.write_text(page.path, renderer.render(page.template, context))
        if on_page:
            on_page()
    for rel, text in plan.files.items():
        writer.write_text(rel, text)
    writer.copy_file("assets/stylesheets/pingan.css", ASSETS / "pingan.css")
    writer.copy_file(SHIM_DEST, npm_asset("iframe-worker", "shim/index.js"))
    write_quiz_assets(writer, project, plan)


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
    config = yaml.safe_dump(
        mkdocs_config(project, plan, docs_dir, site_dir), allow_unicode=True, sort_keys=False
    )
    # Site name, description and copyright reach every page: mask them like page text.
    config_file.write_text(scrub(config), encoding="utf-8")
    return config_file


def build_site(
    project: Project,
    plan: SitePlan,
    site_dir: Path,
    renderer: Renderer,
    on_page: Callable[[], None] | None = None,
) -> None:
    """Render and build one site into ``site_dir`` (an empty staging folder)."""
    with tempfile.TemporaryDirectory(prefix=f"pingan-{plan.audience}-") as work:
        run_mkdocs(prepare_sources(project, plan, renderer, Path(work), site_dir, on_page))


def run_mkdocs(config_file: Path) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    for name in ("mkdocs", "jieba", "material"):
        logging.getLogger(name).setLevel(logging.ERROR)
    import jieba

    jieba.setLogLevel(logging.ERROR)
    try:
        build(load_config(config_file=str(config_file)))
    except MkDocsException as exc:
        raise SiteBuildError(str(exc)) from exc
