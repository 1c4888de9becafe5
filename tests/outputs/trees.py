"""Helpers for output tests: a digest of a whole folder tree, staging folders, the CLI as a process."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from generator.publish import MARK

PINGAN = Path(sys.executable).parent / "pingan"  # the venv's console script: a real process


def tree_digest(folder: Path, skip: tuple[str, ...] = ()) -> str:
    """Every entry under ``folder`` (not following symlinks): path, type, mode, bytes or link target;
    top-level names in ``skip`` left out."""
    digest = hashlib.sha256()
    for current, folders, files in os.walk(folder):
        if current == str(folder):
            folders[:] = [f for f in folders if f not in skip]
            files = [f for f in files if f not in skip]
        folders.sort()
        for name in sorted([*folders, *files]):
            path = Path(current) / name
            info = path.lstat()
            digest.update(
                f"{path.relative_to(folder)}\0{stat.S_IFMT(info.st_mode)}\0{info.st_mode:o}\0".encode()
            )
            if stat.S_ISLNK(info.st_mode):
                digest.update(os.readlink(path).encode())
            elif stat.S_ISREG(info.st_mode):
                digest.update(path.read_bytes())
    return digest.hexdigest()


def staging_folders(parent: Path) -> list[Path]:
    """Folders a build stages into or sets aside (``.team-build-…``, ``.team-old-…``) under ``parent``."""
    return sorted(p for p in parent.rglob(".*") if p.is_dir() and ("-build-" in p.name or "-old-" in p.name))


def marked_staging(parent: Path) -> list[Path]:
    return [p for p in staging_folders(parent) if (p / MARK).is_file()]


def has_output_files(folder: Path) -> bool:
    return any(p.is_file() and p.name != MARK for p in folder.rglob("*"))


def start_build(root: Path, *args: str, umask: int | None = None) -> subprocess.Popen:
    """``pingan build`` of ``root`` as its own process (stderr captured)."""
    env = {k: v for k, v in os.environ.items() if k != "PINGAN_DATABASE_URL"}
    return subprocess.Popen(
        [str(PINGAN), "build", "-q", *args, str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def wait_for(process: subprocess.Popen, found, what: str, limit: float = 300.0):
    """Poll until ``found()`` returns something; the build must still be running then."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        result = found()
        if result:
            return result
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"the build ended (exit {process.returncode}) before {what}:\n{out}\n{err}")
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    raise AssertionError(f"no {what} within {limit} s")


def mark_of(folder: Path) -> dict:
    return json.loads((folder / MARK).read_text(encoding="utf-8"))
