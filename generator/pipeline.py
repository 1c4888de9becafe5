"""The whole build, top to bottom: load → validate → model → link → render → build → publish.

Both sites are built into staging folders first; only when both succeeded and
the public one passed the privacy scan are they swapped in. A failure at any
step leaves every previous output exactly as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from . import messages as msg
from .audience import Audience
from .privacy_guard import scan_public_site
from .project import Project, load_project
from .publish import staging_dir, swap_in
from .render import Renderer
from .scorer.site_pages import load_site_records
from .site import build_site, plan_site

ProgressHook = Callable[[str, int], Callable[[], None]]  # (label shown, total) → advance()


@dataclass
class BuildResult:
    project: Project
    outputs: dict[str, Path]
    seconds: float


def build(project: Project | Path, progress: ProgressHook | None = None) -> BuildResult:
    """Build both sites of ``project`` (a loaded Project, or a folder to load first)."""
    started = time.perf_counter()
    if not isinstance(project, Project):
        project = load_project(project)  # raises ContentError with every problem found
    renderer = Renderer(project.root)
    records = load_site_records(project)  # None when there is no records database yet
    audiences: tuple[Audience, ...] = ("team", "public")
    outputs = {audience: project.output_dir(audience) for audience in audiences}

    with ExitStack() as stack:
        staged: dict[str, Path] = {}
        for audience in audiences:
            staging = stack.enter_context(staging_dir(outputs[audience]))
            plan = plan_site(project, audience, records)
            label = msg.PROGRESS_SITE.format(site=msg.SITE_TEAM if audience == "team" else msg.SITE_PUBLIC)
            advance = progress(label, len(plan.pages)) if progress else None
            build_site(project, plan, staging, renderer, on_page=advance)
            staged[audience] = staging
        scan_public_site(project, staged["public"])  # raises before anything is swapped
        for audience, staging in staged.items():
            swap_in(staging, outputs[audience])
    return BuildResult(project, outputs, time.perf_counter() - started)
