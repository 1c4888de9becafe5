"""The only code that writes generated files (Pelican's Writer).

Refuses to write one path twice or outside its root, and passes all text
through ``privacy.scrub`` so no unmasked mobile or ID number is ever written:
Markdown pages get the masked form that Markdown renders as ``138****0002``.
With ``keep_same`` a file that already holds exactly the new bytes is left as it
is, and ``changed`` names the files that were (re)written: an incremental site
build rebuilds those pages only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import PinganError
from .privacy import scrub


class WriterError(PinganError):
    """A generated file would go outside its folder, or be written twice."""


class Writer:
    def __init__(self, root: Path, keep_same: bool = False, private: bool = False):
        self.root = root.resolve()
        self.keep_same = keep_same
        self.private = private  # folders 0700 and files 0600: a cache of pages that name people
        self.written: set[Path] = set()
        self.changed: set[str] = set()  # paths relative to root, "/"-separated

    def _target(self, rel: str) -> Path:
        target = (self.root / rel).resolve()
        if not target.is_relative_to(self.root):
            raise WriterError(f"refusing to write outside {self.root}: {rel}")
        if target in self.written:
            raise WriterError(f"refusing to write {rel} twice")
        self.written.add(target)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700 if self.private else 0o777)
        return target

    def write_text(self, rel: str, text: str) -> Path:
        target = self._target(rel)
        data = scrub(text, "markdown" if target.suffix == ".md" else "text").encode("utf-8")
        if not self._same(target, data):
            target.write_bytes(data)
            self._changed(target)
        return target

    def copy_file(self, rel: str, source: Path) -> Path:
        target = self._target(rel)
        if not self.keep_same or not self._same(target, source.read_bytes()):
            shutil.copyfile(source, target)
            self._changed(target)
        return target

    def names(self) -> set[str]:
        """Every file written (or kept) so far, relative to root."""
        return {target.relative_to(self.root).as_posix() for target in self.written}

    def remove_others(self) -> set[str]:
        """Delete every file under root that this writer did not write; returns their names."""
        removed = set()
        for path in sorted(self.root.rglob("*"), reverse=True):  # files before their folders
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):
                    path.rmdir()
            elif path not in self.written:
                path.unlink()
                removed.add(path.relative_to(self.root).as_posix())
        return removed

    def _same(self, target: Path, data: bytes) -> bool:
        if not self.keep_same:
            return False
        try:
            return target.stat().st_size == len(data) and target.read_bytes() == data
        except OSError:
            return False

    def _changed(self, target: Path) -> None:
        if self.private:
            target.chmod(0o600)
        self.changed.add(target.relative_to(self.root).as_posix())
