"""Printable files from the same content model: official-layout PDFs, posters, handouts, forms, Word.

    kinds     the registry: one entry + one template per document kind (what, paper, where)
    fonts     the face of each role (仿宋, 小标宋, 黑体, 楷体, 宋体): licensed first, else free; CID TrueType
    html      print templates → HTML; content Markdown through one pandoc run; sanitised, scrubbed
    engine    Chromium through Playwright: one browser per run, several tabs at once
    lastpage  measure the PDF and print again: 版记 at the foot of the last even page, signature kept
    pdffix    makes Chromium's CJK text extract as typed (一 not ⼀)
    docx      the same HTML → Word through pandoc, with a GB/T 9704 reference document
    keys      what a printed file is made from, hashed: found in the cache without rendering it
    run       the print step: the cache (input keys, then HTML keys), batches, staging, publishing
    extract   the text of a printed file, for the public site's privacy scan
    textcache that text remembered by the file's content (``<project>/.pingan-cache/scan-text``)

``pingan build`` runs the print step before the sites (``pipeline.build``);
``pingan pdf`` runs only the print step (``print_only``).
"""

from .kinds import KINDS, Download, Kind, Output, downloads_for_page, plan_outputs
from .run import (
    AREAS,
    PRINT_OUTPUTS,
    PrintError,
    PrintResult,
    copy_downloads,
    print_folders,
    print_only,
    print_project,
    published,
)

__all__ = [
    "AREAS",
    "KINDS",
    "PRINT_OUTPUTS",
    "Download",
    "Kind",
    "Output",
    "PrintError",
    "PrintResult",
    "copy_downloads",
    "downloads_for_page",
    "plan_outputs",
    "print_folders",
    "print_only",
    "print_project",
    "published",
]
