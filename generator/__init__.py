"""pingan: YAML content → validated model → offline Material for MkDocs sites, prints and a records ledger.

The pipeline, one package per stage (top imports bottom, never the other way;
tests/test_architecture.py enforces it; docs/architecture.md explains it):

    cli/          thin click commands; catches PinganError once
    pipeline      the whole build as one readable function (joins scorer and site)
    scorer/       records: imports, grading, compliance, reports, the 台账统计 site section
    site/         plan (typed pages, one section per kind) → mkdocs build → privacy scan
    printing/     PDFs and Word files: kinds registry, HTML, Chromium, cache
    quizformats/  GIFT / Aiken / Moodle XML in and out; the quiz result-file contract
    imports/      existing official documents (.docx/.md/.txt) → policy or notice YAML
    content/      load → validate → model → link: one typed, checked Project

    shared leaves: messages/ (every user-facing string), errors (PinganError),
    diagnostics, privacy/ (numbers in any spelling, masking per target, names, roster matching),
    sanitize (HTML),
    render (the one Jinja environment), writer, publish (staging + atomic swap),
    textio (decoding, YAML writing, string walking), yamledit (a YAML file's text edited in
    place: roster.yml), dates
"""

__version__ = "0.1.0"
