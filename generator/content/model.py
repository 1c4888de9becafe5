"""The typed content of one project, and who may see what of it.

``Project`` is what the load stage hands to every later stage; ``Content`` is
the part of it one audience (team or public) may see: the public filter lives
here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from .. import messages as msg
from ..diagnostics import Diagnostic
from .paths import ProjectPaths
from .schema import Notice, Policy, QuizBank, Roster, Rules, SiteConfig, TrainingModule

Audience = Literal["team", "public"]
AUDIENCES: tuple[Audience, ...] = ("team", "public")


@dataclass
class Project:
    root: Path
    config: SiteConfig
    policies: list[Policy] = field(default_factory=list)
    rules: list[Rules] = field(default_factory=list)
    modules: list[TrainingModule] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    banks: list[QuizBank] = field(default_factory=list)
    roster: Roster = field(default_factory=Roster)
    warnings: list[Diagnostic] = field(default_factory=list)
    # Writes what the load read afresh to the document cache (``filecache``), when the caller asked
    # to do that later (``load_project(keep_later=True)``: a build, off its critical path).
    keep_documents: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def paths(self) -> ProjectPaths:
        return ProjectPaths.of(self.root, self.config)

    @cached_property
    def modules_by_id(self) -> dict[str, TrainingModule]:
        """Each module by its id (the first, if a project repeats one: the check reports that)."""
        found: dict[str, TrainingModule] = {}
        for module in self.modules:
            found.setdefault(module.id, module)
        return found

    def banks_of(self, module: TrainingModule) -> list[QuizBank]:
        """The banks a module names, in the project's order."""
        return [b for b in self.banks if b.id in module.quizzes]

    def summary(self) -> str:
        return msg.SUMMARY.format(
            policies=len(self.policies),
            rules=len(self.rules),
            modules=len(self.modules),
            notices=len(self.notices),
            banks=len(self.banks),
            questions=sum(len(b.questions) for b in self.banks),
            members=len(self.roster.members),
        )


@dataclass
class Content:
    """What one audience may see."""

    policies: list[Policy]
    rules: list[Rules]
    modules: list[TrainingModule]
    notices: list[Notice]
    banks: list[QuizBank]

    @classmethod
    def for_audience(cls, project: Project, audience: Audience) -> Content:
        if audience == "team":
            return cls(project.policies, project.rules, project.modules, project.notices, project.banks)
        sections = project.config.public.sections
        return cls(
            policies=[p for p in project.policies if p.public and "policies" in sections],
            rules=[r for r in project.rules if r.public and "rules" in sections],
            modules=[],  # training material is for members only
            notices=[n for n in project.notices if n.public and "notices" in sections],
            banks=[],  # questions never go public
        )
