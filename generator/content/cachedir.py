"""The project's cache folder, ``<project>/.pingan-cache`` (``ProjectPaths.cache_dir``).

pingan keeps there what it can make again but would rather not (parsed documents, the text of
printed files, the sites' last sources). Some of it names people, so every folder in it is made
0700 and every file 0600, the folder is marked for backup tools (CACHEDIR.TAG) and for git
(``.gitignore``), and a link at any level is not followed: a build must not write where a link
planted in a project points. Files are written through a temporary file and a rename, so a
concurrent build or a kill leaves a whole file or none.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

# CACHEDIR.TAG (https://bford.info/cachedir/): backup tools skip the folder.
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# pingan: caches of this project, remade when missing\n"
TEMPORARY = ".tmp-"  # prefix of a file being written (a writer killed before its rename leaves one)


def private_folder(folder: Path) -> Path | None:
    """Create ``folder`` (and its parent, the project's cache) as 0700, the cache marked for backup
    tools and git; None when that fails or either is a link."""
    try:
        for level in (folder.parent, folder):
            level.mkdir(mode=0o700, exist_ok=True)
            if level.is_symlink() or not level.is_dir():
                return None
            os.chmod(level, 0o700)  # whatever the umask, or whoever made it first
        _describe(folder.parent)
    except OSError:
        return None
    return folder


def _describe(cache: Path) -> None:
    """Mark the cache for backup tools and git, once."""
    for name, text in (("CACHEDIR.TAG", TAG), (".gitignore", "*\n")):
        if not (cache / name).exists():
            write_atomically(cache, name, text.encode())


def write_atomically(folder: Path, name: str, data: bytes) -> bool:
    """Write ``folder/name`` as 0600 through a temporary file and a rename; a failure (a full disk,
    a read-only project, a concurrent prune) writes nothing and returns False."""
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=TEMPORARY, dir=folder)  # 0600
        with open(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, folder / name)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return False
    return True


def read_private(path: Path) -> bytes | None:
    """A cache file's bytes, not through a link; None when it cannot be read."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with open(handle, "rb") as stream:
            return stream.read()
    except OSError:
        return None
