"""Commands for records: roster / attendance / answers import, report, demo-records."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table as RichTable

from ..diagnostics import relative
from ..messages import records as rmsg
from ..messages import scorer as smsg
from ..publish import ensure_output_folder
from . import Failure, cli, load_checked, out_console, print_diagnostics, project_dir


def _project(ctx: click.Context):
    return load_checked(project_dir(ctx, None), strict=False)


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
@click.pass_context
def report(
    ctx: click.Context,
    month: str | None,
    quarter: str | None,
    year: str | None,
    fmt: str,
    output: Path | None,
    as_of: str | None,
) -> None:
    from ..scorer.compliance import parse_period
    from ..scorer.database import open_records
    from ..scorer.reports import build_report, to_csv, to_json, write_xlsx
    from ..scorer.sessions import outside_sessions

    period = parse_period(month, quarter, year)
    day = _day(as_of, smsg.AS_OF_HINT)
    project = _project(ctx)
    with open_records(project) as db:
        result = build_report(project, db, period, day)
        outside = outside_sessions(project, db, period) if fmt == "table" else []
    if fmt == "xlsx":
        if output is None:  # into trainer/, marked as pingan's so a build may replace it
            (trainer,) = project.paths.destinations(["trainer_dir"])
            ensure_output_folder(trainer, project.root)
        target = output or project.paths.trainer_dir / smsg.LEDGER_FILE.format(period=period.label)
        write_xlsx(result, project, target)
        out_console.print(smsg.REPORT_WRITTEN.format(path=target), markup=False)
        return
    text = {"json": lambda: to_json(result), "csv": lambda: to_csv(result, project)}.get(fmt)
    if text is not None:
        if output:
            output.write_text(text(), encoding="utf-8")
            out_console.print(smsg.REPORT_WRITTEN.format(path=output), markup=False)
        else:
            sys.stdout.write(text())
        return
    print_table(result, project)
    if outside:
        where = "；".join(
            rmsg.OUTSIDE_SESSION.format(
                date=line.date.isoformat(), kind=rmsg.KIND_WORDS[line.kind], course=line.course, id=line.id
            )
            for line in outside
        )
        out_console.print(rmsg.OUTSIDE_SESSIONS.format(count=len(outside), sessions=where), markup=False)


def print_table(result, project) -> None:
    from ..scorer.reports import MEMBER_COLUMNS, member_rows, shown

    table = RichTable(title=smsg.REPORT_TITLE.format(period=result.period.label), show_lines=False)
    for column in MEMBER_COLUMNS:
        table.add_column(column, overflow="fold")
    for row in member_rows(result, project):
        style = "red" if row.fell_short else None
        table.add_row(*[shown(str(v)) for v in row], style=style)
    # A ledger is wide: when piped or redirected, do not squeeze it into 80 columns.
    console = out_console if out_console.is_terminal else Console(width=160, highlight=False)
    console.print(table)
    for team in result.teams:
        out_console.print(shown(smsg.TEAM_LINE.format(**vars(team))), markup=False)


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
