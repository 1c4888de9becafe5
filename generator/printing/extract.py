"""The text a reader gets out of a printed file, for the public site's privacy scan.

PDF text comes from poppler's ``pdftotext`` (installed with poppler-utils by
scripts/setup.sh), DOCX text from the document XML (a paragraph, line break or tab
becomes a space). Whitespace is kept as single spaces, so two numbers on
neighbouring lines stay two numbers; the roster matcher reads a name split by a
line break or letter spacing as one word (``privacy.names``).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from ..errors import PinganError
from ..messages import printing as text
from .pdffix import IDEOGRAPH_OF

PRINTED_SUFFIXES = (".pdf", ".docx")
_RADICAL = re.compile("[\u2e80-\u2fdf]")
_DOCX_TEXT = re.compile(r"word/(document|footer\d*|header\d*)\.xml")
_DOCX_BREAK = re.compile(r"</w:p>|<w:(?:br|tab|cr)\b[^>]*/>")


class ExtractError(PinganError):
    """A printed file's text could not be read, so it cannot be checked (message in Chinese)."""


def printed_text(path: Path, data: bytes | None = None) -> str:
    """The text of the printed file at ``path``; of ``data`` when given (its bytes, already read)."""
    if path.suffix == ".pdf":
        raw = _pdf_text(path, data)
    elif path.suffix == ".docx":
        raw = _docx_text(path, data)
    else:
        raise ValueError(path.suffix)
    return _RADICAL.sub(lambda m: IDEOGRAPH_OF.get(m[0], m[0]), re.sub(r"\s+", " ", raw))


def _pdf_text(path: Path, data: bytes | None) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise ExtractError(text.NO_PDFTOTEXT.format(path=path.name), text.NO_PDFTOTEXT_HINT)
    source = str(path) if data is None else "-"  # "-": the bytes on standard input
    done = subprocess.run([tool, "-enc", "UTF-8", source, "-"], input=data, capture_output=True, check=False)
    if done.returncode != 0:
        raise ExtractError(text.UNREADABLE_PDF.format(path=path.name))
    return done.stdout.decode("utf-8", errors="replace")


def _docx_text(path: Path, data: bytes | None) -> str:
    try:
        with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as archive:
            parts = [n for n in archive.namelist() if _DOCX_TEXT.fullmatch(n)]
            xml = "".join(archive.read(n).decode("utf-8", errors="replace") for n in parts)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ExtractError(text.UNREADABLE_PDF.format(path=path.name)) from exc
    xml = _DOCX_BREAK.sub(" ", xml)
    return re.sub(r"<[^>]+>", "", xml)
