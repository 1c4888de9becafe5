"""Existing official documents → content YAML (`pingan import-doc`).

docparse  the GB/T 9704 recogniser: tidied lines → number, issuer, title,
          addressees, headings 一、→（一）→ 1. →（1）, signature, 版记
document  read .docx/.md/.txt, run the recogniser, write policy or notice YAML,
          validate it with the project's own loader
"""

from .document import ImportFailure, ImportResult, import_document

__all__ = ["ImportFailure", "ImportResult", "import_document"]
