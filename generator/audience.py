"""Who sees what: the one place that decides what reaches the public site."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .project import Project
from .schema import Notice, Policy, QuizBank, RuleCode, TrainingModule

Audience = Literal["team", "public"]


@dataclass
class Content:
    """What one audience may see. The public filter lives here and nowhere else."""

    policies: list[Policy]
    codes: list[RuleCode]
    modules: list[TrainingModule]
    notices: list[Notice]
    banks: list[QuizBank]

    @classmethod
    def for_audience(cls, project: Project, audience: Audience) -> Content:
        if audience == "team":
            return cls(project.policies, project.codes, project.modules, project.notices, project.banks)
        sections = project.config.public.sections
        return cls(
            policies=[p for p in project.policies if p.public and "policies" in sections],
            codes=[c for c in project.codes if c.public and "rules" in sections],
            modules=[],  # training material is for members only
            notices=[n for n in project.notices if n.public and "notices" in sections],
            banks=[],  # questions never go public
        )
