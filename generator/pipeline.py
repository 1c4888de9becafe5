"""The whole build, top to bottom: load → plan → print → build sites → scan → publish.

Printable files (PDF, Word) and both sites are built into staging folders first;
each site gets copies of the printed files its pages link. Only when everything
succeeded and the public site passed the privacy scan (PDFs included) are they
swapped in. A failure at any step leaves every previous output exactly as it was.

This is the one module that joins the stages side by side: the scorer's records
become an extra section of the team site here, so ``site`` never imports ``scorer``.
A records database that cannot be read (locked, corrupt, unreachable…) does not
stop the build: the sites are built without 台账统计, with a warning saying why.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from . import messages as msg
from .content import AUDIENCES, Project, load_project
from .messages import scorer as smsg
from .printing import PrintResult, copy_downloads, plan_outputs, print_project, publish_prints, staged_prints
from .publish import staging_dir, swap_in
from .render import Renderer
from .scorer.faults import RecordsError
from .scorer.site_pages import load_site_records, records_section
from .site import Section, build_site, plan_site, scan_public_site

ProgressHook = Callable[[str, int], Callable[[], None]]  # (label shown, total) → advance()


@dataclass
class BuildResult:
    project: Project
    outputs: dict[str, Path]
    seconds: float
    prints: PrintResult | None = None
    warnings: list[str] = field(default_factory=list)  # what was left out, and why


def build(project: Project | Path, progress: ProgressHook | None = None, prints: bool = True) -> BuildResult:
    """Build both sites of ``project`` (a loaded Project, or a folder to load first).

    ``prints=False`` builds the sites only: nothing is printed and pages carry no download links.
    """
    started = time.perf_counter()
    if not isinstance(project, Project):
        project = load_project(project)  # raises ContentError with every problem found
    renderer = Renderer(project.root)
    extra, warnings = _records_sections(project)
    outputs = plan_outputs(project) if prints else None
    sites = {audience: project.paths.site(audience) for audience in AUDIENCES}

    with ExitStack() as stack:
        printed: PrintResult | None = None
        if outputs is not None:
            print_folders = stack.enter_context(staged_prints(project))
            printed = print_project(project, renderer, print_folders, progress=progress, outputs=outputs)
        staged: dict[str, Path] = {}
        for audience in AUDIENCES:
            staging = stack.enter_context(staging_dir(sites[audience]))
            plan = plan_site(project, audience, extra, outputs)
            label = msg.PROGRESS_SITE.format(site=msg.SITE_TEAM if audience == "team" else msg.SITE_PUBLIC)
            advance = progress(label, len(plan.pages)) if progress else None
            build_site(project, plan, staging, renderer, on_page=advance)
            if printed is not None:
                copy_downloads(printed, plan.downloads, staging)  # only what this site's pages link
            staged[audience] = staging
        scan_public_site(project, staged["public"])  # raises before anything is swapped
        for audience, staging in staged.items():
            swap_in(staging, sites[audience])
        if printed is not None:
            publish_prints(project, print_folders, printed)
    return BuildResult(project, sites, time.perf_counter() - started, printed, warnings)


def _records_sections(project: Project) -> tuple[list[Section], list[str]]:
    """台账统计 for the team site: none without a database; none, with a warning, when it cannot be read."""
    try:
        records = load_site_records(project)
    except RecordsError as exc:
        return [], [smsg.RECORDS_SKIPPED.format(reason=exc)]
    return ([records_section(project, records)] if records is not None else []), []
