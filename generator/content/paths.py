"""Where a project's outputs and records live: the one place that resolves and checks them.

``site_config.yml`` names the output folders and the records database, relative
to the project root or absolute; ``ProjectPaths`` turns them into real paths once
(``~`` expanded, ``..`` and symlinks followed), so the sites, the printer, the
scorer and the CLI all agree on every location.

Every build replaces its output folders whole, so ``output_issues`` refuses any
location that is, contains or lies inside the project's own files, the project
folder or one of its parents, or another output; ``refuse_foreign_outputs``
refuses to replace a folder that holds files pingan did not put there.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..diagnostics import ContentError, Diagnostic
from ..messages import outputs as text
from ..publish import Destination, Staging, build_lock, is_foreign, reason, remove_stale
from .schema import Issue, SiteConfig

Area = Literal["print", "trainer"]  # outputs.print_dir / outputs.trainer_dir
OutputName = Literal["team_site", "public_site", "print_dir", "trainer_dir"]
OUTPUT_NAMES: tuple[OutputName, ...] = ("team_site", "public_site", "print_dir", "trainer_dir")
PRIVATE_OUTPUTS = frozenset({"trainer_dir"})  # exam papers and keys: not readable by a web server
SOURCES = ("content", "quizzes", "templates", "records", "site_config.yml")  # what the user writes
CACHE_DIR = ".pingan-cache"  # pingan's private caches for the project (0700): never an output
DATABASE_ENV = "PINGAN_DATABASE_URL"  # overrides records.database (tests, a shared server)


class Unresolvable(ValueError):
    """A configured path that names no definite place; the message says why."""


def locate(root: Path, value: str) -> Path:
    """A configured path as the file system will see it.

    ``~`` is the user's home; a backslash separates folders as on Windows.
    """
    try:
        path = Path(value.replace("\\", "/")).expanduser()
    except RuntimeError:  # ~someone with no such user
        raise Unresolvable(text.NO_HOME) from None
    if "\0" in value:
        raise Unresolvable(text.NUL_IN_PATH)
    try:
        resolved = (root / path).resolve()
    except RuntimeError:  # a symlink loop, before Python 3.13
        raise Unresolvable(text.SYMLINK_LOOP) from None
    except OSError as exc:
        raise Unresolvable(reason(exc)) from None
    if _in_a_loop(resolved):  # Python 3.13 stops resolving at a loop instead of raising
        raise Unresolvable(text.SYMLINK_LOOP)
    return resolved


def _in_a_loop(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError as exc:  # missing, or in the way: the output checks say which
        return exc.errno == errno.ELOOP
    return False


def _located(root: Path, value: str) -> Path:
    try:
        return locate(root, value)
    except Unresolvable:  # refused by output_issues; any stand-in will do here
        return root / value


@dataclass(frozen=True)
class ProjectPaths:
    root: Path
    team_site: Path
    public_site: Path
    print_dir: Path
    trainer_dir: Path
    database_url: str  # an SQLAlchemy URL
    database_file: Path | None  # the SQLite file, when the database is one

    @classmethod
    def of(cls, root: Path, config: SiteConfig) -> ProjectPaths:
        outputs = config.outputs
        from_env = os.environ.get(DATABASE_ENV)
        configured = from_env or config.records.database
        part = database_file_part(configured)
        if part is None:
            url, file = configured, None
        else:
            path, query = part
            # A path in site_config.yml is the project's; one in the environment is the shell's.
            file = Path(path).expanduser().resolve() if from_env else _located(root, path)
            url = f"sqlite:///{file}{query}"
        return cls(
            root=root,
            team_site=_located(root, outputs.team_site),
            public_site=_located(root, outputs.public_site),
            print_dir=_located(root, outputs.print_dir),
            trainer_dir=_located(root, outputs.trainer_dir),
            database_url=url,
            database_file=file,
        )

    def site(self, audience: str) -> Path:
        return self.team_site if audience == "team" else self.public_site

    def area(self, area: Area) -> Path:
        return self.print_dir if area == "print" else self.trainer_dir

    def output(self, name: OutputName) -> Path:
        return getattr(self, name)

    def destinations(self, names: Iterable[OutputName]) -> list[Destination]:
        """What the publisher needs to stage and swap in these outputs."""
        return [Destination(name, self.output(name), name in PRIVATE_OUTPUTS) for name in names]

    @property
    def cache_dir(self) -> Path:
        """What pingan remembers between builds that no output may hold (the text of printed files
        read by the privacy scan, ``printing.textcache``): private, in the project, never published."""
        return self.root / CACHE_DIR

    @property
    def session_log_dir(self) -> Path:
        """`pingan serve` logs every write here, one file a day: beside an SQLite file, else in records/."""
        base = self.database_file.parent if self.database_file is not None else self.root / "records"
        return base / "serve-log"

    @property
    def reports_dir(self) -> Path:
        """Where `pingan report` writes a ledger file by default: beside an SQLite file, else in
        records/; never inside an output folder, which the next build replaces whole."""
        base = self.database_file.parent if self.database_file is not None else self.root / "records"
        return base / "台账"

    @property
    def records_exist(self) -> bool:
        """True when there is a database to report on (a server, or an existing file)."""
        return self.database_file is None or self.database_file.is_file()


def database_file_part(value: str) -> tuple[str, str] | None:
    """(path, "?query") of an SQLite file named by a path or an sqlite:/// URL; None for a server."""
    if "://" not in value:
        return value, ""
    if not value.startswith("sqlite:///"):
        return None
    path, mark, query = value.removeprefix("sqlite:///").partition("?")
    if path in ("", ":memory:"):
        return None
    return path, mark + query


def output_issues(root: Path, config: SiteConfig) -> list[Issue]:
    """Every configured location that a build must not replace, as issues on site_config.yml."""
    root = root.resolve()
    sources = {name: _located(root, name) for name in SOURCES}
    guarded = {**sources, CACHE_DIR: _located(root, CACHE_DIR)}  # nor may an output replace the caches
    issues: list[Issue] = []
    placed: dict[str, Path] = {}  # outputs found fine so far, for the overlap and database checks
    for name in OUTPUT_NAMES:
        value = getattr(config.outputs, name)
        try:
            path = locate(root, value)
            problem = _clash(root, guarded, value, path) or _file_in_the_way(root, value, path)
        except Unresolvable as exc:
            problem = text.OUTPUT_UNRESOLVABLE.format(value=value, detail=exc), text.OUTPUT_UNRESOLVABLE_HINT
        except OSError as exc:  # a folder on the way that may not be read
            problem = (
                text.OUTPUT_INACCESSIBLE.format(value=value, detail=reason(exc)),
                text.INACCESSIBLE_HINT,
            )
        reported = name
        if problem is None:
            other = next((o for o, p in placed.items() if _overlap(path, p)), None)
            if other is not None:
                reported, problem = _overlap_issue(root, config, name, other)
            placed[name] = path
        if problem is not None:
            issues.append((("outputs", reported), *problem))
    part = database_file_part(config.records.database)
    if not os.environ.get(DATABASE_ENV) and part is not None:
        database = part[0]
        try:
            problem = _database_problem(root, sources, database, placed)
        except Unresolvable as exc:
            problem = text.OUTPUT_UNRESOLVABLE.format(value=database, detail=exc), text.DATABASE_HINT
        except OSError as exc:
            problem = (
                text.OUTPUT_INACCESSIBLE.format(value=database, detail=reason(exc)),
                text.INACCESSIBLE_HINT,
            )
        if problem is not None:
            issues.append((("records", "database"), *problem))
    return issues


def _overlap_issue(root: Path, config: SiteConfig, name: str, other: str) -> tuple[str, tuple[str, str]]:
    """Report two overlapping outputs on the one written in the file (a default has no line)."""
    if name not in config.outputs.model_fields_set and other in config.outputs.model_fields_set:
        name, other = other, name
    value = getattr(config.outputs, name)
    where = _where(value, locate(root, value), root)
    return name, (text.OUTPUT_OVERLAP.format(where=where, other=other), text.OUTPUT_FIXED_HINT)


def _where(value: str, path: Path, root: Path) -> str:
    """The configured value in quotes, and where it really is when that is not obvious."""
    real = shown(path, root)
    return f"“{value}”" if real in (value, value.rstrip("/")) else text.WHERE.format(value=value, path=real)


def shown(path: Path, root: Path) -> str:
    """How a resolved location is named in messages: relative when inside the project."""
    return path.relative_to(root).as_posix() if path != root and path.is_relative_to(root) else str(path)


def _overlap(a: Path, b: Path) -> bool:
    return a.is_relative_to(b) or b.is_relative_to(a)


def _clash(root: Path, sources: dict[str, Path], value: str, path: Path) -> tuple[str, str] | None:
    if path == root:
        return text.OUTPUT_IS_ROOT.format(where=_where(value, path, root)), text.OUTPUT_FIXED_HINT
    if root.is_relative_to(path):
        return text.OUTPUT_IS_ANCESTOR.format(where=_where(value, path, root)), text.OUTPUT_FIXED_HINT
    clash = next((name for name, source in sources.items() if _overlap(path, source)), None)
    if clash is not None:
        return text.OUTPUT_CLASH.format(where=_where(value, path, root), clash=clash), text.OUTPUT_FIXED_HINT
    return None


def _file_in_the_way(root: Path, value: str, path: Path) -> tuple[str, str] | None:
    """The output, or the nearest existing folder above it, must be a folder."""
    existing = next((p for p in (path, *path.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        return text.OUTPUT_NOT_FOLDER.format(
            value=value, path=shown(existing, root)
        ), text.OUTPUT_NOT_FOLDER_HINT
    return None


def _database_problem(
    root: Path, sources: dict[str, Path], value: str, outputs: dict[str, Path]
) -> tuple[str, str] | None:
    path = locate(root, value)
    where = _where(value, path, root)
    if root.is_relative_to(path):
        return text.DATABASE_IS_PROJECT.format(where=where), text.DATABASE_HINT
    clash = next((n for n, source in sources.items() if n != "records" and _overlap(path, source)), None)
    if clash is not None:
        return text.DATABASE_IN_SOURCES.format(where=where, clash=clash), text.DATABASE_HINT
    other = next((n for n, output in outputs.items() if path.is_relative_to(output)), None)
    if other is not None:
        return text.DATABASE_IN_OUTPUT.format(where=where, other=other), text.DATABASE_HINT
    if path.is_dir():
        return text.DATABASE_IS_FOLDER.format(where=where), text.DATABASE_HINT
    return None


def refuse_foreign_outputs(paths: ProjectPaths, config: SiteConfig, names: Iterable[OutputName]) -> None:
    """Raise ContentError (with the line in site_config.yml) for any output holding someone else's files."""
    found: list[Diagnostic] = []
    for name in names:
        path = paths.output(name)
        if is_foreign(path):
            key = ("outputs", name)
            message = text.OUTPUT_FOREIGN.format(path=shown(path, paths.root))
            hint = text.OUTPUT_FOREIGN_HINT.format(name=name)
            source = config._source
            found.append(
                source.diagnostic(key, message, hint)
                if source is not None
                else Diagnostic("site_config.yml", 0, 0, f"outputs.{name}", message, hint)
            )
    if found:
        raise ContentError(found)


@contextmanager
def stage_outputs(paths: ProjectPaths, config: SiteConfig, names: Iterable[OutputName]) -> Iterator[Staging]:
    """Refuse someone else's folders, take the project's lock, and stage ``names`` (see publish.Staging)."""
    names = list(names)
    refuse_foreign_outputs(paths, config, names)  # before anything is written, the lock file included
    with build_lock(paths.root):
        remove_stale(paths.root, paths.destinations(OUTPUT_NAMES))  # whatever a killed build left
        with Staging(paths.root, paths.destinations(names)) as staging:
            yield staging
