"""The only code that writes generated files (Pelican's Writer).

Refuses to write one path twice or outside its root, and passes all text
through ``privacy.scrub`` so no unmasked mobile or ID number is ever written:
Markdown pages get the masked form that Markdown renders as ``138****0002``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import PinganError
from .privacy import scrub


class WriterError(PinganError):
    """A generated file would go outside its folder, or be written twice."""


class Writer:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self.written: set[Path] = set()

    def _target(self, rel: str) -> Path:
        target = (self.root / rel).resolve()
        if not target.is_relative_to(self.root):
            raise WriterError(f"refusing to write outside {self.root}: {rel}")
        if target in self.written:
            raise WriterError(f"refusing to write {rel} twice")
        self.written.add(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write_text(self, rel: str, text: str) -> Path:
        target = self._target(rel)
        target.write_text(scrub(text, "markdown" if target.suffix == ".md" else "text"), encoding="utf-8")
        return target

    def copy_file(self, rel: str, source: Path) -> Path:
        target = self._target(rel)
        shutil.copyfile(source, target)
        return target
