"""The `pingan` command line: thin commands over the library (sqlite-utils style).

This module holds the group, shared helpers and the entry point; commands live
in one module per area (``cli/site.py`` for check/build/init, …), each
registering itself on ``cli``. Exit codes are a contract: 0 success, 2 content
errors, 1 anything else. Every expected failure is a ``PinganError``, caught once
in ``main``; commands only raise.
"""

# ruff: noqa: E402 (the imports below come after the collector is paused)
from __future__ import annotations

import gc

# The modules a command needs and their libraries (pydantic's models, click, rich; SQLAlchemy for
# the records commands) make a few hundred thousand objects that live as long as the process. The
# cycle collector walks them again and again while they are made, and at every full collection
# after: 0.3–0.5 CPU s of a county's `report --format json` (bench/README.md). So it is paused
# while they are imported, and they are then frozen (kept out of its sight; nothing imported
# here is ever garbage).
_COLLECTING = gc.isenabled()
gc.disable()

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console

from .. import messages as msg
from ..content import Project, load_project
from ..diagnostics import ContentError, Diagnostic, Severity
from ..errors import PinganError
from ..messages import outputs as otext
from ..publish import FULL_ERRNOS

EXIT_OK, EXIT_OTHER, EXIT_CONTENT = 0, 1, 2

# emoji=False: rich would turn "file:100:5" into a 💯 emoji.
err_console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out_console = Console(highlight=False, soft_wrap=True, emoji=False)

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Failure(PinganError):
    """A failure found by a command itself (a bad option, a file that exists…)."""

    def __init__(self, message: str, hint: str = "", code: int = EXIT_OTHER):
        super().__init__(message, hint)
        self.exit_code = code


class InterruptedAfter(Failure):
    """Ctrl-C in a command that had already saved part of its work (each scanned result is
    committed on its own): it says what was kept, instead of "nothing was written"."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message, hint, 128 + signal.SIGINT)


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in sorted(diagnostics):
        style = "red" if diagnostic.severity is Severity.ERROR else "yellow"
        err_console.print(diagnostic.format(), style=style, markup=False)


def project_dir(ctx: click.Context, directory: str | None) -> Path:
    base = Path(ctx.obj.get("chdir") or ".")
    return (base / directory) if directory else base


def load_checked(root: Path, strict: bool, keep_later: bool = False) -> Project:
    """Load a project, print warnings, and fail on errors (or on warnings when strict);
    ``keep_later``: see ``load_project``."""
    project = load_project(root, keep_later=keep_later)
    if strict and project.warnings:
        raise ContentError(project.warnings)
    print_diagnostics(project.warnings)
    return project


@click.group(context_settings=CONTEXT, help=msg.CLI_HELP)
@click.option("-C", "chdir", metavar="DIR", help=msg.CHDIR_HELP)
@click.version_option(package_name="pingan", message="pingan %(version)s")
@click.pass_context
def cli(ctx: click.Context, chdir: str | None) -> None:
    ctx.ensure_object(dict)
    ctx.obj["chdir"] = chdir


class make_progress:
    """Context manager yielding a progress hook for the pipeline (None when quiet or not a TTY)."""

    def __init__(self, quiet: bool):
        # Imported here: the records commands (a county's report in about a second) show no bar.
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.enabled = not quiet and err_console.is_terminal
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        )

    def __enter__(self) -> Callable[[str, int], Callable[[], None]] | None:
        if not self.enabled:
            return None
        self.progress.start()

        def hook(label: str, total: int) -> Callable[[], None]:
            task = self.progress.add_task(label, total=total)
            return lambda: self.progress.advance(task)

        return hook

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.progress.stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point: never shows a traceback to the user (unless PINGAN_DEBUG is set).

    Ctrl-C (or SIGTERM) anywhere becomes one message and exit 128 + the signal: the
    interrupt unwinds through every ``with`` block, so staging folders are removed and
    nothing half-written is left.
    """
    received: list[int] = []
    with _signals_as_interrupts(received):
        try:
            return _run(argv, received)
        except KeyboardInterrupt:
            pass
    err_console.print(otext.INTERRUPTED, style="bold red", markup=False)
    return 128 + (received[0] if received else signal.SIGINT)


@contextmanager
def _signals_as_interrupts(received: list[int]) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def interrupt(signum: int, _frame: object) -> None:
        received.append(signum)
        raise KeyboardInterrupt

    previous = {signum: signal.signal(signum, interrupt) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _run(argv: list[str] | None, received: list[int]) -> int:
    try:
        cli.main(args=argv, prog_name="pingan", standalone_mode=False)
        return EXIT_OK
    except click.exceptions.Abort as exc:  # click turns Ctrl-C into Abort
        if received or isinstance(exc.__cause__, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        return EXIT_OTHER
    except InterruptedAfter as exc:
        err_console.print(str(exc), style="bold red", markup=False)
        return (128 + received[0]) if received else exc.exit_code
    except Exception as exc:
        if received:  # e.g. Chromium, hit by the same Ctrl-C, failed first
            raise KeyboardInterrupt from None
        return _report(exc)


def _report(exc: Exception) -> int:
    if isinstance(exc, ContentError):
        print_diagnostics(exc.diagnostics)
        err_console.print(exc.message, style="bold red", markup=False)
        return exc.exit_code
    if isinstance(exc, PinganError):
        err_console.print(str(exc), style="bold red", markup=False)
        return exc.exit_code
    if isinstance(exc, click.exceptions.Exit):
        return exc.exit_code
    if isinstance(exc, click.ClickException):  # usage errors: exit 1, since 2 means content errors
        exc.show()
        return EXIT_OTHER
    if isinstance(exc, OSError) and exc.errno in FULL_ERRNOS:
        where = f"：{exc.filename}" if exc.filename else ""
        err_console.print(otext.DISK_FULL_UNKNOWN.format(where=where), style="bold red", markup=False)
        return EXIT_OTHER
    if os.environ.get("PINGAN_DEBUG"):
        raise exc
    internal = PinganError(
        msg.INTERNAL_ERROR.format(detail=f"{type(exc).__name__}: {exc}"), msg.INTERNAL_ERROR_HINT
    )
    err_console.print(str(internal), style="bold red", markup=False)
    return EXIT_OTHER


# Command modules register themselves on `cli` when imported.
from . import printing, quiz, records, scorer, serve, site

gc.freeze()
if _COLLECTING:
    gc.enable()

__all__ = ["cli", "main", "printing", "quiz", "records", "scorer", "serve", "site"]

if __name__ == "__main__":
    sys.exit(main())
