"""Plan one site: its pages, navigation, generated files and download links, before anything is written.

``plan_site`` asks every section function (``sections.SECTIONS``) what the
audience's content gives, sorts in any extra sections (the scorer's records) by
weight, and attaches to each page the printed files it links (``printing.downloads_for_page``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import messages as msg
from ..content import Audience, Content, Project
from ..content.schema import QuizBank
from ..printing import Download, Output, downloads_for_page
from .pages import BankPage, HomePage, NavItem, Page, nav_link
from .sections import SECTIONS, Section


@dataclass
class SitePlan:
    audience: Audience
    pages: list[Page]
    nav: list[NavItem]
    files: dict[str, str] = field(default_factory=dict)  # generated assets (charts), docs-relative
    downloads: dict[str, list[Download]] = field(default_factory=dict)  # page path → printed files it links

    @property
    def practice_banks(self) -> list[QuizBank]:
        """The banks that have a page here (only practice banks ever do)."""
        return [page.bank for page in self.pages if isinstance(page, BankPage) and not page.bank.is_exam]


def plan_site(
    project: Project,
    audience: Audience,
    extra: Sequence[Section] = (),
    outputs: list[Output] | None = None,
) -> SitePlan:
    """The pages of one site. ``extra``: sections from outside (kept only for their audiences);
    ``outputs``: the printed files (None: pages carry no download links)."""
    content = Content.for_audience(project, audience)
    sections = [section for build in SECTIONS.values() if (section := build(project, content))]
    sections += [section for section in extra if audience in section.audiences]
    sections.sort(key=lambda s: s.weight)  # stable: equal weights keep their order

    home = HomePage("index.md", msg.NAV_HOME, "pages/home.md.j2", content)
    pages = [home, *(page for section in sections for page in section.pages)]
    nav: list[NavItem] = [nav_link(home), *(section.nav() for section in sections)]
    files = {rel: text for section in sections for rel, text in section.files.items()}
    downloads: dict[str, list[Download]] = {}
    if outputs is not None:
        for page in pages:
            links = downloads_for_page(outputs, audience, page.documents)
            if links:
                downloads[page.path] = links
    return SitePlan(audience, pages, nav, files, downloads)
