"""XML from outside pingan, read within limits.

Moodle XML question banks and the XML parts inside .xlsx and .docx files come from
other programs, or from anyone. A document type declaration (``<!DOCTYPE …>``) can
define entities: ten nested ones expand a few lines into gigabytes ("billion laughs"),
one long entity repeated does the same more slowly (quadratic blowup), and an
external entity reads a local file into the document. No exporter we read from writes
a DTD, so any DTD is refused outright, before any entity is declared (defusedxml's
expat handlers raise on it), and elements may nest at most ``MAX_DEPTH`` deep.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser, create_parser

from .errors import PinganError
from .messages import parsing as pmsg

MAX_DEPTH = 200  # Moodle XML nests under ten deep; Office parts under thirty
MAX_PROLOG_BYTES = 64 * 1024  # before an Office part's first element: normally one <?xml …?> line
_CHUNK = 16 * 1024


class XMLRefused(PinganError):
    """The XML has a DTD or nests too deep: refused, with the line and column where."""

    exit_code = 2

    def __init__(self, message: str, hint: str, line: int, column: int):
        super().__init__(message, hint)
        self.line = line
        self.column = column


class XMLMalformed(Exception):
    """Not well-formed XML; ``detail`` is expat's own description."""

    def __init__(self, detail: str, line: int, column: int):
        super().__init__(detail)
        self.detail = detail
        self.line = line
        self.column = column


@dataclass
class Element:
    """One element with the line it starts on (ElementTree keeps no lines)."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Element] = field(default_factory=list)
    text: str = ""  # all character data directly inside, joined

    def find(self, tag: str) -> Element | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[Element]:
        return [c for c in self.children if c.tag == tag]


E = TypeVar("E", bound=Element)


def parse_elements(raw: bytes, kind: type[E]) -> E:
    """The document as a tree of ``kind`` under a ``#document`` root.

    Raises XMLRefused (a DTD, too deep) or XMLMalformed (not well-formed).
    """
    parser = _parser()
    builder = _TreeBuilder(parser, kind)
    parser.setContentHandler(builder)
    _feed(parser, raw, final=True)
    return builder.root


def check_package(path: Path, max_unpacked: int | None = None) -> None:
    """Refuse an Office file (a zip of XML parts) in which any part has a DTD, or, with
    ``max_unpacked``, whose parts unpack to more than that many bytes (a "zip bomb":
    a reader that holds a whole sheet in memory would take all of it).

    Without a limit only each part's prolog is read (up to its first element), so this
    costs milliseconds whatever the file's size; with one every part is also unpacked
    once, counting (about 0.1 s for a sheet of 50,000 rows). A file that is not a zip,
    or a part that is not XML (an image), is left to the real reader to judge.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        unpacked = 0
        for info in archive.infolist():
            if info.is_dir():
                continue
            try:
                _check_prolog(archive, info)
            except XMLRefused as exc:
                message = pmsg.PACKAGE_PART.format(part=info.filename, line=exc.line, problem=exc.message)
                raise XMLRefused(message, exc.hint, exc.line, exc.column) from None
            if max_unpacked is not None:
                unpacked += _unpacked_size(archive, info, max_unpacked - unpacked)
                if unpacked > max_unpacked:
                    message = pmsg.PACKAGE_TOO_LARGE.format(limit=max_unpacked // 2**20)
                    raise XMLRefused(message, pmsg.PACKAGE_TOO_LARGE_HINT, 0, 0)


def _unpacked_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """Bytes ``info`` unpacks to, counted by unpacking (the size the zip declares can lie),
    stopping once past ``budget``."""
    if info.file_size > budget:
        return info.file_size
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(1024 * 1024):
                size += len(chunk)
                if size > budget:
                    break
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError):
        pass  # a damaged or encrypted part: the real reader reports it
    return size


def _parser() -> DefusedExpatParser:
    # forbid_dtd: refuse the declaration itself, so no entity is ever declared or expanded.
    return create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)


def _feed(parser: DefusedExpatParser, data: bytes, final: bool = False) -> None:
    try:
        parser.feed(data)
        if final:
            parser.close()
    except DefusedXmlException:
        raise XMLRefused(pmsg.XML_DTD, pmsg.XML_DTD_HINT, parser.getLineNumber(), _column(parser)) from None
    except SAXParseException as exc:
        raise XMLMalformed(exc.getMessage(), exc.getLineNumber(), exc.getColumnNumber() + 1) from None


def _column(parser: DefusedExpatParser) -> int:
    return (parser.getColumnNumber() or 0) + 1


class _RootReached(Exception):
    """The prolog is over: nothing before the first element declared a DTD."""


class _PrologReader(ContentHandler):
    def startElement(self, name: str, attrs: object) -> None:
        raise _RootReached


def _check_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    parser = _parser()
    parser.setContentHandler(_PrologReader())
    read = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                _feed(parser, chunk)
                read += len(chunk)
                if read > MAX_PROLOG_BYTES:
                    message = pmsg.XML_LONG_PROLOG.format(limit=MAX_PROLOG_BYTES // 1024)
                    raise XMLRefused(message, pmsg.XML_LONG_PROLOG_HINT, parser.getLineNumber(), 1)
    except (_RootReached, XMLMalformed):
        return  # reached the root element, or not XML at all: the real reader judges the rest
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError):
        return  # a damaged or encrypted part: the real reader reports it


class _TreeBuilder(ContentHandler):
    """SAX events → a tree of elements, keeping each element's text as chunks until it ends
    (adding to a string chunk by chunk would copy it again for every chunk)."""

    def __init__(self, parser: DefusedExpatParser, kind: type[Element]):
        super().__init__()
        self.parser = parser
        self.kind = kind
        self.root = kind("#document", {}, 1)
        self.stack: list[tuple[Element, list[str]]] = [(self.root, [])]

    def startElement(self, name: str, attrs: object) -> None:
        line = self.parser.getLineNumber()
        if len(self.stack) > MAX_DEPTH:
            message = pmsg.XML_TOO_DEEP.format(limit=MAX_DEPTH)
            raise XMLRefused(message, pmsg.XML_TOO_DEEP_HINT, line, _column(self.parser))
        element = self.kind(name, dict(attrs), line)  # type: ignore[call-overload]
        self.stack[-1][0].children.append(element)
        self.stack.append((element, []))

    def endElement(self, name: str) -> None:
        element, chunks = self.stack.pop()
        element.text = "".join(chunks)

    def characters(self, content: str) -> None:
        self.stack[-1][1].append(content)
