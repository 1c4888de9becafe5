"""Swap a freshly built folder into place, so a failed build changes nothing.

Build output goes to a temporary sibling of the destination; only when every
step succeeded is it renamed over the old one (the old one is renamed aside
first and removed last, so there is no moment with no site at all).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staging_dir(destination: Path) -> Iterator[Path]:
    """A temp dir on the same file system as ``destination``; removed on failure."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}-build-", dir=destination.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_in(staging: Path, destination: Path) -> None:
    old = None
    if destination.exists():
        old = destination.with_name(f".{destination.name}-old-{staging.name}")
        destination.rename(old)
    staging.rename(destination)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
