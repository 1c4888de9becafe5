"""Is the built team site there and current? `pingan serve` builds it first when it is not.

Stale means: a content file (site_config.yml, content/, quizzes/, templates/) is newer
than the built site, or the site's quiz script is not this pingan's (a site built by an
older version cannot submit results to the server).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from ..content import Project
from ..site.quizpage import ASSETS, QUIZ_SCRIPT

INPUTS = ("site_config.yml", "content", "quizzes", "templates")


class SiteState(Enum):
    FRESH = "fresh"
    MISSING = "missing"
    STALE = "stale"


def site_state(project: Project) -> SiteState:
    site = project.paths.team_site
    index = site / "index.html"
    if not index.is_file():
        return SiteState.MISSING
    built = index.stat().st_mtime
    quiz = site / QUIZ_SCRIPT
    if quiz.is_file() and quiz.read_bytes() != (ASSETS / "quiz.js").read_bytes():
        return SiteState.STALE
    newest = max((_newest(project.root / name) for name in INPUTS), default=0.0)
    return SiteState.STALE if newest > built else SiteState.FRESH


def _newest(path: Path) -> float:
    if path.is_file():
        return path.stat().st_mtime
    if not path.is_dir():
        return 0.0
    return max((p.stat().st_mtime for p in path.rglob("*") if p.is_file()), default=0.0)
