"""Read a content project into one typed ``Project`` (load → validate → model → link).

Every file is read and validated even when earlier ones fail, so a single run
reports every problem (Pelican's ``is_valid``, not MkDocs' first-error stop).
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import messages as msg
from .diagnostics import ContentError, Diagnostic, Severity, errors_in, relative
from .loader import SourceFile, load_yaml
from .schema import (
    Document,
    Notice,
    Policy,
    Problem,
    QuizBank,
    Roster,
    RuleCode,
    SiteConfig,
    TrainingModule,
)

CONFIG_FILE = "site_config.yml"


class NotAProject(Exception):
    """The folder has no site_config.yml: a usage problem, not a content error."""


@dataclass(frozen=True)
class Reader:
    """Where one kind of document lives, and the model that validates it."""

    folder: str  # relative to the project root; "" for a single file
    model: type[Document]
    filename: str = ""  # set for single-file kinds (the roster)


READERS: dict[str, Reader] = {
    "policies": Reader("content/policies", Policy),
    "codes": Reader("content/rules", RuleCode),
    "modules": Reader("content/modules", TrainingModule),
    "notices": Reader("content/notices", Notice),
    "banks": Reader("quizzes", QuizBank),
    "roster": Reader("content", Roster, filename="roster.yml"),
}


@dataclass
class Project:
    root: Path
    config: SiteConfig
    policies: list[Policy] = field(default_factory=list)
    codes: list[RuleCode] = field(default_factory=list)
    modules: list[TrainingModule] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    banks: list[QuizBank] = field(default_factory=list)
    roster: Roster = field(default_factory=Roster)
    warnings: list[Diagnostic] = field(default_factory=list)

    def output_dir(self, audience: str) -> Path:
        outputs = self.config.outputs
        rel = outputs.team_site if audience == "team" else outputs.public_site
        return (self.root / rel).resolve()

    def summary(self) -> str:
        return msg.SUMMARY.format(
            policies=len(self.policies),
            codes=len(self.codes),
            modules=len(self.modules),
            notices=len(self.notices),
            banks=len(self.banks),
            questions=sum(len(b.questions) for b in self.banks),
            members=len(self.roster.members),
        )


def load_project(root: Path) -> Project:
    """Read, validate and link every file under ``root``; raise ContentError on any error."""
    root = root.resolve()
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        raise NotAProject(f"{msg.NO_PROJECT.format(root=root)} — {msg.NO_PROJECT_HINT}")
    diagnostics: list[Diagnostic] = []
    config = read_document(config_path, root, SiteConfig, diagnostics)

    documents: dict[str, list[Document]] = {name: [] for name in READERS}
    incomplete: set[str] = set()  # kinds with a file that did not validate
    for name, reader in READERS.items():
        for path in _files_of(root, reader):
            document = read_document(path, root, reader.model, diagnostics)
            if document is not None:
                documents[name].append(document)
            else:
                incomplete.add(name)
    diagnostics.extend(_stray_files(root))
    if config is None:
        raise ContentError(errors_in(diagnostics))

    roster = documents["roster"][0] if documents["roster"] else Roster()
    project = Project(
        root=root,
        config=config,
        policies=sorted(documents["policies"], key=lambda p: (p.date, p.id)),
        codes=documents["codes"],
        modules=sorted(documents["modules"], key=lambda m: (m.month, m.kind, m.id)),
        notices=sorted(documents["notices"], key=lambda n: (n.date, n.id), reverse=True),
        banks=documents["banks"],
        roster=roster,  # type: ignore[arg-type]
    )
    if not documents["roster"] and "roster" not in incomplete:
        diagnostics.append(
            Diagnostic("content/roster.yml", 0, 0, "", msg.NO_ROSTER, msg.NO_ROSTER_HINT, Severity.WARNING)
        )

    from .link import link  # late import: link needs Project

    # Cross-check what did load even when some files failed, so one run reports as much
    # as it can; references into a kind with a failed file are not judged (they may be fine).
    diagnostics.extend(link(project, incomplete))
    if errors_in(diagnostics):
        raise ContentError(errors_in(diagnostics))
    project.warnings = sorted(set(diagnostics))
    return project


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


def read_document(path: Path, root: Path, model: type[Document], diagnostics: list[Diagnostic]) -> Any:
    """Load one file and validate it against ``model``; append every problem found."""
    source, problems = load_yaml(path, relative(path, root))
    diagnostics.extend(problems)
    if problems and source.data is None:
        return None
    if not isinstance(source.data, dict):
        diagnostics.append(source.diagnostic((), msg.TOP_LEVEL_NOT_MAPPING, msg.TOP_LEVEL_NOT_MAPPING_HINT))
        return None
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


# --- pydantic errors → Chinese diagnostics ------------------------------------------------------

_TYPE_NAMES = {
    int: "数字",
    float: "数字",
    bool: "true/false",
    list: "列表",
    dict: "映射",
    type(None): "空值",
    str: "文本",
}


def translate_error(err: Any, source: SourceFile, model: type[BaseModel]) -> Diagnostic:
    loc = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    given = err.get("input")
    error = ctx.get("error")
    if isinstance(error, Problem):
        return source.diagnostic(loc, error.message, error.hint)
    if kind == "string_type" and given is None:
        return source.diagnostic(loc, *msg.SCHEMA_ERRORS["string_too_short"])
    message, hint = msg.SCHEMA_ERRORS.get(kind, msg.SCHEMA_FALLBACK)
    values = {
        **{k: v for k, v in ctx.items() if k != "error"},
        "input": given,
        "input_type": _TYPE_NAMES.get(type(given), type(given).__name__),
        "detail": err.get("msg", ""),
    }
    if "expected" in ctx:
        values["expected"] = "、".join(
            s.strip(" '") for s in str(ctx["expected"]).replace(" or ", ",").split(",")
        )
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = (f"是不是想写 {close[0]}？" if close else "") + "可用字段：" + "、".join(allowed)
    return source.diagnostic(loc, message.format_map(_Safe(values)), hint.format_map(_Safe(values)))


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fields_at(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """Names of the fields the model allows at ``loc`` (for "did you mean" hints)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel):
            info = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
            if info is None:
                return []
            current = info.annotation
        elif isinstance(part, int):
            args = typing.get_args(_unwrap(current))
            current = args[0] if args else None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    """Optional[X] → X; Annotated[X, ...] → X; list[X] stays (indexed by ints)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation
