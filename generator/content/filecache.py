"""Each content file remembered by its bytes, in ``<project>/.pingan-cache/documents/``.

Reading a file is parsing its YAML event by event (positions kept, limits enforced) and
validating it: about 2.3 s for the 1015 files of a 1000-page project, at every build and every
check, when an edit changes one file. So a file that loaded without a single problem is kept as
the document it gave (with its data; the positions of its values, which only a problem found
later needs, are read again from the file then: ``loader.RememberedSource``), under a key
made of its path, its bytes, its kind, and pingan's code and libraries (``cache.code_key``); a
later load finding the same key takes the document from here instead of reading the file.
A file with any problem, a warning included, is never kept: it is read, and its problems said,
at every load. What looks across files (links, roster data on public pages, output folders) is
judged at every load, cached or not.

Entries are pickles, and a pickle runs code when it is read while a project folder may come
from someone else, so each is signed with the user's key (``cache.signing_key``, kept outside
the project) over its name and bytes: a planted, renamed, stale, truncated or damaged entry is
not read, and the file is parsed again. Nothing here is ever an error; what cannot be read or
written is only slower. Entries are written, and those the load did not use removed, only after
a load that found no error: a refused load changes nothing. A build has them written by its
second process once the public site passed the privacy scan (``load_project(keep_later=True)``),
off the path of the team site's build.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import hmac
import os
import pickle
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import cache
from .cachedir import TEMPORARY, private_folder, read_private, write_atomically
from .loader import RememberedSource
from .paths import CACHE_DIR

FOLDER = "documents"
_SUFFIX = ".pickle"
_ENTRY = re.compile(r"[0-9a-f]{64}\.pickle")
_SIGNATURE = 32  # bytes of an HMAC-SHA256


class DocumentCache:
    """The documents of files read before (see the module's text).

    During a load it only reads: the documents it is handed (``keep``) are pickled then, as they
    were read, and written by ``commit`` once the whole load has found no error. A refused load
    (a bad file, an output folder in the wrong place) writes nothing, in the project or in the
    user's cache folder (where the signing key is made on first use)."""

    def __init__(self, root: Path, secret: bytes | None, code: bytes):
        self.root = root
        self.folder = root / CACHE_DIR / FOLDER
        self.secret = secret
        self.code = code
        self.used: set[str] = set()
        self.pending: dict[str, bytes] = {}  # key → pickled document, written by commit
        self._expected: frozenset[str] = frozenset()  # keys another process is making (``expect``)
        self._arriving: Callable[[], dict[str, bytes]] | None = None
        self._arrived: dict[str, bytes] | None = None

    @classmethod
    def open(cls, root: Path, outputs: list[Path]) -> DocumentCache | None:
        """The project's document cache; None when it cannot be kept safely (a link, inside or
        holding an output folder)."""
        if not cache.usable(root, outputs) or (root / CACHE_DIR / FOLDER).is_symlink():
            return None
        return cls(root, cache.signing_key(make=False), cache.code_key())

    def key(self, rel: str, kind: type, data: bytes) -> str:
        digest = hashlib.sha256(self.code)
        digest.update(f"{kind.__module__}.{kind.__qualname__}\0{rel}\0{len(data)}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def held(self) -> frozenset[str]:
        """The keys that have an entry (``get`` still checks each), from one listing of the folder."""
        if self.secret is None:
            return frozenset()
        try:
            names = os.listdir(self.folder)
        except OSError:
            return frozenset()
        return frozenset(name.removesuffix(_SUFFIX) for name in names if name.endswith(_SUFFIX))

    def expect(self, keys: Iterable[str], arriving: Callable[[], dict[str, bytes]]) -> None:
        """The documents of ``keys`` are being read by another process (``load``'s read-ahead):
        ``get`` takes them from what ``arriving()`` returns (pickled as ``keep`` pickles; called
        once, when the first is needed), and they are written by ``commit`` like any other."""
        self._expected = frozenset(keys)
        self._arriving = arriving

    def get(self, key: str) -> Any | None:
        """The document kept under ``key``, or None."""
        self.used.add(key)
        if key in self._expected:
            return self._arrived_document(key)
        blob = read_private(self.folder / (key + _SUFFIX)) if self.secret is not None else None
        if blob is None or self.secret is None:
            return None
        signature, payload = blob[:_SIGNATURE], blob[_SIGNATURE:]
        if not hmac.compare_digest(signature, _sign(self.secret, key, payload)):
            return None
        return _unpickled(payload)

    def _arrived_document(self, key: str) -> Any | None:
        if self._arrived is None:
            self._arrived = self._arriving() if self._arriving is not None else {}
        payload = self._arrived.get(key)
        if payload is None:  # the other process found a problem, or failed: read here
            return None
        self.pending[key] = payload
        return _unpickled(payload)

    def keep(self, key: str, document: Any) -> None:
        """Remember ``document`` (a pydantic model just read from a file), without its values'
        positions, to be written if the load succeeds."""
        light = document.model_copy()  # shallow: the document itself keeps its source
        source = document._source
        light._source = RememberedSource(source.path, source.rel, source.data)
        with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError, RecursionError):
            self.pending[key] = pickle.dumps(light, protocol=pickle.HIGHEST_PROTOCOL)

    def commit(self) -> None:
        """The load found no error: write what it read afresh, remove what it did not use."""
        if not self.pending and not self._has_entries():
            return  # nothing to keep, nothing to prune: no folder made
        secret = cache.signing_key()
        folder = private_folder(self.folder) if secret is not None else None
        if secret is None or folder is None:
            return
        for key, payload in self.pending.items():
            write_atomically(folder, key + _SUFFIX, _sign(secret, key, payload) + payload)
        self.pending.clear()
        with contextlib.suppress(OSError):
            for item in os.scandir(folder):
                stale = _ENTRY.fullmatch(item.name) and item.name[: -len(_SUFFIX)] not in self.used
                if stale or item.name.startswith(TEMPORARY):
                    with contextlib.suppress(OSError):
                        os.unlink(item.path)

    def _has_entries(self) -> bool:
        try:
            return any(True for _ in os.scandir(self.folder))
        except OSError:
            return False


def _unpickled(payload: bytes) -> Any | None:
    # A document is thousands of objects and no cycle: the collector would only walk them.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)
    except Exception:  # signed by this user's pingan: only classes changed without a new key
        return None
    finally:
        if was_enabled:
            gc.enable()


def _sign(secret: bytes, key: str, payload: bytes) -> bytes:
    return hmac.new(secret, key.encode() + b"\0" + payload, hashlib.sha256).digest()
