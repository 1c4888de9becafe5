"""MkDocs hooks loaded into every pingan site build.

Content Markdown may contain raw HTML. After MkDocs renders a page, its HTML is
sanitised with nh3: scripts, event handlers, iframes and ``javascript:`` links
are removed, while the markup that Markdown and Material produce is kept.
"""

from __future__ import annotations

import nh3

_TAGS = set(nh3.ALLOWED_TAGS) | {
    "details",
    "summary",
    "div",
    "span",
    "section",
    "figure",
    "figcaption",
    "mark",
    "ins",
    "del",
    "sub",
    "sup",
    "u",
    "hr",
    "br",
    "input",
    "label",
}
_COMMON = {"class", "id", "title", "lang"}
_ATTRIBUTES = {
    "*": _COMMON,
    "a": _COMMON | {"href", "name"},
    "img": _COMMON | {"src", "alt", "width", "height"},
    "td": _COMMON | {"style", "colspan", "rowspan", "align"},
    "th": _COMMON | {"style", "colspan", "rowspan", "align"},
    "ol": _COMMON | {"start", "type"},
    "details": _COMMON | {"open"},
    "input": _COMMON | {"type", "checked", "disabled"},
}


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        filter_style_properties={"text-align"},
        link_rel=None,
        strip_comments=True,
    )


def on_page_content(html: str, **_: object) -> str:
    return sanitize(html)
