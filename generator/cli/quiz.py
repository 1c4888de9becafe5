"""Commands for quiz banks: `pingan quiz import` and `pingan quiz export` (GIFT, Aiken, Moodle XML)."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

import click

from .. import messages as msg
from ..diagnostics import Diagnostic, Severity, relative
from ..messages import quiz as qmsg
from . import (
    EXIT_CONTENT,
    Failure,
    cli,
    err_console,
    load_checked,
    out_console,
    print_diagnostics,
    project_dir,
)


@cli.group(help=qmsg.QUIZ_HELP)
def quiz() -> None:
    pass


@quiz.command("import", help=qmsg.IMPORT_HELP)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=qmsg.OPT_OUTPUT_IMPORT)
@click.option("--format", "fmt", type=click.Choice(["gift", "aiken", "xml"]), help=qmsg.OPT_FORMAT_IMPORT)
@click.option("--id", "bank_id", metavar="ID", help=qmsg.OPT_ID)
@click.option("--title", metavar="标题", help=qmsg.OPT_TITLE)
@click.option("--mode", type=click.Choice(["practice", "exam"]), help=qmsg.OPT_MODE)
@click.option("--force", is_flag=True, help=qmsg.OPT_FORCE)
@click.pass_context
def quiz_import(
    ctx: click.Context,
    file: Path,
    output: Path | None,
    fmt: str | None,
    bank_id: str | None,
    title: str | None,
    mode: str | None,
    force: bool,
) -> None:
    from ..content import CONFIG_FILE
    from ..quizformats.common import FormatProblems
    from ..quizformats.convert import bank_yaml, drop_unknown_sources, read_quiz_file

    root = project_dir(ctx, None).resolve()
    if not (root / CONFIG_FILE).is_file():
        raise Failure(msg.NO_PROJECT.format(root=root), msg.NO_PROJECT_HINT)
    if not file.is_file():
        raise Failure(qmsg.NOT_A_FILE.format(path=file))
    try:
        imported = read_quiz_file(file, file.as_posix(), fmt, bank_id, title, mode)  # type: ignore[arg-type]
    except FormatProblems as exc:
        raise _problems(exc.diagnostics, qmsg.IMPORT_FAILED) from None
    drop_unknown_sources(imported, root)

    new_id = imported.bank["id"]
    target = output.resolve() if output else root / "quizzes" / f"{new_id}.yml"
    shown = relative(target, root)
    if target.exists() and not force:
        raise Failure(qmsg.OUTPUT_EXISTS.format(path=shown), qmsg.OUTPUT_EXISTS_HINT)
    other = _bank_file_with_id(root, new_id, target)
    if other:
        raise Failure(qmsg.BANK_ID_TAKEN.format(id=new_id, path=other), qmsg.BANK_ID_TAKEN_HINT)
    _write_atomically(target, bank_yaml(imported.bank, file.name))

    print_diagnostics(imported.warnings)
    counts = Counter(q["type"] for q in imported.bank["questions"])
    types = "，".join(qmsg.TYPE_COUNTS[t].format(n=counts[t]) for t in qmsg.TYPE_COUNTS if counts[t])
    out_console.print(
        qmsg.IMPORT_OK.format(count=len(imported.bank["questions"]), types=types, path=shown), markup=False
    )
    out_console.print(qmsg.IMPORT_NEXT, markup=False)


@quiz.command("export", help=qmsg.EXPORT_HELP)
@click.argument("bank_id", metavar="BANK")
@click.option(
    "--format", "fmt", type=click.Choice(["gift", "aiken"]), required=True, help=qmsg.OPT_FORMAT_EXPORT
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=qmsg.OPT_OUTPUT_EXPORT)
@click.option("--skip-unsupported", is_flag=True, help=qmsg.OPT_SKIP)
@click.pass_context
def quiz_export(
    ctx: click.Context, bank_id: str, fmt: str, output: Path | None, skip_unsupported: bool
) -> None:
    from ..quizformats.common import FormatProblems
    from ..quizformats.convert import export_bank

    project = load_checked(project_dir(ctx, None), strict=False)
    bank = next((b for b in project.banks if b.id == bank_id), None)
    if bank is None:
        known = "、".join(b.id for b in project.banks) or "（无）"
        raise Failure(qmsg.UNKNOWN_BANK.format(id=bank_id), qmsg.UNKNOWN_BANK_HINT.format(known=known))
    try:
        text, warnings = export_bank(bank, fmt, skip_unsupported)  # type: ignore[arg-type]
    except FormatProblems as exc:
        raise _problems(exc.diagnostics, qmsg.EXPORT_FAILED) from None
    print_diagnostics(warnings)
    if bank.is_exam:
        err_console.print(qmsg.EXPORT_EXAM_NOTE.format(bank=bank.id), style="yellow", markup=False)
    count = text.count("ANSWER:") if fmt == "aiken" else len(bank.questions)
    if output is None:
        click.echo(text, nl=False)
        return
    _write_atomically(output.resolve(), text)
    out_console.print(qmsg.EXPORT_OK.format(count=count, path=output), markup=False)


def _problems(diagnostics: list[Diagnostic], summary: str) -> Failure:
    print_diagnostics(diagnostics)
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    return Failure(summary.format(errors=errors), code=EXIT_CONTENT)


def _bank_file_with_id(root: Path, bank_id: str, target: Path) -> str:
    """Another bank file in the project that already uses ``bank_id`` (read leniently:
    a file with problems still counts if its id can be read; `pingan check` reports the rest)."""
    from ..content.loader import load_yaml

    folder = root / "quizzes"
    for path in sorted(folder.rglob("*.y*ml")) if folder.is_dir() else []:
        if path.resolve() == target:
            continue
        data = load_yaml(path, relative(path, root))[0].data
        if isinstance(data, dict) and data.get("id") == bank_id:
            return relative(path, root)
    return ""


def _write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
