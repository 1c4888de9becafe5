"""Commands for records: roster / attendance / answers import, report, demo-records."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ..diagnostics import relative
from ..messages import records as rmsg
from ..messages import scorer as smsg
from . import Failure, cli, err_console, out_console, print_diagnostics, project_dir


def _project(ctx: click.Context):
    return records_project(project_dir(ctx, None))


def records_project(root: Path):
    """The project as a records command reads it: from the project cache when its files are
    unchanged (a county's roster costs seconds to read; ``content.cache``), warnings printed."""
    from ..content import load_project

    project = load_project(root, cached=True)
    print_diagnostics(project.warnings)
    return project


def _rel(project, path: Path) -> str:
    return relative(path.resolve(), project.root)


def _day(text: str | None, hint: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise Failure(smsg.BAD_DATE_CELL.format(value=text), hint) from None


@cli.group(help=smsg.ROSTER_HELP)
def roster() -> None:
    pass


@roster.command("import", help=smsg.ROSTER_IMPORT_HELP)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-new-teams", is_flag=True, help=rmsg.OPT_NO_NEW_TEAMS)
@click.pass_context
def roster_import(ctx: click.Context, file: Path, no_new_teams: bool) -> None:
    from ..scorer.roster_import import import_roster

    project = _project(ctx)
    result = import_roster(project, file, _rel(project, file), new_teams=not no_new_teams)
    if result.teams_added:
        teams = "、".join(rmsg.TEAM_ADDED.format(name=t.name, id=t.id) for t in result.teams_added)
        out_console.print(rmsg.TEAMS_ADDED.format(count=len(result.teams_added), teams=teams), markup=False)
    out_console.print(
        smsg.ROSTER_IMPORT_OK.format(
            added=result.added,
            updated=result.updated,
            unchanged=result.unchanged,
            path=_rel(project, result.path),
        ),
        markup=False,
    )


@cli.group(help=smsg.ATTENDANCE_HELP)
def attendance() -> None:
    pass


@attendance.command("import", help=smsg.ATTENDANCE_IMPORT_HELP)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help=rmsg.OPT_STRICT_COURSES)
@click.pass_context
def attendance_import(ctx: click.Context, file: Path, strict: bool) -> None:
    from ..scorer.attendance import import_attendance, read_attendance
    from ..scorer.database import open_records

    project = _project(ctx)
    rows = read_attendance(project, file, _rel(project, file), strict=strict)
    print_diagnostics(rows.warnings)
    with open_records(project) as db:
        result = import_attendance(db, rows)
    out_console.print(
        smsg.ATTENDANCE_IMPORT_OK.format(
            sessions=result.sessions, added=result.added, updated=result.updated, unchanged=result.unchanged
        ),
        markup=False,
    )
    if result.kept:
        out_console.print(rmsg.ATTENDANCE_KEPT.format(kept=result.kept), markup=False)


@cli.group(help=smsg.ANSWERS_HELP)
def answers() -> None:
    pass


@answers.command("import", help=smsg.ANSWERS_IMPORT_HELP)
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--date", "day", metavar="YYYY-MM-DD", help=smsg.OPT_ANSWERS_DATE)
@click.pass_context
def answers_import(ctx: click.Context, files: tuple[Path, ...], day: str | None) -> None:
    from ..scorer.answers import import_submissions, read_submissions
    from ..scorer.database import open_records

    default_day = _day(day, smsg.ANSWERS_DATE_HINT)
    project = _project(ctx)
    paths = [(f, _rel(project, f)) for f in files]
    submissions, warnings = read_submissions(project, paths, default_day)
    print_diagnostics(warnings)
    with open_records(project) as db:
        result = import_submissions(project, db, submissions)
    out_console.print(
        smsg.ANSWERS_IMPORT_OK.format(attempts=result.attempts, added=result.added, skipped=result.skipped),
        markup=False,
    )


@cli.command(help=smsg.REPORT_HELP)
@click.option("--month", metavar="YYYY-MM", help=smsg.OPT_MONTH)
@click.option("--quarter", metavar="YYYYQn", help=smsg.OPT_QUARTER)
@click.option("--year", metavar="YYYY", help=smsg.OPT_YEAR)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "xlsx"]),
    default="table",
    show_default=True,
    help=smsg.OPT_FORMAT,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=smsg.OPT_OUTPUT,
)
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help=smsg.OPT_AS_OF)
@click.option("--wide", is_flag=True, help=smsg.OPT_WIDE)
@click.pass_context
def report(
    ctx: click.Context,
    month: str | None,
    quarter: str | None,
    year: str | None,
    fmt: str,
    output: Path | None,
    as_of: str | None,
    wide: bool,
) -> None:
    # Each format imports only what it writes with (the xlsx ledger module brings its writer and,
    # for a PDF, the print pipeline; the file formats no SQLAlchemy): a county's JSON report is
    # wanted in under two seconds.
    from ..scorer.compliance import parse_period
    from ..scorer.reports import build_report, to_csv, to_json

    period = parse_period(month, quarter, year)
    day = _day(as_of, smsg.AS_OF_HINT)
    project = _project(ctx)
    with _report_records(project, fmt) as db:
        result = build_report(project, db, period, day)
        outside = _outside_sessions(project, db, period) if fmt == "table" else []
        log = _log_rows(db) if fmt == "xlsx" else None
    if fmt == "xlsx":
        from ..scorer.ledger import write_xlsx

        # Not into trainer/: the next build replaces that folder whole (docs/records.md «台账文件»).
        target = output or project.paths.reports_dir / smsg.LEDGER_FILE.format(period=period.label)
        _write_report(target, lambda path: write_xlsx(result, project, path, log), made=output is None)
        _print_warnings(result.warnings)
        out_console.print(smsg.REPORT_WRITTEN.format(path=target), markup=False)
        return
    text = {"json": lambda: to_json(result), "csv": lambda: to_csv(result, project)}.get(fmt)
    if text is not None:
        if output:
            _write_report(output, lambda path: path.write_text(text(), encoding="utf-8"))
            _print_warnings(result.warnings)
            out_console.print(smsg.REPORT_WRITTEN.format(path=output), markup=False)
        else:
            sys.stdout.write(text())
        return
    print_table(result, project, wide)
    if outside:
        where = "；".join(
            rmsg.OUTSIDE_SESSION.format(
                date=line.date.isoformat(), kind=rmsg.KIND_WORDS[line.kind], course=line.course, id=line.id
            )
            for line in outside
        )
        message = rmsg.OUTSIDE_SESSIONS.format(count=len(outside), sessions=where)
        out_console.print(terminal_text(message), markup=False)


def _report_records(project, fmt: str):
    """The records database as a report reads it: a file output through the driver alone when the
    database is at the newest schema (``scorer.plainread``: no SQLAlchemy to import, half a second
    of a county's report); the terminal table, which also lists sessions, the usual way."""
    if fmt != "table":
        from ..scorer.plainread import open_plain

        plain = open_plain(project.paths)
        if plain is not None:
            return plain
    from ..scorer.database import open_records

    return open_records(project)


def _write_report(target: Path, write: Callable[[Path], None], made: bool = False) -> None:
    """``write(path)`` into a temporary file beside ``target``, renamed over it only once whole: a
    full disk or a refusal leaves an earlier file of that name as it was. The folder of a file
    named with ``-o`` must exist (a mistyped path makes no folders); ``made``: pingan's own
    台账 folder, made when missing. What the system refuses is said in Chinese."""
    from ..publish import reason

    folder = target.parent
    if made:
        with contextlib.suppress(OSError):  # a failure is said when the file is written
            folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        raise Failure(smsg.REPORT_NO_FOLDER.format(folder=folder), smsg.REPORT_NO_FOLDER_HINT)
    temporary = folder / f".{target.name}.pingan-{os.getpid()}"
    try:
        write(temporary)
        os.replace(temporary, target)
    except OSError as exc:
        detail = reason(exc)
        raise Failure(
            smsg.REPORT_WRITE_FAILED.format(path=target, detail=detail), smsg.REPORT_WRITE_HINT
        ) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _outside_sessions(project, db, period) -> list:
    from ..scorer.sessions import outside_sessions

    return outside_sessions(project, db, period)


def _log_rows(db) -> list:
    from ..scorer.importlog import log_rows

    return log_rows(db)


def _print_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        err_console.print(smsg.WARNING_LINE.format(warning=warning), style="bold yellow", markup=False)


def print_table(result, project, wide: bool = False) -> None:
    """The ledger on a terminal: every column with ``--wide`` (or on a wide terminal); on a
    narrow one (80 columns) a summary line and a short table per team, so nothing wraps into a grid.
    Every cell is a ``Text``: a name such as ``[bold]x`` is shown as typed, never as markup."""
    from ..scorer.reports import member_columns, member_rows, report_title

    width = out_console.width
    rows = member_rows(result, project)
    drills = result.judges_drills
    team_line = smsg.TEAM_LINE if drills else smsg.TEAM_LINE_MONTH
    console = Console(width=max(width, FULL_TABLE_WIDTH) if wide else width, highlight=False, emoji=False)
    console.print(Text(terminal_text(report_title(result)), style="bold"))
    for warning in result.warnings:
        console.print(Text(smsg.WARNING_LINE.format(warning=warning), style="bold yellow"))
    if wide or width >= FULL_TABLE_WIDTH:
        table = RichTable(show_lines=False)
        for column in member_columns(drills):
            table.add_column(column, overflow="fold")
        for row in rows:
            style = "red" if row.fell_short else ""
            table.add_row(*[Text(terminal_text(str(v)), style=style) for v in row.cells(drills)])
        console.print(table)
        for team in result.teams:
            console.print(Text(terminal_text(team_line.format(**vars(team)))))
        return
    for team in result.teams:
        console.print(Text(terminal_text(team_line.format(**vars(team))), style="bold"))
        table = RichTable(show_lines=False, box=None, padding=(0, 1))
        for column in NARROW_COLUMNS[drills]:
            table.add_column(column, overflow="fold", no_wrap=column != smsg.COL_MISSING)
        for row in (r for r in rows if r.team == team.name):
            cells = [row.id, row.name, row.training, *([row.drill] if drills else []), row.missing]
            style = "red" if row.fell_short else ""
            table.add_row(*[Text(terminal_text(str(v)), style=style) for v in cells])
        console.print(table)


FULL_TABLE_WIDTH = 120  # every column of a year's ledger fits without folding from here
NARROW_COLUMNS = {
    True: [smsg.COL_ID, smsg.COL_NAME, smsg.COL_TRAINING_OK, smsg.COL_DRILL_OK, smsg.COL_MISSING],
    False: [smsg.COL_ID, smsg.COL_NAME, smsg.COL_TRAINING_OK, smsg.COL_MISSING],
}
_TERMINAL_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_text(value: str) -> str:
    """Text as a terminal may show it: masked like every report, and without control characters
    (an escape sequence typed into a name must not move the cursor or recolour the screen)."""
    from ..scorer.reports import shown

    return _TERMINAL_CONTROLS.sub("", shown(value))


@cli.command("demo-records", help=smsg.DEMO_HELP)
@click.option("--members", type=click.IntRange(1), default=30, show_default=True, help=smsg.OPT_MEMBERS)
@click.option("--months", type=click.IntRange(1, 240), default=12, show_default=True, help=smsg.OPT_MONTHS)
@click.option("--start", default="2024-01", show_default=True, metavar="YYYY-MM", help=smsg.OPT_START)
@click.option("--seed", type=int, default=7, show_default=True, help=smsg.OPT_SEED)
@click.option("--extend-roster", is_flag=True, help=smsg.OPT_EXTEND_ROSTER)
@click.option("--replace", is_flag=True, help=rmsg.OPT_REPLACE)
@click.pass_context
def demo_records(
    ctx: click.Context, members: int, months: int, start: str, seed: int, extend_roster: bool, replace: bool
) -> None:
    from ..content import load_project
    from ..scorer.database import open_records
    from ..scorer.demo import generate, synthetic_members
    from ..scorer.roster_import import write_roster

    try:
        first = dt.date.fromisoformat(start + "-01")
    except ValueError:
        raise Failure(smsg.BAD_PERIOD.format(value=start), smsg.DEMO_START_HINT) from None
    project = _project(ctx)
    roster = project.roster
    if members > len(roster.members) and (not extend_roster or not roster.teams):
        raise Failure(
            smsg.DEMO_TOO_MANY.format(have=len(roster.members), want=members), smsg.DEMO_TOO_MANY_HINT
        )
    with open_records(project) as db:
        # Refused before the roster is extended: a refused command changes nothing.
        if db.has_records() and not replace:
            raise Failure(smsg.DEMO_NOT_EMPTY.format(url=db.label), rmsg.DEMO_NOT_EMPTY_HINT)
        if members > len(roster.members):
            extra = synthetic_members(
                roster.members,
                members - len(roster.members),
                [t.id for t in roster.teams],
                random.Random(seed),
            )
            existing = [m.model_dump(exclude_none=True) for m in roster.members]
            write_roster(project.root / "content/roster.yml", roster, existing + extra)
            project = load_project(project.root)
        result = generate(project, db, project.roster.members[:members], first, months, seed, replace)
    out_console.print(smsg.DEMO_OK.format(**vars(result)), markup=False)
