"""MkDocs hooks loaded into every pingan site build (``hooks:`` in the generated mkdocs.yml).

MkDocs loads this file by path, outside the package: it must import only what
it needs, absolutely. After MkDocs renders a page, its HTML is sanitised.
"""

from __future__ import annotations

from generator.sanitize import sanitize


def on_page_content(html: str, **_: object) -> str:
    return sanitize(html)
