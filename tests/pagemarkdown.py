"""Page Markdown as MkDocs renders it (Python-Markdown with the sites' extensions and settings,
before sanitising), for tests that check what a page shows."""

from __future__ import annotations

import markdown

from generator.site.markdown import MARKDOWN_EXTENSIONS


def page_markdown(source: str) -> str:
    # mkdocs.yml names an extension, or maps it to its settings; Python-Markdown takes both apart
    names = [e for e in MARKDOWN_EXTENSIONS if isinstance(e, str)]
    configs = {k: v for e in MARKDOWN_EXTENSIONS if isinstance(e, dict) for k, v in e.items()}
    return markdown.Markdown(extensions=[*names, *configs], extension_configs=configs).convert(source)
