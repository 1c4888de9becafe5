"""Commands for content and sites: check, build, init."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import click

from .. import messages as msg
from ..diagnostics import ContentError
from ..errors import PinganError
from . import Failure, cli, err_console, load_checked, make_progress, out_console, project_dir

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold"


@cli.command(help=msg.CHECK_HELP)
@click.argument("directory", metavar="[DIR]", required=False)
@click.option("--strict", is_flag=True, help=msg.STRICT_HELP)
@click.pass_context
def check(ctx: click.Context, directory: str | None, strict: bool) -> None:
    project = load_checked(project_dir(ctx, directory), strict)
    out_console.print(msg.CHECK_OK.format(summary=project.summary()), markup=False)


@cli.command(help=msg.BUILD_HELP)
@click.argument("directory", metavar="[DIR]", required=False)
@click.option("--strict", is_flag=True, help=msg.STRICT_HELP)
@click.option("-q", "--quiet", is_flag=True, help=msg.QUIET_HELP)
@click.option("--no-print", "no_print", is_flag=True, help=msg.NO_PRINT_HELP)
@click.pass_context
def build(ctx: click.Context, directory: str | None, strict: bool, quiet: bool, no_print: bool) -> None:
    from ..content.stamp import build_key, is_current

    started = time.perf_counter()
    root = project_dir(ctx, directory)
    key = build_key(root, prints=not no_print)  # before loading: an edit during the build shows next time
    if key is not None and is_current(key):
        sites = {audience: key.paths.site(audience) for audience in ("team", "public")}
        seconds = time.perf_counter() - started
        out_console.print(msg.BUILD_UNCHANGED.format(seconds=seconds, **sites), markup=False)
        return
    from ..pipeline import build as run_build  # only now: importing the build machinery takes a while
    from .printing import print_summary

    project = load_checked(root, strict, keep_later=True)  # problems before any slow work
    with make_progress(quiet) as progress_hook:
        try:
            result = run_build(project, progress=progress_hook, prints=not no_print, key=key)
        except ContentError:
            raise
        except PinganError as exc:
            raise Failure(msg.BUILD_FAILED.format(detail=exc.message), exc.hint) from None
    for warning in result.warnings:
        err_console.print(warning, style="yellow", markup=False)
    out_console.print(
        msg.BUILD_OK.format(
            seconds=result.seconds, team=result.outputs["team"], public=result.outputs["public"]
        ),
        markup=False,
    )
    for audience, built in result.sites.items():
        site = msg.SITE_TEAM if audience == "team" else msg.SITE_PUBLIC
        if built.full:
            reason = msg.FULL_BUILD_REASONS.get(built.reason, built.reason)
            line = msg.SITE_FULL_BUILD.format(site=site, pages=built.pages, reason=reason)
        else:
            line = msg.SITE_PAGES_REBUILT.format(site=site, rebuilt=built.rebuilt, pages=built.pages)
        out_console.print(line, markup=False)
    if result.prints is not None:
        summary = print_summary(result.prints, project.paths.print_dir, project.paths.trainer_dir)
        out_console.print(summary, markup=False)


@cli.command(help=msg.INIT_HELP)
@click.argument("directory", metavar="DIR")
@click.pass_context
def init(ctx: click.Context, directory: str) -> None:
    target = project_dir(ctx, directory)
    if target.exists() and any(target.iterdir()):
        raise Failure(msg.INIT_NOT_EMPTY.format(path=target), msg.INIT_NOT_EMPTY_HINT)
    shutil.copytree(SCAFFOLD, target, dirs_exist_ok=True)
    out_console.print(msg.INIT_OK.format(path=target), markup=False)
