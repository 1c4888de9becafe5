"""Stage output folders and swap them in together, so a failed or interrupted build changes nothing.

Every output is built in a temporary sibling of its destination (same file system,
so the swap is a rename). Each folder pingan creates carries a ``.pingan-output``
mark naming what it is and which project made it: a folder without one is never
replaced or deleted, and a staging folder left by a killed build is recognised by
its mark and removed by the next build. ``Staging.publish`` swaps every output in
only after every stage succeeded; if one rename fails, the ones already done are
undone. Only one build of a project runs at a time (``build_lock``).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from .errors import PinganError
from .messages import outputs as text

MARK = ".pingan-output"
LOCK_FILE = ".pingan.lock"
LOCK_WAIT_SECONDS = 5
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


class PublishError(PinganError):
    """An output folder could not be staged or swapped in; nothing was changed."""


class BuildLocked(PinganError):
    """Another build of the same project holds the lock."""


class DiskFull(PinganError):
    """The disk filled up while writing; what was half written has been removed."""


def reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Chinese where we know the error."""
    name = errno.errorcode.get(exc.errno or 0, "")
    return text.OS_REASONS.get(name) or exc.strerror or str(exc)


@dataclass(frozen=True)
class Destination:
    name: str  # what the folder is: the outputs.* key (team_site, print_dir…), written into its mark
    path: Path  # resolved
    private: bool = False  # folders 0700 and files 0600 (trainer material), else 0755 / 0644


def read_mark(folder: Path) -> dict[str, str] | None:
    mark = folder / MARK
    if mark.is_symlink() or not mark.is_file():
        return None
    try:
        data = json.loads(mark.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("pingan") == "output" else None


def write_mark(folder: Path, name: str, root: Path) -> None:
    data = {"pingan": "output", "output": name, "project": str(root)}
    (folder / MARK).write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")


def is_foreign(path: Path) -> bool:
    """True for anything pingan must not replace: a file, or a non-empty folder without the mark."""
    if not path.exists() and not path.is_symlink():
        return False
    if path.is_symlink() or not path.is_dir():
        return True
    try:
        return any(path.iterdir()) and read_mark(path) is None
    except OSError:
        return True


def ensure_output_folder(destination: Destination, root: Path) -> None:
    """Create an output folder outside a build (a report into trainer/), marked so builds may replace it."""
    if destination.path.exists():
        return
    destination.path.mkdir(parents=True, mode=0o700 if destination.private else 0o755)
    write_mark(destination.path, destination.name, root)


@contextmanager
def writing(what: str, where: Path) -> Iterator[None]:
    """Turn a full disk into a message naming what could not be written."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in FULL_ERRNOS:
            raise
        failed = Path(exc.filename2 or exc.filename or where)  # a copy names its source first, target second
        # A file in a staging folder beside ``where`` is named by where it was going: what the user knows.
        shown = where if failed.is_relative_to(where.parent) else failed
        raise DiskFull(text.DISK_FULL.format(what=what, path=shown), text.DISK_FULL_HINT) from None


@contextmanager
def build_lock(root: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the project's lock file; another holder makes this wait ``wait`` seconds, then fail.

    The operating system releases the lock when its process ends, however it ends.
    """
    from filelock import FileLock, Timeout

    path = root / LOCK_FILE
    lock = FileLock(path, timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise BuildLocked(text.BUILD_LOCKED.format(path=path, seconds=wait), text.BUILD_LOCKED_HINT) from None
    except OSError as exc:
        raise PublishError(
            text.LOCK_FAILED.format(path=path, detail=reason(exc)), text.LOCK_FAILED_HINT
        ) from None
    try:
        yield
    finally:
        lock.release()


class Staging:
    """Staging folders for some outputs: ``with Staging(root, destinations) as staging``.

    Entering makes one marked, empty folder per destination (``staging.folder(name)``);
    ``publish`` swaps them all in; leaving the block without publishing removes them.
    """

    def __init__(self, root: Path, destinations: Sequence[Destination]):
        self.root = root
        self.destinations = list(destinations)
        self.folders: dict[str, Path] = {}

    def __enter__(self) -> Staging:
        try:
            for destination in self.destinations:
                self.folders[destination.name] = self._make(destination)
        except BaseException:
            self._remove()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._remove()

    def folder(self, name: str) -> Path:
        return self.folders[name]

    def publish(self) -> None:
        """Swap every staged folder in, or (on any failure) none of them."""
        for destination in self.destinations:
            _set_modes(self.folders[destination.name], destination.private)
        foreign = next((d for d in self.destinations if is_foreign(d.path)), None)
        if foreign is not None:  # checked before the build too; someone may have written there since
            raise PublishError(
                text.PUBLISH_FOREIGN.format(path=foreign.path),
                text.OUTPUT_FOREIGN_HINT.format(name=foreign.name),
            )
        _swap_all([(self.folders.pop(d.name), d.path) for d in self.destinations])

    def _make(self, destination: Destination) -> Path:
        parent = destination.path.parent
        with writing(text.WHAT_OUTPUT, parent):
            try:
                _make_folders(parent)
                folder = Path(tempfile.mkdtemp(prefix=_staging_prefix(destination.path), dir=parent))
            except OSError as exc:
                if exc.errno in FULL_ERRNOS:
                    raise
                raise PublishError(
                    text.STAGE_FAILED.format(path=destination.path, detail=reason(exc)),
                    text.STAGE_FAILED_HINT,
                ) from None
            try:
                write_mark(folder, destination.name, self.root)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
        return folder

    def _remove(self) -> None:
        while self.folders:
            _, folder = self.folders.popitem()
            shutil.rmtree(folder, ignore_errors=True)


def _make_folders(folder: Path) -> None:
    """Create ``folder`` and its missing parents as 0755 whatever the umask: a web server must reach sites."""
    for missing in [p for p in (*reversed(folder.parents), folder) if not p.exists()]:
        missing.mkdir(exist_ok=True)
        os.chmod(missing, 0o755)


def _staging_prefix(destination: Path) -> str:
    return f".{destination.name}-build-"


def _old_prefix(destination: Path) -> str:
    return f".{destination.name}-old-"


def remove_stale(root: Path, destinations: Sequence[Destination]) -> list[Path]:
    """Remove staging and set-aside folders a killed build of this project left beside its outputs.

    Only folders carrying this project's mark for that output (or empty ones) are touched,
    so a lookalike folder of someone else's is left alone. Call only while holding the lock.
    """
    removed = []
    for destination in destinations:
        parent = destination.path.parent
        prefixes = (_staging_prefix(destination.path), _old_prefix(destination.path))
        try:
            candidates = [p for p in parent.iterdir() if p.name.startswith(prefixes)]
        except OSError:
            continue  # no parent yet: nothing was left there
        for candidate in candidates:
            if candidate.is_symlink() or not candidate.is_dir():
                continue
            mark = read_mark(candidate)
            if mark is None:
                with suppress(OSError):
                    candidate.rmdir()  # only succeeds when empty: killed before the mark was written
                    removed.append(candidate)
            elif mark.get("project") == str(root) and mark.get("output") == destination.name:
                shutil.rmtree(candidate, ignore_errors=True)
                removed.append(candidate)
    return removed


def link_or_copy(source: str | Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (staging folders sit beside the published ones, on
    the same file system: nothing to copy), or a copy where the file system has none (a FAT
    stick). A full disk is raised as it is: a copy would fail the same way."""
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno in FULL_ERRNOS:
            raise
        shutil.copy2(source, target)


def _set_modes(folder: Path, private: bool) -> None:
    """Published folders are readable by a web server (0755/0644); private ones by the owner only.

    Set explicitly: ``mkdtemp`` makes 0700 folders, and the umask may be anything.
    """
    folder_mode, file_mode = (0o700, 0o600) if private else (0o755, 0o644)
    for current, _folders, files in os.walk(folder):
        os.chmod(current, folder_mode)
        for name in files:
            path = os.path.join(current, name)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode) or stat.S_IMODE(info.st_mode) == file_mode:
                continue
            if info.st_nlink > 1:  # linked from the published site (an incremental build): not its mode
                _unshare(path)
            os.chmod(path, file_mode)


def _unshare(path: str) -> None:
    """Make ``path`` a file of its own (a copy in its place) instead of a link to another's."""
    copy = path + ".pingan-copy"
    shutil.copy2(path, copy)
    os.replace(copy, path)


def _swap_all(pairs: list[tuple[Path, Path]]) -> None:
    """Rename each staging folder over its destination; if any rename fails, undo every one done."""
    aside: list[tuple[Path, Path]] = []  # (destination, where its old content went)
    placed: list[tuple[Path, Path]] = []  # (destination, the staging folder it came from)
    try:
        for staging, destination in pairs:
            if destination.exists():
                old = destination.with_name(_old_prefix(destination) + staging.name.rsplit("-", 1)[-1])
                destination.rename(old)
                aside.append((destination, old))
            staging.rename(destination)
            placed.append((destination, staging))
    except BaseException as exc:
        for destination, staging in reversed(placed):
            with suppress(OSError):
                destination.rename(staging)
        for destination, old in reversed(aside):
            with suppress(OSError):
                old.rename(destination)
        for staging, _ in pairs:
            shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            where = exc.filename or pairs[len(placed)][1]
            raise PublishError(
                text.PUBLISH_FAILED.format(path=where, detail=reason(exc)), text.PUBLISH_FAILED_HINT
            ) from None
        raise
    for _, old in aside:
        shutil.rmtree(old, ignore_errors=True)
