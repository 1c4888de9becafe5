"""Stage 3 of the pipeline: Material for MkDocs sites, one per audience (team, public).

pages      typed page classes (one per page family) and the navigation tree
sections   one function per content kind → a ``Section`` (registry ``SECTIONS``)
plan       ``plan_site``: pages, navigation, generated files, download links
build      render pages, write mkdocs.yml, run ``mkdocs build`` into a staging folder
incremental what the last build of each site read: rebuild only the pages whose Markdown changed
quizpage   the interactive practice quiz: per-bank data files and scripts
hooks      the MkDocs hooks: sanitise every page's HTML, hand it to the search index
search     pingan's site search: page text in UTF-8 shards, and the worker that searches them
scan       the public site's last privacy gate, before anything is published
npm_assets browser files installed by npm, copied in at build time
"""

from .build import SiteBuildError, build_site, mkdocs_config, prepare_sources, site_title
from .pages import NavGroup, NavItem, NavLink, Page
from .plan import SitePlan, plan_site
from .scan import PrivacyLeak, scan_public_site
from .sections import SECTIONS, Section

__all__ = [
    "SECTIONS",
    "NavGroup",
    "NavItem",
    "NavLink",
    "Page",
    "PrivacyLeak",
    "Section",
    "SiteBuildError",
    "SitePlan",
    "build_site",
    "mkdocs_config",
    "plan_site",
    "prepare_sources",
    "scan_public_site",
    "site_title",
]
