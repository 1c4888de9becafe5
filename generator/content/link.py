"""Cross-references between documents, checked after everything has loaded.

``resolve_source`` is the one place that understands a question's ``source``
reference; the link check and the page renderer both call it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import messages as msg
from ..diagnostics import Diagnostic, Severity
from .model import Project
from .privacy_rules import public_content_problems
from .schema import Document

_SOURCE_KINDS = {"policy": "policies", "rule": "rules", "module": "modules"}  # source prefix → reader
SOURCE_RE = re.compile(r"^(policy|rule|module):([a-z0-9][a-z0-9-]*)(?:#([A-Za-z0-9.-]+))?$")


@dataclass(frozen=True)
class Target:
    """Where a reference points: a page of the team site and an anchor on it."""

    page: str  # docs-relative path, e.g. policies/work-plan-2024.md
    anchor: str
    label: str


def link(project: Project, incomplete: set[str] | frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Cross-document checks. ``incomplete`` names reader kinds ("banks", "policies", …)
    with a file that failed to validate: references into those are not judged."""
    diagnostics: list[Diagnostic] = []
    for kind, documents in (
        ("policy", project.policies),
        ("rules", project.rules),
        ("module", project.modules),
        ("notice", project.notices),
        ("bank", project.banks),
    ):
        diagnostics.extend(_duplicate_ids(kind, documents))

    bank_ids = [b.id for b in project.banks]
    for module in project.modules if "banks" not in incomplete else []:
        for n, bank_id in enumerate(module.quizzes):
            if bank_id not in bank_ids:
                diagnostics.append(
                    module._source.diagnostic(
                        ("quizzes", n),
                        msg.UNKNOWN_QUIZ.format(id=bank_id),
                        msg.UNKNOWN_QUIZ_HINT.format(known="、".join(bank_ids) or "（无）"),
                    )
                )

    for bank in project.banks:
        for n, question in enumerate(bank.questions):
            if question.source is None:
                continue
            problem = source_problem(project, question.source)
            if problem and _SOURCE_KINDS.get(question.source.split(":", 1)[0]) not in incomplete:
                diagnostics.append(bank._source.diagnostic(("questions", n, "source"), *problem))

    if "roster" not in incomplete:
        diagnostics.extend(public_content_problems(project))
    if not incomplete and not _has_public_content(project):
        diagnostics.append(
            Diagnostic(
                "site_config.yml",
                0,
                0,
                "public",
                msg.PUBLIC_SECTION_EMPTY,
                msg.PUBLIC_SECTION_EMPTY_HINT,
                Severity.WARNING,
            )
        )
    return diagnostics


def _duplicate_ids(kind: str, documents: Iterable[Document]) -> list[Diagnostic]:
    first: dict[str, Document] = {}
    found = []
    for document in sorted(documents, key=lambda d: d.source_rel):
        doc_id = document.id  # type: ignore[attr-defined]
        if doc_id in first:
            found.append(
                document._source.diagnostic(
                    ("id",),
                    msg.DUPLICATE_ID.format(id=doc_id, other=first[doc_id].source_rel),
                    msg.DUPLICATE_ID_HINT.format(kind=msg.KIND_NAMES[kind]),
                )
            )
        else:
            first[doc_id] = document
    return found


def _has_public_content(project: Project) -> bool:
    sections = project.config.public.sections
    return (
        ("notices" in sections and any(n.public for n in project.notices))
        or ("policies" in sections and any(p.public for p in project.policies))
        or ("rules" in sections and any(r.public for r in project.rules))
    )


def source_problem(project: Project, ref: str) -> tuple[str, str] | None:
    """Why ``ref`` does not resolve, as (message, hint); None when it does."""
    m = SOURCE_RE.match(ref.strip())
    if not m:
        return msg.BAD_SOURCE_FORM.format(value=ref), msg.BAD_SOURCE_FORM_HINT
    kind, doc_id, part = m.groups()
    if kind == "policy":
        policy = next((p for p in project.policies if p.id == doc_id), None)
        if policy is None:
            return _unknown("policy", doc_id, [p.id for p in project.policies])
        if part and policy.find_section(part) is None:
            known = [s.id or s.path for _, s in policy.walk_sections()]
            return _unknown("section", f"{doc_id}#{part}", known)
    elif kind == "rule":
        rules = next((r for r in project.rules if r.id == doc_id), None)
        if rules is None:
            return _unknown("rules", doc_id, [r.id for r in project.rules])
        if part and rules.find_item(part) is None:
            return _unknown("rule", f"{doc_id}#{part}", [i.id for i in rules.items])
    elif project_module(project, doc_id) is None:
        return _unknown("module", doc_id, [mo.id for mo in project.modules])
    elif part:
        return msg.MODULE_SOURCE_PART.format(part=part), msg.MODULE_SOURCE_PART_HINT
    return None


def resolve_source(project: Project, ref: str) -> Target | None:
    """The page and anchor a valid reference points to (None if it does not resolve)."""
    m = SOURCE_RE.match(ref.strip())
    if not m or source_problem(project, ref):
        return None
    kind, doc_id, part = m.groups()
    if kind == "policy":
        policy = next(p for p in project.policies if p.id == doc_id)
        section = policy.find_section(part) if part else None
        label = f"《{policy.title}》" + (f" {section.label}{section.title}" if section else "")
        return Target(f"policies/{doc_id}.md", section.anchor if section else "", label)
    if kind == "rule":
        rules = next(r for r in project.rules if r.id == doc_id)
        item = rules.find_item(part) if part else None
        label = f"《{rules.title}》" + (f" {item.label}" if item else "")
        return Target(f"rules/{doc_id}.md", item.id if item else "", label)
    module = project_module(project, doc_id)
    assert module is not None
    return Target(f"modules/{doc_id}.md", "", f"《{module.title}》")


def project_module(project: Project, module_id: str):
    return project.modules_by_id.get(module_id)


def _unknown(kind: str, target: str, known: list[str]) -> tuple[str, str]:
    shown = "、".join(known[:12]) + ("…" if len(known) > 12 else "")
    return (
        msg.UNKNOWN_SOURCE.format(kind=msg.KIND_NAMES[kind], target=target),
        msg.UNKNOWN_SOURCE_HINT.format(known=shown or "（无）"),
    )
