"""The sections of a site, one function per content kind (like the printer's ``KINDS``).

Each function gets the project and what one audience may see of it
(``Content.for_audience``), and returns a ``Section`` (its index page, its pages,
how they are grouped in the navigation), or None when there is nothing to show.
``weight`` orders the sections; a section from outside the site package (the
records section, from the scorer) is passed to ``plan_site`` and sorted in by
its own weight.

To add a kind: write one function here, add it to ``SECTIONS``, add its page
class to ``pages.py`` and its templates to ``templates/pages/``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import messages as msg
from ..content import AUDIENCES, Audience, Content, Project
from ..content.link import resolve_source
from ..render import cn_month
from .pages import (
    BankIndexPage,
    BankPage,
    ModuleIndexPage,
    ModulePage,
    NavGroup,
    NavItem,
    NoticeIndexPage,
    NoticePage,
    Page,
    PolicyIndexPage,
    PolicyPage,
    RulesPage,
    nav_link,
)

Group = tuple[str | None, tuple[Page, ...]]  # (sub-heading in the navigation or None, pages)
NAV_FLAT_LIMIT = 30  # a section with more pages than this is listed by year in the navigation


@dataclass(frozen=True)
class Section:
    label: str  # the navigation heading
    weight: int  # smaller comes first
    index: Page | None
    groups: tuple[Group, ...]
    files: dict[str, str] = field(default_factory=dict)  # generated assets (charts), docs-relative
    audiences: frozenset[Audience] = frozenset(AUDIENCES)

    @property
    def pages(self) -> list[Page]:
        return ([self.index] if self.index else []) + [p for _, pages in self.groups for p in pages]

    def nav(self) -> NavGroup:
        entries: list[NavItem] = [nav_link(self.index)] if self.index else []
        grouped: list[tuple[int | None, NavItem]] = []
        for title, pages in self.groups:
            links = [(p.year, nav_link(p)) for p in pages]
            grouped.extend(
                links if title is None else [(pages[0].year, NavGroup(title, tuple(i for _, i in links)))]
            )
        entries.extend(by_year(grouped) if len(self.pages) > NAV_FLAT_LIMIT else [i for _, i in grouped])
        return NavGroup(self.label, tuple(entries))


def by_year(items: list[tuple[int | None, NavItem]]) -> list[NavItem]:
    """A long list as one group per year (in the list's own order), so a page's navigation stays short.

    Material renders the groups a page is not in as one link each (navigation.prune): a module
    page of a ten-year project lists ten years and its own year's months, not every month.
    """
    years = {year for year, _ in items}
    if len(years) < 2 or None in years:
        return [item for _, item in items]
    return [
        NavGroup(msg.NAV_YEAR.format(year=year), tuple(item for _, item in group))
        for year, group in itertools.groupby(items, key=lambda pair: pair[0])
    ]


SectionBuilder = Callable[[Project, Content], Section | None]


def policies(project: Project, content: Content) -> Section | None:
    if not content.policies:
        return None
    index = PolicyIndexPage(
        "policies/index.md", msg.NAV_POLICIES, "pages/policy_index.md.j2", content.policies
    )
    return Section(msg.NAV_POLICIES, 10, index, ((None, tuple(map(PolicyPage.of, content.policies))),))


def rules(project: Project, content: Content) -> Section | None:
    if not content.rules:
        return None
    return Section(msg.NAV_RULES, 20, None, ((None, tuple(map(RulesPage.of, content.rules))),))


def modules(project: Project, content: Content) -> Section | None:
    if not content.modules:
        return None
    by_month = [
        (cn_month(month), list(group))
        for month, group in itertools.groupby(content.modules, lambda m: m.month)
    ]
    index = ModuleIndexPage("modules/index.md", msg.NAV_MODULES, "pages/module_index.md.j2", by_month)
    groups = tuple(
        (label, tuple(ModulePage.of(m, project.banks_of(m)) for m in group)) for label, group in by_month
    )
    return Section(msg.NAV_MODULES, 30, index, groups)


def banks(project: Project, content: Content) -> Section | None:
    if not content.banks:
        return None
    index = BankIndexPage("banks/index.md", msg.NAV_BANKS, "pages/bank_index.md.j2", content.banks)
    pages = tuple(
        BankPage.of(b, {q.id: resolve_source(project, q.source) for q in b.questions if q.source})
        for b in content.banks
        if not b.is_exam  # exam banks get no page: their questions stay off every site
    )
    return Section(msg.NAV_BANKS, 40, index, ((None, pages),))


def notices(project: Project, content: Content) -> Section | None:
    if not content.notices:
        return None
    index = NoticeIndexPage("notices/index.md", msg.NAV_NOTICES, "pages/notice_index.md.j2", content.notices)
    return Section(msg.NAV_NOTICES, 60, index, ((None, tuple(map(NoticePage.of, content.notices))),))


SECTIONS: dict[str, SectionBuilder] = {
    "policies": policies,
    "rules": rules,
    "modules": modules,
    "banks": banks,
    "notices": notices,
}
