"""Commands for printed files: pdf (print only) and import-doc (an existing document → YAML)."""

from __future__ import annotations

from pathlib import Path

import click

from .. import messages as msg
from ..messages import imports as itext
from ..messages import printing as text
from . import EXIT_CONTENT, Failure, cli, err_console, load_checked, make_progress, out_console, project_dir


@cli.command(help=text.PDF_HELP)
@click.argument("directory", metavar="[DIR]", required=False)
@click.option("--strict", is_flag=True, help=msg.STRICT_HELP)
@click.option("--force", is_flag=True, help=text.FORCE_HELP)
@click.option("-j", "--jobs", type=click.IntRange(1, 8), default=2, help=text.JOBS_HELP)
@click.option("-q", "--quiet", is_flag=True, help=msg.QUIET_HELP)
@click.pass_context
def pdf(ctx: click.Context, directory: str | None, strict: bool, force: bool, jobs: int, quiet: bool) -> None:
    from ..pipeline import load_records, print_plan
    from ..printing import print_only
    from ..render import Renderer

    project = load_checked(project_dir(ctx, directory), strict)
    records, warnings = load_records(project)  # the ledgers are in the trainer folder too
    for warning in warnings:
        err_console.print(warning, style="yellow", markup=False)
    with make_progress(quiet) as progress_hook:
        result = print_only(
            project,
            Renderer(project.root),
            progress=progress_hook,
            force=force,
            concurrency=jobs,
            outputs=print_plan(project, records),
        )
    out_console.print(print_summary(result, project.paths.print_dir, project.paths.trainer_dir), markup=False)


def print_summary(result, print_dir: Path, trainer_dir: Path) -> str:
    summary = text.PRINT_OK.format(
        printed=len(result.printed),
        reused=len(result.reused),
        seconds=result.seconds,
        print_dir=print_dir,
        trainer_dir=trainer_dir,
    )
    fonts = result.fonts.summary() if result.fonts is not None else []
    return "\n".join([summary, *fonts])


@cli.command("import-doc", help=itext.IMPORT_HELP)
@click.argument("file", metavar="FILE")
@click.option("-o", "--output", metavar="OUT.yml", help=itext.IMPORT_OUT_HELP)
@click.option(
    "--kind", type=click.Choice(["auto", "policy", "notice"]), default="auto", help=itext.IMPORT_KIND_HELP
)
@click.option("--id", "doc_id", metavar="ID", help=itext.IMPORT_ID_HELP)
@click.pass_context
def import_doc(ctx: click.Context, file: str, output: str | None, kind: str, doc_id: str | None) -> None:
    from ..imports import import_document

    base = Path(ctx.obj.get("chdir") or ".")
    source = base / file if not Path(file).is_absolute() else Path(file)
    result = import_document(
        source, project_root=base, output=(base / output) if output else None, kind=kind, doc_id=doc_id
    )
    kind_name = itext.KIND_POLICY if result.kind == "policy" else itext.KIND_NOTICE
    out_console.print(
        itext.IMPORT_OK.format(kind=kind_name, path=result.path, title=result.title, summary=result.summary),
        markup=False,
    )
    if result.notes:
        err_console.print(itext.IMPORT_NOTES.format(count=len(result.notes)), style="yellow", markup=False)
        for note in result.notes:
            err_console.print(f"  - {note}", style="yellow", markup=False)
    if result.problems:
        err_console.print(itext.IMPORT_VALIDATE, style="red", markup=False)
        for problem in result.problems:
            err_console.print(f"  {problem}", style="red", markup=False)
        raise Failure(itext.IMPORT_INVALID, code=EXIT_CONTENT)
    out_console.print(itext.IMPORT_NEXT, markup=False)
