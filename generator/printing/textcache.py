"""The text of printed files, remembered by their content, for the public site's privacy scan.

The scan reads every PDF and Word file of the public site at every build, and reading
their text (a ``pdftotext`` process per PDF) is most of its time, while most files are
the same bytes as last time (the print step reuses unchanged documents). So the text
is kept under the SHA-256 of the file's bytes together with a tag of the extraction
itself (the source of ``extract`` and ``pdffix``, and the ``pdftotext`` program): a
changed file, or a changed way of reading files, is read again. Only the text is
remembered; the scan matches every file against the current roster at every build.

Entries live in ``<project>/.pingan-cache/scan-text`` (``ProjectPaths.cache_dir``), a
0700 folder of 0600 files, since they hold the text of documents; builds refuse an
output folder that overlaps it, and the cache is not used when it overlaps an output
anyway. An entry is written to a temporary file and renamed into place, so a concurrent
build or a kill -9 leaves a whole entry or none; it starts with the SHA-256 of its text,
so a truncated or damaged entry is read as missing (the file is read again). Nothing in
the cache is ever an error: whatever cannot be read or written is simply extracted.
After a scan that passed, ``prune`` removes the entries that scan did not use, so the
cache holds the text of the current public downloads and no more.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from ..content.cachedir import TEMPORARY, private_folder, read_private, write_atomically
from . import extract, pdffix
from .extract import printed_text

FOLDER = "scan-text"
_HEADER = b"pingan-text 1 "
_ENTRY = re.compile(r"[0-9a-f]{64}\.txt")


def extraction_tag() -> str | None:
    """What the extracted text depends on besides the file: the code that reads it and pdftotext.

    The program is identified by its path, size and modification time (no process is
    started); upgrading poppler replaces it. None when the code cannot be read (no cache).
    """
    digest = hashlib.sha256()
    for module in (extract, pdffix):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            return None
    tool = shutil.which("pdftotext")
    if tool is not None:
        with contextlib.suppress(OSError):
            real = Path(tool).resolve()
            stat = real.stat()
            digest.update(f"\0{real}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


class TextCache:
    """``text(path)`` is ``extract.printed_text(path)``, read from the cache when the bytes were seen.

    ``folder`` None reads every file (no cache); the folder is made (0700) when the first
    printed file is read, so a scan without any leaves no trace. ``extracted`` counts the
    files actually read this time; ``used`` names the entries this scan needed.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.used: set[str] = set()
        self.extracted = 0
        self._tag: str | None = None

    def text(self, path: Path) -> str:
        folder = self._ready()
        try:
            data = path.read_bytes() if folder is not None else None
        except OSError:
            data = None  # unreadable: extraction reports it (ExtractError) as it always did
        if folder is None or data is None:
            return self._extract(path, None)
        name = self._entry_name(data)
        self.used.add(name)
        known = _read_entry(folder / name)
        if known is not None:
            return known
        found = self._extract(path, data)  # the very bytes the entry is named after
        _write_entry(folder, name, found)
        return found

    def prune(self) -> None:
        """Remove every entry (and any temporary file) not used since this cache was opened.

        Only after a scan that read printed files: a build without printing scans none,
        and must not throw away what the next printing build will need.
        """
        if self.folder is None or not self.used:
            return
        with contextlib.suppress(OSError):
            for item in os.scandir(self.folder):
                stale = _ENTRY.fullmatch(item.name) and item.name not in self.used
                if stale or item.name.startswith(TEMPORARY):  # a writer killed before its rename
                    with contextlib.suppress(OSError):
                        os.unlink(item.path)

    def _ready(self) -> Path | None:
        """The folder, made private on first use; None (no cache) when that fails."""
        if self.folder is not None and self._tag is None:
            self._tag = extraction_tag()
            self.folder = private_folder(self.folder) if self._tag is not None else None
        return self.folder

    def _extract(self, path: Path, data: bytes | None) -> str:
        self.extracted += 1
        return printed_text(path, data)

    def _entry_name(self, data: bytes) -> str:
        content = hashlib.sha256(data).hexdigest()
        return hashlib.sha256(f"{self._tag}\0{content}".encode()).hexdigest() + ".txt"


def usable_folder(cache_dir: Path, outputs: Iterable[Path]) -> Path | None:
    """``cache_dir / scan-text``, or None when it would lie in (or hold) an output folder or be unsafe:
    a link at either level (to a folder a build must not write into) is not followed."""
    try:
        if any(level.is_symlink() for level in (cache_dir, cache_dir / FOLDER)):
            return None
        folder = (cache_dir / FOLDER).resolve()
        for output in outputs:
            output = output.resolve()
            if folder.is_relative_to(output) or output.is_relative_to(cache_dir.resolve()):
                return None
    except (OSError, RuntimeError):
        return None
    return folder


def _read_entry(path: Path) -> str | None:
    """An entry's text; None for a missing, truncated, damaged or unreadable one."""
    data = read_private(path)
    if data is None:
        return None
    header, _, body = data.partition(b"\n")
    if header != _HEADER + hashlib.sha256(body).hexdigest().encode():
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _write_entry(folder: Path, name: str, text: str) -> None:
    body = text.encode("utf-8")
    write_atomically(folder, name, _HEADER + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
