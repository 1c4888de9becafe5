"""The whole build, top to bottom: load → plan → print → build sites → scan → publish.

Printable files (PDF, Word) and both sites are built into staging folders first;
each site gets copies of the printed files its pages link. Only when everything
succeeded and the public site passed the privacy scan (PDFs included) are they
swapped in. A failure at any step leaves every previous output exactly as it was.
The public site is built and scanned in a second process while the team site is
built in this one (``parallel``). Outputs of a build without warnings carry a
fingerprint of its inputs (``content.stamp``), which tells the next build, before
it loads anything, that it would write the same bytes.
A records database that cannot be read (locked, corrupt, unreachable…) does not
stop the build: the sites are built without 台账统计, with a warning saying why.

This is the one module that joins the stages side by side: the scorer's records
become an extra section of the team site here, so ``site`` never imports ``scorer``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import messages as msg
from ..content import AUDIENCES, OUTPUT_NAMES, Audience, OutputName, Project, load_project, stage_outputs
from ..content.stamp import BuildKey, build_outputs, write_stamps
from ..messages import outputs as otext
from ..messages import scorer as smsg
from ..parallel import Child
from ..printing import (
    PrintResult,
    copy_downloads,
    plan_outputs,
    print_folders,
    print_project,
    published,
)
from ..printing.kinds import Output
from ..publish import writing
from ..render import Renderer
from ..site import SitePlan, build_site, plan_site, scan_public_site
from ..site.build import SiteBuilt
from ..site.incremental import SiteCache

if TYPE_CHECKING:
    from ..scorer.site_pages import SiteRecords
    from ..site.sections import Section

ProgressHook = Callable[[str, int], Callable[[], None]]  # (label shown, total) → advance()
SITE_OUTPUTS: dict[Audience, OutputName] = {"team": "team_site", "public": "public_site"}


@dataclass
class BuildResult:
    project: Project
    outputs: dict[str, Path]
    seconds: float
    prints: PrintResult | None = None
    warnings: list[str] = field(default_factory=list)  # what was left out, and why
    sites: dict[Audience, SiteBuilt] = field(default_factory=dict)  # every page, or only the changed ones


def build(
    project: Project | Path,
    progress: ProgressHook | None = None,
    prints: bool = True,
    key: BuildKey | None = None,
) -> BuildResult:
    """Build both sites of ``project`` (a loaded Project, or a folder to load first).

    ``prints=False`` builds the sites only: nothing is printed, pages carry no download
    links, and the print and trainer folders are left as they are. ``key`` (``content.stamp.build_key``,
    taken before the project was loaded) is stamped into the outputs of a build without
    warnings, so the next build with the same inputs can stop at ``unchanged``.
    """
    started = time.perf_counter()
    if not isinstance(project, Project):
        project = load_project(project)  # raises ContentError with every problem found
    renderer = Renderer(project.root)
    records, warnings = load_records(project)
    extra: list[Section] = []
    if records is not None:
        from ..scorer.site_pages import records_section  # records exist: the scorer is imported already

        extra.append(records_section(project, records))
    outputs = print_plan(project, records) if prints else None
    names = build_outputs(prints)
    caches = site_caches(project)

    with stage_outputs(project.paths, project.config, names) as staging:
        printed: PrintResult | None = None
        if outputs is not None:
            with writing(otext.WHAT_PRINTS, project.paths.print_dir):
                folders = print_folders(staging)
                printed = print_project(project, renderer, folders, progress=progress, outputs=outputs)
        plans = {audience: plan_site(project, audience, extra, outputs) for audience in AUDIENCES}
        built = _build_sites(project, renderer, plans, staging.folders, printed, progress, caches)
        if key is not None and not project.warnings and not warnings:
            write_stamps(key, staging.folders)
        staging.publish()  # every output at once, or none
        for audience, cache in caches.items():
            if cache is not None:
                cache.commit(project.paths.site(audience))  # still holding the lock: no build in between
    if printed is not None:
        published(project, printed)
    sites = {audience: project.paths.site(audience) for audience in AUDIENCES}
    return BuildResult(project, sites, time.perf_counter() - started, printed, warnings, built)


def site_caches(project: Project) -> dict[Audience, SiteCache | None]:
    """Each site's record of its last build (``site.incremental``), None where it cannot be kept."""
    outputs = [project.paths.output(name) for name in OUTPUT_NAMES]
    return {audience: SiteCache.open(project.paths.cache_dir, audience, outputs) for audience in AUDIENCES}


def _build_sites(
    project: Project,
    renderer: Renderer,
    plans: dict[Audience, SitePlan],
    folders: dict[str, Path],
    printed: PrintResult | None,
    progress: ProgressHook | None,
    caches: dict[Audience, SiteCache | None],
) -> dict[Audience, SiteBuilt]:
    """The public site (and its privacy scan) in a second process while this one builds the team site."""

    def public() -> SiteBuilt:
        public_site = folders[SITE_OUTPUTS["public"]]
        built = _build_one(project, renderer, plans["public"], public_site, printed, None, caches["public"])
        scan_public_site(project, public_site)  # raises before anything is swapped
        if project.keep_documents is not None:  # here, beside the team site's build
            project.keep_documents()
        return built

    child = Child(public)
    try:
        team_site = folders[SITE_OUTPUTS["team"]]
        team = _build_one(project, renderer, plans["team"], team_site, printed, progress, caches["team"])
        return {"team": team, "public": child.wait()}
    finally:
        child.stop()


def _build_one(
    project: Project,
    renderer: Renderer,
    plan: SitePlan,
    folder: Path,
    printed: PrintResult | None,
    progress: ProgressHook | None,
    cache: SiteCache | None,
) -> SiteBuilt:
    site_name = msg.SITE_TEAM if plan.audience == "team" else msg.SITE_PUBLIC
    advance = progress(msg.PROGRESS_SITE.format(site=site_name), len(plan.pages)) if progress else None
    what = otext.WHAT_TEAM_SITE if plan.audience == "team" else otext.WHAT_PUBLIC_SITE
    with writing(what, project.paths.site(plan.audience)):
        built = build_site(project, plan, folder, renderer, on_page=advance, cache=cache)
        if printed is not None:
            copy_downloads(printed, plan.downloads, folder)  # only what this site's pages link
    return built


def load_records(project: Project) -> tuple[SiteRecords | None, list[str]]:
    """The records for 台账统计 and the ledgers: none without a database; none, with a warning,
    when it cannot be read."""
    if not project.paths.records_exist:
        return None, []
    # Only now: the scorer brings SQLAlchemy (about 0.5 s to import), which a project without
    # records never needs.
    from ..scorer.faults import RecordsError
    from ..scorer.site_pages import load_site_records

    try:
        return load_site_records(project), []
    except RecordsError as exc:
        return None, [smsg.RECORDS_SKIPPED.format(reason=exc)]


def print_plan(project: Project, records: SiteRecords | None) -> list[Output]:
    """Every file printed: the content's, and a ledger (PDF, and HTML to read) per year of records
    for the trainer folder. Both come round again on every build, so nothing in the trainer
    folder is lost when the build replaces it."""
    outputs = plan_outputs(project)
    if records is not None:
        from ..scorer.ledger import ledger_outputs  # records exist: the scorer is imported already

        outputs += ledger_outputs([year.report for year in records.years], project)
    return outputs
