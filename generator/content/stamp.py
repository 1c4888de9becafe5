"""Has anything changed since the last build? A fingerprint of every input, checked before loading.

``build_key`` hashes everything a build reads: site_config.yml, content/, quizzes/,
templates/ (page, print and Word overrides), fonts/, the records database (its file,
and today's date, which the records pages are computed against), the pingan code
itself and the versions of the installed packages, the npm files copied into the
sites, and for a print build the fonts the system offers. A successful build with
no warnings writes the key into every output it staged (``write_stamps``), with a
listing of the files there, just before they are swapped in, so the stamp is
published together with the outputs it describes, or not at all.

``is_current`` says whether every output of a build carries the same key and still
holds exactly the files listed (nothing added, removed or rewritten since). When it
does, running the build again would write the same bytes: ``pingan build`` stops
there, leaving every published folder as it is. Anything that cannot be judged this
way (a records database on a server, a site_config.yml that does not read cleanly,
an output folder without a stamp) means "build": the fast path only ever skips work
that is known to be the same.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import subprocess
import sysconfig
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..publish import MARK, build_lock, read_mark
from .load import CONFIG_FILE, read_document
from .paths import DATABASE_ENV, OutputName, ProjectPaths
from .schema import SiteConfig

STAMP = ".pingan-build.json"
STAMP_VERSION = 1
PROJECT_INPUTS = ("content", "quizzes", "templates", "fonts")  # besides site_config.yml
CODE = Path(__file__).resolve().parent.parent  # the generator package: any change to pingan itself
NPM_LOCK = CODE.parent / "package-lock.json"  # the npm files copied into the sites (node_modules/)
SITE_OUTPUTS: tuple[OutputName, ...] = ("team_site", "public_site")
PRINT_OUTPUTS: tuple[OutputName, ...] = ("print_dir", "trainer_dir")
# Environment variables that change what a build reads or writes.
ENVIRONMENT = (DATABASE_ENV, "PINGAN_NODE_MODULES", "PINGAN_FONT_CACHE", "XDG_CACHE_HOME")


@dataclass(frozen=True)
class BuildKey:
    digest: str
    outputs: tuple[OutputName, ...]  # the outputs a build of this kind writes (and stamps)
    paths: ProjectPaths


def build_outputs(prints: bool) -> tuple[OutputName, ...]:
    """What ``pingan build`` writes: both sites, and with printing the print and trainer folders."""
    return SITE_OUTPUTS + (PRINT_OUTPUTS if prints else ())


def build_key(root: Path, prints: bool) -> BuildKey | None:
    """The fingerprint of every input of a build of ``root``; None when it cannot be known cheaply."""
    root = root.resolve()
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        return None
    try:
        config = read_document(config_path, root, SiteConfig, [])
    except (OSError, ValueError):
        return None
    if not isinstance(config, SiteConfig):
        return None
    paths = ProjectPaths.of(root, config)
    if paths.database_file is None:
        return None  # a database server: its state cannot be read without querying it
    digest = hashlib.sha256()
    outputs = build_outputs(prints)
    _add(digest, "pingan-build", str(STAMP_VERSION), "prints" if prints else "sites", *outputs)
    _add(digest, *(f"{name}={os.environ.get(name, '')}" for name in ENVIRONMENT))
    _add_files(digest, root, [str(config_path), *_files_under(root, PROJECT_INPUTS)])
    database = paths.database_file
    if database.is_file():  # records pages are computed against today: a new day may change them
        _add(digest, "records", dt.date.today().isoformat())
        extras = [database.with_name(database.name + s) for s in ("-wal", "-journal")]
        _add_files(digest, database.parent, [str(p) for p in (database, *extras) if p.is_file()])
    _add(digest, code_digest())
    if prints:
        _add(digest, *_system_fonts())
    return BuildKey(_letters(digest), outputs, paths)


def is_current(key: BuildKey) -> bool:
    """True when every output of ``key`` was published by a build with this key and is unchanged since.

    Checked again holding the project's lock, so a build swapping its outputs in right now is waited
    for (or named, as any second build would name it) rather than taken for "nothing changed".
    """
    if not _stamped(key, files=False):
        return False  # the usual answer after an edit: no lock taken, nothing waited for
    with build_lock(key.paths.root):
        return _stamped(key, files=True)


def _stamped(key: BuildKey, files: bool) -> bool:
    """Every output carries ``key``; with ``files``, also exactly the files it had when stamped."""
    for name in key.outputs:
        folder = key.paths.output(name)
        if read_mark(folder) is None:
            return False
        try:
            stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(stamp, dict) or stamp.get("key") != key.digest:
            return False
        if files and stamp.get("files") != listing_digest(folder):
            return False
    return True


def write_stamps(key: BuildKey, folders: dict[str, Path]) -> None:
    """Stamp each staged output folder with ``key`` and a digest of what it holds."""
    for name in key.outputs:
        folder = folders[name]
        stamp = {"version": STAMP_VERSION, "key": key.digest, "files": listing_digest(folder)}
        (folder / STAMP).write_text(json.dumps(stamp) + "\n", encoding="utf-8")


def listing_digest(folder: Path) -> str:
    """Every file under ``folder`` (but the stamp and mark) by path, size, modification time and inode."""
    digest = hashlib.sha256()
    prefix = len(str(folder)) + 1
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(current, name)
            rel = path[prefix:]
            if rel in (STAMP, MARK):
                continue
            info = os.lstat(path)
            _add(digest, rel, f"{info.st_size} {info.st_mtime_ns} {info.st_ino}")
    return _letters(digest)


def code_digest() -> str:
    """pingan itself: its code, the installed packages (MkDocs, Material…) and the npm files it copies."""
    digest = hashlib.sha256()
    _add_files(digest, CODE.parent, list(_code_files()))
    _add(digest, *_installed_packages())
    _add_files(digest, CODE.parent, [str(NPM_LOCK)])
    return _letters(digest)


def _add(digest: hashlib._Hash, *parts: str) -> None:
    for part in parts:
        data = part.encode("utf-8", "surrogateescape")
        digest.update(len(data).to_bytes(8, "little") + data)


def _add_files(digest: hashlib._Hash, base: Path, files: list[str]) -> None:
    """Each file's name (relative to ``base``) and bytes; a file that vanished counts as missing."""
    prefix = len(str(base).rstrip("/")) + 1
    for path in files:
        _add(digest, path[prefix:] if path.startswith(str(base)) else path)
        try:
            with open(path, "rb") as file:
                data = file.read()
        except OSError:
            _add(digest, "<missing>")
            continue
        _add(digest, hashlib.sha256(data).hexdigest())


def _files_under(root: Path, folders: Iterable[str]) -> Iterator[str]:
    for folder in folders:
        for current, dirs, files in os.walk(root / folder):
            dirs.sort()
            for name in sorted(files):
                yield os.path.join(current, name)


def _code_files() -> Iterator[str]:
    for current, dirs, files in os.walk(CODE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith(".pyc"):
                yield os.path.join(current, name)


def _installed_packages() -> list[str]:
    """The installed distributions with their versions (dist-info folder names): MkDocs, Material…"""
    folders = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    names: list[str] = []
    for folder in sorted(folders):
        try:
            names += sorted(n for n in os.listdir(folder) if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return names


def _system_fonts() -> list[str]:
    """Which faces Chromium can find (fontconfig); pingan's converted faces are made from these."""
    try:
        found = subprocess.run(
            ["fc-list", "--format", "%{file}|%{family}|%{style}\n"],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        found = "<no fc-list>"
    return sorted(found.splitlines())


def _letters(digest: hashlib._Hash) -> str:
    """A digest as it is written into a published site: base32 (a–z, 2–7) has no 0, 1, 8 or 9,
    so no run of it can look like a mobile or ID number to a reader or a privacy scan."""
    return base64.b32encode(digest.digest()).decode("ascii").rstrip("=").lower()
