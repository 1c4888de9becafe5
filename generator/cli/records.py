"""Commands that look at and correct the records: sessions, attendance set, the import log,
reset, and results read from a 2D scanner."""

from __future__ import annotations

import sys
from collections import Counter
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table as RichTable

from ..messages import records as rmsg
from . import (
    EXIT_CONTENT,
    Failure,
    InterruptedAfter,
    cli,
    err_console,
    out_console,
    project_dir,
)
from .scorer import answers, attendance, records_project

if TYPE_CHECKING:  # the scorer (SQLAlchemy) is imported only by the commands that use it
    from ..scorer.scan import ScanResult


def _project(ctx: click.Context):
    return records_project(project_dir(ctx, None))


def _wide() -> Console:
    """A console for tables: the terminal, or 160 columns when piped (never squeezed into 80)."""
    return out_console if out_console.is_terminal else Console(width=160, highlight=False, emoji=False)


def _confirm(question: str, yes: bool) -> None:
    """Ask before a change that cannot be undone; Failure when declined or nobody can answer."""
    if yes:
        return
    try:
        agreed = click.confirm(question, default=False, err=True)
    except click.exceptions.Abort:
        err_console.print()  # end the question's line before saying why
        raise Failure(rmsg.NEED_YES, rmsg.NEED_YES_HINT) from None
    if not agreed:
        raise Failure(rmsg.CANCELLED)


# --- sessions -------------------------------------------------------------------------------


@cli.group(help=rmsg.SESSIONS_HELP)
def sessions() -> None:
    pass


@sessions.command("list", help=rmsg.SESSIONS_LIST_HELP)
@click.option("--month", metavar="YYYY-MM", help=rmsg.OPT_SESSIONS_MONTH)
@click.option("--quarter", metavar="YYYYQn", help=rmsg.OPT_SESSIONS_QUARTER)
@click.option("--year", metavar="YYYY", help=rmsg.OPT_SESSIONS_YEAR)
@click.pass_context
def sessions_list(ctx: click.Context, month: str | None, quarter: str | None, year: str | None) -> None:
    from ..scorer.compliance import parse_period
    from ..scorer.database import open_records
    from ..scorer.sessions import STATUSES, list_sessions

    period = parse_period(month, quarter, year) if (month or quarter or year) else None
    label = period.label if period else rmsg.SESSIONS_ALL
    project = _project(ctx)
    with open_records(project) as db:
        lines = list_sessions(project, db, period)
    if not lines:
        out_console.print(rmsg.SESSIONS_EMPTY.format(period=label), markup=False)
        return
    table = RichTable(title=rmsg.SESSIONS_TITLE.format(period=label))
    for column in (rmsg.COL_SESSION, rmsg.COL_DATE, rmsg.COL_KIND, rmsg.COL_COURSE, rmsg.COL_PLACE):
        table.add_column(column, overflow="fold")
    for status in STATUSES:
        table.add_column(rmsg.STATUS_WORDS[status], justify="right")
    for line in lines:
        course = (
            f"{line.course}{rmsg.OUTSIDE_MARK}" if line.outside_content else f"{line.course} {line.title}"
        )
        table.add_row(
            str(line.id),
            line.date.isoformat(),
            rmsg.KIND_WORDS.get(line.kind, line.kind),
            course,
            line.place,
            *(str(line.counts.get(status, 0)) for status in STATUSES),
        )
    _wide().print(table)


@sessions.command("show", help=rmsg.SESSIONS_SHOW_HELP)
@click.argument("session_id", metavar="ID")
@click.pass_context
def sessions_show(ctx: click.Context, session_id: str) -> None:
    from ..scorer.database import open_records
    from ..scorer.sessions import describe, parse_session_id, show_session, status_word

    project = _project(ctx)
    with open_records(project) as db:
        detail = show_session(project, db, parse_session_id(session_id))
    line = detail.session
    counts = "，".join(
        rmsg.COUNT_ITEM.format(status=status_word(status), count=count)
        for status, count in line.counts.items()
    )
    header = rmsg.SESSION_HEADER.format(
        session=describe(line),
        title=line.title,
        outside=rmsg.OUTSIDE_MARK if line.outside_content else "",
        trainer=line.trainer or "-",
        total=line.total,
        counts=counts or "-",
    )
    out_console.print(header, markup=False)
    if not detail.attendance:
        out_console.print(rmsg.SESSION_NO_ATTENDANCE, markup=False)
        return
    table = RichTable()
    for column in (rmsg.COL_MEMBER, rmsg.COL_NAME, rmsg.COL_TEAM, rmsg.COL_STATUS, rmsg.COL_CORRECTIONS):
        table.add_column(column, overflow="fold")
    for record in detail.attendance:
        corrections = "\n".join(
            rmsg.CORRECTION_LINE.format(
                previous=status_word(c.previous),
                status=status_word(c.status),
                reason=c.reason,
                user=c.user,
                at=c.at.isoformat(sep=" ", timespec="minutes"),
            )
            for c in record.corrections
        )
        name = record.name or rmsg.NOT_IN_ROSTER
        table.add_row(record.member_id, name, record.team, status_word(record.status), corrections)
    _wide().print(table)


@sessions.command("remove", help=rmsg.SESSIONS_REMOVE_HELP)
@click.argument("session_id", metavar="ID")
@click.option("--yes", is_flag=True, help=rmsg.OPT_YES)
@click.pass_context
def sessions_remove(ctx: click.Context, session_id: str, yes: bool) -> None:
    from ..scorer.database import open_records
    from ..scorer.sessions import describe, parse_session_id, remove_session, show_session

    project = _project(ctx)
    with open_records(project) as db:
        number = parse_session_id(session_id)
        line = show_session(project, db, number).session
        _confirm(rmsg.REMOVE_CONFIRM.format(session=describe(line), count=line.total), yes)
        removed = remove_session(project, db, number)
    out_console.print(rmsg.REMOVED.format(session=describe(removed), count=removed.total), markup=False)


# --- corrections ---------------------------------------------------------------------------------


@attendance.command("set", help=rmsg.ATTENDANCE_SET_HELP)
@click.argument("member")
@click.argument("session_id", metavar="SESSION")
@click.argument("status")
@click.option("--reason", default="", help=rmsg.OPT_REASON)  # checked by set_attendance, in Chinese
@click.pass_context
def attendance_set(ctx: click.Context, member: str, session_id: str, status: str, reason: str) -> None:
    from ..scorer.database import open_records
    from ..scorer.sessions import describe, parse_session_id, set_attendance, status_word

    project = _project(ctx)
    with open_records(project) as db:
        done = set_attendance(project, db, member, parse_session_id(session_id), status, reason)
    who = {"member": done.member.id, "name": done.member.name, "session": describe(done.session)}
    if not done.changed:
        out_console.print(rmsg.NOT_CHANGED.format(**who, status=status_word(done.status)), markup=False)
        return
    out_console.print(
        rmsg.CORRECTED.format(
            **who,
            previous=status_word(done.previous),
            status=status_word(done.status),
            reason=" ".join(reason.split()),
        ),
        markup=False,
    )
    if done.before_joining and done.member.joined:
        warning = rmsg.CORRECTED_BEFORE_JOINING.format(
            member=done.member.id,
            name=done.member.name,
            joined=done.member.joined.isoformat(),
            date=done.session.date.isoformat(),
        )
        err_console.print(warning, style="yellow", markup=False)


# --- the import log and reset --------------------------------------------------------------------


@cli.group(help=rmsg.RECORDS_HELP)
def records() -> None:
    pass


@records.command("log", help=rmsg.RECORDS_LOG_HELP)
@click.pass_context
def records_log(ctx: click.Context) -> None:
    from ..scorer.database import open_records
    from ..scorer.importlog import LOG_COLUMNS, log_rows

    project = _project(ctx)
    with open_records(project) as db:
        rows, label = log_rows(db), db.label
    if not rows:
        out_console.print(rmsg.LOG_EMPTY.format(db=label), markup=False)
        return
    table = RichTable(title=rmsg.LOG_TITLE.format(db=label))
    for column in LOG_COLUMNS:
        table.add_column(column, overflow="fold")
    for row in rows:
        at = row.at.isoformat(sep=" ", timespec="seconds")
        numbers = (str(row.added), str(row.changed), str(row.unchanged))
        table.add_row(at, row.action, row.source, row.sha256[:12], *numbers, row.user, row.note)
    _wide().print(table)


@records.command("reset", help=rmsg.RECORDS_RESET_HELP)
@click.option("--yes", is_flag=True, help=rmsg.OPT_YES)
@click.pass_context
def records_reset(ctx: click.Context, yes: bool) -> None:
    from ..scorer.database import open_records
    from ..scorer.sessions import count_records, reset_records

    project = _project(ctx)
    with open_records(project) as db:
        counts = count_records(db)
        if counts.empty:
            out_console.print(rmsg.RESET_NOTHING.format(db=db.label), markup=False)
            return
        _confirm(rmsg.RESET_CONFIRM.format(db=db.label, **vars(counts)), yes)
        cleared = reset_records(db)
    out_console.print(rmsg.RESET_DONE.format(**vars(cleared)), markup=False)


# --- the scanner -------------------------------------------------------------------------------------


@answers.command("scan", help=rmsg.ANSWERS_SCAN_HELP)
@click.pass_context
def answers_scan(ctx: click.Context) -> None:
    from ..scorer.database import open_records
    from ..scorer.scan import ResultScanner, read_lines

    project = _project(ctx)
    stdin = sys.stdin.buffer  # bytes: a line that is not UTF-8 is refused with a reason, not a crash
    tally: Counter[str] = Counter()
    with open_records(project) as db:
        scanner = ResultScanner(project, db)
        if stdin.isatty():
            err_console.print(rmsg.SCAN_READY, markup=False)
        try:
            for number, raw in enumerate(read_lines(stdin), start=1):
                result = scanner.scan(raw, number)
                if result is None:
                    continue
                tally[result.outcome] += 1
                _print_scan(result)
        except KeyboardInterrupt:
            # Each result was committed as it was scanned: say what is kept, not "nothing written".
            out_console.print(_scan_summary(tally), markup=False)
            raise InterruptedAfter(rmsg.SCAN_INTERRUPTED.format(added=tally["added"])) from None
    out_console.print(_scan_summary(tally), markup=False)
    if tally["refused"]:
        raise Failure(
            rmsg.SCAN_SOME_REFUSED.format(refused=tally["refused"]), rmsg.SCAN_SOME_REFUSED_HINT, EXIT_CONTENT
        )


def _scan_summary(tally: Counter[str]) -> str:
    return rmsg.SCAN_SUMMARY.format(
        total=sum(tally.values()),
        added=tally["added"],
        duplicate=tally["duplicate"],
        refused=tally["refused"],
    )


def _print_scan(result: ScanResult) -> None:
    """One line of feedback per scan: who, which bank, what score; or why it was not imported."""
    if result.outcome == "refused":
        why = "；".join(
            f"{p.field}: {p.message}（{p.hint}）" if p.field else f"{p.message}（{p.hint}）"
            for p in result.problems
        )
        out_console.print(rmsg.SCAN_REFUSED.format(line=result.number, why=why), style="red", markup=False)
        return
    template = rmsg.SCAN_ADDED if result.outcome == "added" else rmsg.SCAN_DUPLICATE
    out_console.print(
        template.format(
            line=result.number,
            name=result.member.name if result.member else "?",
            member=result.member.id if result.member else "?",
            bank=result.bank,
            score=round(result.score or 0, 1),
            verdict=rmsg.SCAN_PASSED if result.passed else rmsg.SCAN_FAILED,
        ),
        markup=False,
    )
    for warning in result.warnings:
        err_console.print(f"  [{warning.severity}] {warning.message}", style="yellow", markup=False)
