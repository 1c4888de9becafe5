"""The pages of a site and its navigation, as typed objects.

A page is a small frozen dataclass: where it goes (``path``), its title, the
template that renders it, and the values its template needs as fields. The
template sees exactly those fields by name (``context()``), beside the base
context every page gets (``build.base_context``). A page also says which content
documents it shows (``documents``), so the printer's download links find it
without guessing.

The navigation is a tree of ``NavLink`` and ``NavGroup``; ``mkdocs_nav`` turns
it into the list MkDocs' ``nav:`` setting expects.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ..content import Content
from ..content.link import Target
from ..content.schema import Document, Notice, Policy, QuizBank, Rules, TrainingModule
from ..escape import html_text

_BASE_FIELDS = ("path", "title", "template")


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative Markdown path, e.g. notices/n2024-03.md
    title: str
    template: str  # under templates/, e.g. pages/notice.md.j2

    def context(self) -> dict[str, Any]:
        """The page's own values, by field name, for its template."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _BASE_FIELDS}

    @property
    def documents(self) -> tuple[Document, ...]:
        """The content documents this page shows (their printed files are linked from it)."""
        return ()

    @property
    def year(self) -> int | None:
        """The year the page belongs to in a long navigation list (None: not dated)."""
        return None


@dataclass(frozen=True)
class HomePage(Page):
    content: Content


@dataclass(frozen=True)
class PolicyIndexPage(Page):
    policies: list[Policy]


@dataclass(frozen=True)
class PolicyPage(Page):
    policy: Policy

    @classmethod
    def of(cls, policy: Policy) -> PolicyPage:
        return cls(f"policies/{policy.id}.md", policy.title, policy.template, policy)

    @property
    def year(self) -> int | None:
        return self.policy.date.year

    @property
    def documents(self) -> tuple[Document, ...]:
        return (self.policy,)


@dataclass(frozen=True)
class RulesPage(Page):
    rules: Rules

    @classmethod
    def of(cls, rules: Rules) -> RulesPage:
        return cls(f"rules/{rules.id}.md", rules.title, rules.template, rules)

    @property
    def documents(self) -> tuple[Document, ...]:
        return (self.rules,)


@dataclass(frozen=True)
class ModuleIndexPage(Page):
    months: list[tuple[str, list[TrainingModule]]]  # (2024年6月, that month's modules)


@dataclass(frozen=True)
class ModulePage(Page):
    module: TrainingModule
    banks: list[QuizBank]

    @classmethod
    def of(cls, module: TrainingModule, banks: list[QuizBank]) -> ModulePage:
        return cls(f"modules/{module.id}.md", module.title, module.template, module, banks)

    @property
    def year(self) -> int | None:
        return int(self.module.month[:4])

    @property
    def documents(self) -> tuple[Document, ...]:
        return (self.module,)


@dataclass(frozen=True)
class BankIndexPage(Page):
    banks: list[QuizBank]


@dataclass(frozen=True)
class BankPage(Page):
    """A practice bank's page (exam banks never get one)."""

    bank: QuizBank
    sources: dict[str, Target | None]  # question id → where its source reference points

    @classmethod
    def of(cls, bank: QuizBank, sources: dict[str, Target | None]) -> BankPage:
        return cls(f"banks/{bank.id}.md", bank.title, bank.template, bank, sources)

    @property
    def documents(self) -> tuple[Document, ...]:
        return (self.bank,)


@dataclass(frozen=True)
class NoticeIndexPage(Page):
    notices: list[Notice]


@dataclass(frozen=True)
class NoticePage(Page):
    notice: Notice

    @classmethod
    def of(cls, notice: Notice) -> NoticePage:
        return cls(f"notices/{notice.id}.md", notice.title, notice.template, notice)

    @property
    def year(self) -> int | None:
        return self.notice.date.year

    @property
    def documents(self) -> tuple[Document, ...]:
        return (self.notice,)


# --- navigation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NavLink:
    title: str
    path: str


@dataclass(frozen=True)
class NavGroup:
    title: str
    children: tuple[NavLink | NavGroup, ...]


NavItem = NavLink | NavGroup


def nav_link(page: Page) -> NavLink:
    return NavLink(page.title, page.path)


def mkdocs_nav(items: list[NavItem] | tuple[NavItem, ...]) -> list[dict[str, Any]]:
    """The tree as MkDocs' ``nav:`` setting: ``[{title: path}, {title: [...]}, …]``.

    MkDocs and Material print navigation titles as HTML, so the (plain-text) titles are escaped.
    """
    return [
        {html_text(item.title): item.path}
        if isinstance(item, NavLink)
        else {html_text(item.title): mkdocs_nav(item.children)}
        for item in items
    ]
