"""The user's own cache folder (``$XDG_CACHE_HOME/pingan``, else ``~/.cache/pingan``).

What is kept here is pingan's, not a project's: the converted free fonts, the key that signs a
project's cache, compiled templates. It lies outside every project on purpose: a project folder
may come from someone else (a zip from the county), and nothing in it may decide what code runs.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def user_cache_dir() -> Path:
    """Where pingan keeps its own files for this user; may not exist yet."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no HOME and no passwd entry: a folder nobody shares
            base = "/nonexistent"
    return Path(base) / "pingan"


def private_user_folder(name: str, make: bool = True) -> Path | None:
    """``user_cache_dir()/name``, made 0700 (with ``make``); None when it cannot be made, does not
    exist (without ``make``) or is not this user's alone (a link, someone else's, or writable by
    others: what is read from it would not be ours)."""
    folder = user_cache_dir() / name
    try:
        if make:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    mine = info.st_uid == os.getuid() and stat.S_ISDIR(info.st_mode)
    return folder if mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) else None
