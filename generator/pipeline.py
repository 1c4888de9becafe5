"""The whole build, top to bottom: load → plan → print → build sites → scan → publish.

Printable files (PDF, Word) and both sites are built into staging folders first;
each site gets copies of the printed files its pages link. Only when everything
succeeded and the public site passed the privacy scan (PDFs included) are they
swapped in. A failure at any step leaves every previous output exactly as it was.
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

from . import messages as msg
from .content import AUDIENCES, Audience, OutputName, Project, load_project, stage_outputs
from .messages import outputs as otext
from .messages import scorer as smsg
from .printing import (
    PRINT_OUTPUTS,
    PrintResult,
    copy_downloads,
    plan_outputs,
    print_folders,
    print_project,
    published,
)
from .printing.kinds import Output
from .publish import writing
from .render import Renderer
from .scorer.faults import RecordsError
from .scorer.ledger import ledger_outputs
from .scorer.site_pages import SiteRecords, load_site_records, records_section
from .site import build_site, plan_site, scan_public_site

ProgressHook = Callable[[str, int], Callable[[], None]]  # (label shown, total) → advance()
SITE_OUTPUTS: dict[Audience, OutputName] = {"team": "team_site", "public": "public_site"}


@dataclass
class BuildResult:
    project: Project
    outputs: dict[str, Path]
    seconds: float
    prints: PrintResult | None = None
    warnings: list[str] = field(default_factory=list)  # what was left out, and why


def build(project: Project | Path, progress: ProgressHook | None = None, prints: bool = True) -> BuildResult:
    """Build both sites of ``project`` (a loaded Project, or a folder to load first).

    ``prints=False`` builds the sites only: nothing is printed, pages carry no download
    links, and the print and trainer folders are left as they are.
    """
    started = time.perf_counter()
    if not isinstance(project, Project):
        project = load_project(project)  # raises ContentError with every problem found
    renderer = Renderer(project.root)
    records, warnings = load_records(project)
    extra = [records_section(project, records)] if records is not None else []
    outputs = print_plan(project, records) if prints else None
    names = [*SITE_OUTPUTS.values(), *(PRINT_OUTPUTS.values() if prints else ())]

    with stage_outputs(project.paths, project.config, names) as staging:
        printed: PrintResult | None = None
        if outputs is not None:
            with writing(otext.WHAT_PRINTS, project.paths.print_dir):
                folders = print_folders(staging)
                printed = print_project(project, renderer, folders, progress=progress, outputs=outputs)
        for audience in AUDIENCES:
            folder = staging.folder(SITE_OUTPUTS[audience])
            plan = plan_site(project, audience, extra, outputs)
            site_name = msg.SITE_TEAM if audience == "team" else msg.SITE_PUBLIC
            advance = (
                progress(msg.PROGRESS_SITE.format(site=site_name), len(plan.pages)) if progress else None
            )
            what = otext.WHAT_TEAM_SITE if audience == "team" else otext.WHAT_PUBLIC_SITE
            with writing(what, project.paths.site(audience)):
                build_site(project, plan, folder, renderer, on_page=advance)
                if printed is not None:
                    copy_downloads(printed, plan.downloads, folder)  # only what this site's pages link
        scan_public_site(project, staging.folder("public_site"))  # raises before anything is swapped
        staging.publish()  # every output at once, or none
    if printed is not None:
        published(project, printed)
    sites = {audience: project.paths.site(audience) for audience in AUDIENCES}
    return BuildResult(project, sites, time.perf_counter() - started, printed, warnings)


def load_records(project: Project) -> tuple[SiteRecords | None, list[str]]:
    """The records for 台账统计 and the ledgers: none without a database; none, with a warning,
    when it cannot be read."""
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
        outputs += ledger_outputs([year.report for year in records.years], project)
    return outputs
