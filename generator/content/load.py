"""Read a content project into one typed ``Project`` (load → validate → model → link).

Every file is read and validated even when earlier ones fail, so a single run
reports every problem (Pelican's ``is_valid``, not MkDocs' first-error stop).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from .. import messages as msg
from ..diagnostics import ContentError, Diagnostic, Severity, errors_in, relative
from ..errors import PinganError
from ..memory import give_back_freed_memory
from ..parallel import Child
from .filecache import DocumentCache
from .link import link
from .loader import MAX_FILE_BYTES, RememberedSource, SourceFile, load_yaml
from .model import Project
from .paths import OUTPUT_NAMES, ProjectPaths, is_foreign, output_issues
from .schema import (
    Document,
    Notice,
    Policy,
    QuizBank,
    Roster,
    Rules,
    SiteConfig,
    TrainingModule,
)
from .validate import translate_error

CONFIG_FILE = "site_config.yml"


class NotAProject(PinganError):
    """The folder has no site_config.yml: a usage problem, not a content error."""


@dataclass(frozen=True)
class Reader:
    """Where one kind of document lives, and the model that validates it."""

    folder: str  # relative to the project root; "" for a single file
    model: type[Document]
    filename: str = ""  # set for single-file kinds (the roster)
    # Kept by its bytes between loads (``filecache``). Not the roster: a county's is 50,000 members
    # whose positions would make an entry of hundreds of MB, rewritten at every roster import; the
    # records commands keep it in the project cache (``cache``) without positions instead.
    remembered: bool = True


READERS: dict[str, Reader] = {
    "policies": Reader("content/policies", Policy),
    "rules": Reader("content/rules", Rules),
    "modules": Reader("content/modules", TrainingModule),
    "notices": Reader("content/notices", Notice),
    "banks": Reader("quizzes", QuizBank),
    "roster": Reader("content", Roster, filename="roster.yml", remembered=False),
}


def load_project(root: Path, cached: bool = False, keep_later: bool = False) -> Project:
    """Read, validate and link every file under ``root``; raise ContentError on any error.

    With ``cached`` a project read before from the same bytes by the same code comes from
    ``<project>/.pingan-cache`` (``content.cache``: the records commands, which read a county's
    roster at every run); it is the same ``Project`` with the same warnings, and a project with
    any error is never cached, so errors are always found and reported by a full read.

    Either way, a loaded project keeps no values or positions of its files' text (``_release_values``).

    With ``keep_later`` the files read afresh are not written to the document cache
    (``filecache``) by the load but by ``project.keep_documents()``, when the caller chooses: a
    build does it in its second process, while this one builds the team site (writing the
    entries of a 1000-page project is about a thousand new files)."""
    root = root.resolve()
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        raise NotAProject(msg.NO_PROJECT.format(root=root), msg.NO_PROJECT_HINT)
    if not cached:
        return _read_project(root, keep_later)[0]
    from . import cache

    key = cache.fingerprint(root, _inputs(root), MAX_FILE_BYTES)
    remembered = cache.read(root, key) if key is not None else None
    if isinstance(remembered, Project):
        remembered.root = root
        outputs = _output_diagnostics(root, remembered.config)
        if not errors_in(outputs) and cache.usable(root, _output_folders(remembered)):
            remembered.warnings = sorted(set(remembered.warnings + outputs))
            return remembered
    project, outputs = _read_project(root)  # its files' values and positions already let go
    # Stored only if nothing changed while it was read: the key must name the bytes read.
    unchanged = key is not None and key == cache.fingerprint(root, _inputs(root), MAX_FILE_BYTES)
    if unchanged and cache.usable(root, _output_folders(project)):
        judged_by_files = sorted(set(project.warnings) - set(outputs))
        cache.write(root, key, dataclasses.replace(project, warnings=judged_by_files))
    return project


def _release_values(document: Document) -> None:
    """After the load's own checks nothing reads a file's values again, only where it was: let the
    values and positions go (a third of a 1000-page project's memory while it builds and prints; a
    county's roster.yml of 50,000 members: 80 MB before `roster import` does its own work), and
    read positions again from the file if a later message needs one (``RememberedSource``)."""
    source = document._source
    if isinstance(source, SourceFile):
        document._source = RememberedSource(source.path, source.rel, None)


def _output_folders(project: Project) -> list[Path]:
    return _output_folders_of(project.root, project.config)


def _inputs(root: Path) -> list[Path]:
    """Every file a load reads or reports on: the config, each kind's files, any other YAML in content/."""
    found = {root / CONFIG_FILE}
    for reader in READERS.values():
        found.update(_files_of(root, reader))
    content = root / "content"
    if content.is_dir():
        found.update(p for p in content.rglob("*.y*ml") if p.is_file())
    return sorted(found)


def _output_diagnostics(root: Path, config: SiteConfig) -> list[Diagnostic]:
    """Where outputs and the database go, checked against the folders as they are now."""
    return [config._source.diagnostic(*issue) for issue in output_issues(root, config)]


def _read_project(root: Path, keep_later: bool = False) -> tuple[Project, list[Diagnostic]]:
    """The full read; also the diagnostics about output folders (judged anew on a cached load)."""
    diagnostics: list[Diagnostic] = []
    outputs: list[Diagnostic] = []
    config = read_document(root / CONFIG_FILE, root, SiteConfig, diagnostics)
    if config is not None:  # where outputs go is checked against the folders as they are now
        outputs = _output_diagnostics(root, config)
        diagnostics.extend(outputs)

    documents: dict[str, list[Document]] = {name: [] for name in READERS}
    incomplete: set[str] = set()  # kinds with a file that did not validate
    remembered = _document_cache(root, config)
    known = _remembered_files(root, remembered) if remembered is not None else {}
    ahead = _read_ahead(root, remembered, known) if remembered is not None else None
    try:
        for name, reader in READERS.items():
            for path in _files_of(root, reader):
                cache = remembered if reader.remembered else None
                document = _read_or_remember(path, root, reader.model, diagnostics, cache, known.get(path))
                if document is not None:
                    documents[name].append(document)
                else:
                    incomplete.add(name)
    finally:
        if ahead is not None:
            ahead.stop()
    diagnostics.extend(_stray_files(root))
    if config is None:
        raise ContentError(errors_in(diagnostics))

    roster = documents["roster"][0] if documents["roster"] else Roster()
    project = Project(
        root=root,
        config=config,
        policies=sorted(documents["policies"], key=lambda p: (p.date, p.id)),
        rules=documents["rules"],
        modules=sorted(documents["modules"], key=lambda m: (m.month, m.kind, m.id)),
        notices=sorted(documents["notices"], key=lambda n: (n.date, n.id), reverse=True),
        banks=documents["banks"],
        roster=roster,  # type: ignore[arg-type]
    )
    if not documents["roster"] and "roster" not in incomplete:
        diagnostics.append(
            Diagnostic("content/roster.yml", 0, 0, "", msg.NO_ROSTER, msg.NO_ROSTER_HINT, Severity.WARNING)
        )

    # Cross-check what did load even when some files failed, so one run reports as much
    # as it can; references into a kind with a failed file are not judged (they may be fine).
    diagnostics.extend(link(project, incomplete))
    if errors_in(diagnostics):
        raise ContentError(errors_in(diagnostics))
    if remembered is not None and keep_later:
        project.keep_documents = remembered.commit
    elif remembered is not None:
        remembered.commit()
    project.warnings = sorted(set(diagnostics))
    for document in (config, *project.policies, *project.rules, *project.modules, *project.notices,
                     *project.banks, project.roster):  # fmt: skip
        _release_values(document)
    give_back_freed_memory()
    return project, outputs


def _read_or_remember(
    path: Path,
    root: Path,
    model: type[Document],
    diagnostics: list[Diagnostic],
    remembered: DocumentCache | None,
    known: KnownFile | None = None,
) -> Any:
    """``read_document``, or the document the same bytes gave before without a word (``filecache``);
    ``known``: the file's bytes and key, read already (``_remembered_files``)."""
    if remembered is None or known is None:
        return read_document(path, root, model, diagnostics)  # also says what is wrong with the file
    data, key = known.data, known.key
    document = remembered.get(key)
    if isinstance(document, model) and isinstance(document._source, SourceFile):
        document._source.path = path
        return document
    found: list[Diagnostic] = []
    document = read_document(path, root, model, found, data)  # the very bytes the key is made of
    diagnostics.extend(found)
    if document is not None and not found:
        remembered.keep(key, document)
    return document


READ_AHEAD_FILES = 64  # fewer files to parse than this: a second process would not pay for itself


class KnownFile(NamedTuple):
    """A content file as read once for the document cache: its bytes, its key and its kind."""

    data: bytes
    key: str
    model: type[Document]


def _remembered_files(root: Path, remembered: DocumentCache) -> dict[Path, KnownFile]:
    """The bytes and cache key of every file a cache may hold (not one too big or unreadable: those
    are read, and what is wrong said, as without a cache)."""
    known = {}
    for reader in READERS.values():
        if not reader.remembered:
            continue
        for path in _files_of(root, reader):
            try:
                if path.stat().st_size > MAX_FILE_BYTES:
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            key = remembered.key(relative(path, root), reader.model, data)
            known[path] = KnownFile(data, key, reader.model)
    return known


def _read_ahead(root: Path, remembered: DocumentCache, known: dict[Path, KnownFile]) -> Child | None:
    """The last three fifths of the files the cache does not hold, read in a second process (forked:
    ``parallel``) while this one reads the rest: about 2.3 s of parsing for a 1000-page
    project read for the first time, on one core of two. The other process only parses and
    validates; what it read without a single problem comes back as ``DocumentCache.keep``
    pickles it and is taken from there in the files' order (``DocumentCache.expect``). A file
    with any problem, or all of them if that process fails, is read again here, so problems are
    found, worded and ordered as without it."""
    if len(os.sched_getaffinity(0)) < 2:
        return None
    held = remembered.held()
    missing = [(path, file) for path, file in known.items() if file.key not in held]
    if len(missing) < READ_AHEAD_FILES:
        return None
    theirs = missing[len(missing) * 2 // 5 :]  # this process has the roster, the links, the unpickling

    def read_theirs() -> dict[str, bytes]:
        for path, file in theirs:
            found: list[Diagnostic] = []
            document = read_document(path, root, file.model, found, file.data)
            if document is not None and not found:
                remembered.keep(file.key, document)
        return remembered.pending

    child = Child(read_theirs)

    def arrived() -> dict[str, bytes]:
        try:
            return child.wait()
        except Exception:  # nothing the user caused: every file it had is read here instead
            return {}

    remembered.expect([file.key for _, file in theirs], arrived)
    return child


def _document_cache(root: Path, config: SiteConfig | None) -> DocumentCache | None:
    """The project's document cache (``filecache``); None for a project a build will refuse for
    its output folders, so that a refused build leaves the project as it was."""
    if config is None:
        return None
    try:
        outputs = _output_folders_of(root, config)
        if any(is_foreign(output) for output in outputs):
            return None
    except (OSError, RuntimeError, ValueError):  # a path that cannot be resolved: said by output_issues
        return None
    return DocumentCache.open(root, outputs)


def _output_folders_of(root: Path, config: SiteConfig) -> list[Path]:
    paths = ProjectPaths.of(root, config)
    return [paths.output(name) for name in OUTPUT_NAMES]


def _files_of(root: Path, reader: Reader) -> list[Path]:
    folder = root / reader.folder
    if reader.filename:
        path = folder / reader.filename
        return [path] if path.is_file() else []
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


def _stray_files(root: Path) -> list[Diagnostic]:
    """YAML under content/ that no reader claims: probably misplaced, say so."""
    known = {p for r in READERS.values() for p in _files_of(root, r)}
    stray = []
    content = root / "content"
    if content.is_dir():
        for path in sorted(content.rglob("*.y*ml")):
            if path not in known:
                stray.append(
                    Diagnostic(
                        relative(path, root),
                        0,
                        0,
                        "",
                        msg.UNKNOWN_FILE,
                        msg.UNKNOWN_FILE_HINT,
                        Severity.WARNING,
                    )
                )
    return stray


def _apply_renames(source: SourceFile, model: type[Document]) -> list[Diagnostic]:
    """Read a renamed field's old spelling as the new one, with a warning (an error if both are written)."""
    found = []
    for old, new in model.renamed.items():
        if old not in source.data:
            continue
        if new in source.data:
            found.append(
                source.diagnostic(
                    (old,),
                    msg.RENAMED_BOTH.format(old=old, new=new),
                    msg.RENAMED_BOTH_HINT.format(old=old, new=new),
                )
            )
            continue
        source.rename(old, new)
        warning = source.diagnostic(
            (old,),
            msg.RENAMED_FIELD.format(old=old, new=new),
            msg.RENAMED_FIELD_HINT.format(old=old, new=new),
        )
        found.append(dataclasses.replace(warning, severity=Severity.WARNING))
    return found


def read_document(
    path: Path, root: Path, model: type[Document], diagnostics: list[Diagnostic], data: bytes | None = None
) -> Any:
    """Load one file (``data``: its bytes, already read) and validate it against ``model``; append
    every problem found."""
    source, problems = load_yaml(path, relative(path, root), data)
    diagnostics.extend(problems)
    if problems and source.data is None:
        return None
    if not isinstance(source.data, dict):
        diagnostics.append(source.diagnostic((), msg.TOP_LEVEL_NOT_MAPPING, msg.TOP_LEVEL_NOT_MAPPING_HINT))
        return None
    diagnostics.extend(_apply_renames(source, model))
    try:
        document = model.model_validate(source.data)
    except ValidationError as exc:
        already = {p.field for p in problems}  # a value the loader rejected is not reported twice
        translated = (translate_error(err, source, model) for err in exc.errors(include_url=False))
        diagnostics.extend(d for d in translated if d.field not in already)
        return None
    document._source = source
    diagnostics.extend(source.diagnostic(kp, m, h) for kp, m, h in document.check())
    return document if not problems else None
