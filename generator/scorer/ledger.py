"""The 台账 an office hands in: the same sheets as an xlsx workbook and, through the
print pipeline, as a PDF.

Each sheet opens with the organisation's name and the period in Chinese
(2024年第二季度) as its title, a line saying to when it counts and what the rule is,
the coverage warnings, then the column headers (repeated on every printed page) and
the rows; it ends with 制表人、审核人、填表日期 lines to sign. Numbers are stored as
numbers with number formats (a rate as a percent), so a clerk can sum and sort them.

The workbook is written with XlsxWriter, each sheet's rows turned into XML at once
(``xlsxrows``): a county's ledger has ten thousand members, and a cell object per value
(openpyxl's, then XlsxWriter's) took most of the time. The
workbook (not the PDF) ends with the import log: which file was imported or which
record corrected, when, by whom, with its SHA-256.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content import Project
from ..escape import formula_like
from ..messages import scorer as smsg
from ..render import cn_date
from .compliance import month_only
from .importlog import LOG_COLUMNS, LogRow
from .reports import (
    Report,
    collector_paused,
    member_columns,
    member_rows,
    missing_text,
    quiz_percent,
    report_title,
)
from .reports import shown as scrubbed

if TYPE_CHECKING:  # the print pipeline is imported by the PDF only, not by `report --format xlsx`
    from ..printing import Output
    from ..printing.kinds import LedgerItem

PERCENT = "0%"
INTEGER = "0"
DECIMAL = "0.00"


@dataclass(frozen=True)
class Column:
    header: str
    format: str | None = None  # an Excel number format for numeric cells
    wrap: bool = False  # long text (what is missing, notes): the one kind of cell a printed line may break


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: list[Column]
    rows: list[list[Any]]  # text, int, float (a rate 0..1 under PERCENT) or None (empty)

    @property
    def header(self) -> list[str]:
        return [c.header for c in self.columns]


def ledger_sheets(report: Report, project: Project) -> list[Sheet]:
    return [
        summary_sheet(report),
        members_sheet(report, project),
        missing_sheet(report, project),
        quiz_sheet(report),
        items_sheet(report),
    ]


def _rate(ok: int, due: int) -> float | None:
    return round(ok / due, 4) if due else None


def summary_sheet(report: Report) -> Sheet:
    """Per team: how many were judged and met the rule, and each month's rate."""
    unrecorded = set(report.unrecorded_months)
    columns = [Column(smsg.COL_TEAM), Column(smsg.COL_MEMBERS, INTEGER)]
    columns += [Column(smsg.COL_TRAINING_DUE_COUNT, INTEGER), Column(smsg.COL_TRAINING_OK_COUNT, INTEGER),
                Column(smsg.COL_TRAINING_RATE, PERCENT)]  # fmt: skip
    if report.judges_drills:
        columns += [Column(smsg.COL_DRILL_DUE_COUNT, INTEGER), Column(smsg.COL_DRILL_OK_COUNT, INTEGER),
                    Column(smsg.COL_DRILL_RATE, PERCENT)]  # fmt: skip
    months = report.period.months if len(report.period.months) > 1 else []
    # The year is in the title: 1月达标率 keeps twelve months on one printed page.
    columns += [Column(smsg.COL_MONTH_RATE_CN.format(month=month_only(m)), PERCENT) for m in months]
    rows = []
    for t in report.teams:
        row: list[Any] = [
            t.name,
            t.members,
            t.training_due,
            t.training_ok,
            _rate(t.training_ok, t.training_due),
        ]
        if report.judges_drills:
            row += [t.drill_due, t.drill_ok, _rate(t.drill_ok, t.drill_due)]
        row += [smsg.OK_UNRECORDED if m in unrecorded else t.monthly_rate[m] for m in months]
        rows.append(row)
    return Sheet(smsg.SHEET_SUMMARY, columns, rows)


def members_sheet(report: Report, project: Project) -> Sheet:
    drills = report.judges_drills
    formats = {smsg.COL_TRAININGS: INTEGER, smsg.COL_DRILLS: INTEGER}
    wrapped = {smsg.COL_MISSING}
    columns = [Column(h, formats.get(h), h in wrapped) for h in member_columns(drills)]
    return Sheet(smsg.SHEET_MEMBERS, columns, [row.cells(drills) for row in member_rows(report, project)])


def missing_sheet(report: Report, project: Project) -> Sheet:
    team_names = {t.id: t.name for t in project.roster.teams}
    rows = [
        [
            m.compliance.id,
            m.compliance.name,
            team_names.get(m.compliance.team, ""),
            missing_text(m.compliance),
        ]
        for m in report.missing
    ]
    columns = [
        Column(smsg.COL_ID),
        Column(smsg.COL_NAME),
        Column(smsg.COL_TEAM),
        Column(smsg.COL_MISSING, wrap=True),
    ]
    return Sheet(smsg.SHEET_MISSING, columns, rows)


def quiz_sheet(report: Report) -> Sheet:
    columns = [Column(smsg.COL_ID), Column(smsg.COL_NAME), Column(smsg.COL_BANK),
               Column(smsg.COL_ATTEMPTS, INTEGER), Column(smsg.COL_BEST, INTEGER),
               Column(smsg.COL_LATEST, INTEGER), Column(smsg.COL_PASSED)]  # fmt: skip
    rows = [
        [
            m.compliance.id,
            m.compliance.name,
            report.bank_titles.get(q.bank, q.bank),
            q.attempts,
            quiz_percent(q.best),
            quiz_percent(q.latest),
            smsg.YES if q.passed else smsg.NO,
        ]
        for m in report.members
        for q in m.quizzes
    ]
    return Sheet(smsg.SHEET_QUIZ, columns, rows)


def items_sheet(report: Report) -> Sheet:
    columns = [Column(smsg.COL_BANK), Column(smsg.COL_QUESTION), Column(smsg.COL_FACILITY, PERCENT),
               Column(smsg.COL_DISCRIMINATION, DECIMAL), Column(smsg.COL_NOTE, wrap=True)]  # fmt: skip
    rows = [
        [
            report.bank_titles.get(b.bank_id, b.bank_id),
            i.question_id,
            round(i.facility, 4),
            None if i.discrimination is None else round(i.discrimination, 2),
            item_note(b.attempts, i.flagged, report.min_answers),
        ]
        for b in report.banks
        for i in b.items
    ]
    return Sheet(smsg.SHEET_ITEMS, columns, rows)


def item_note(answers: int, flagged: bool, minimum: int) -> str:
    """请核对答案 only on enough answers to mean something; below that, say so."""
    if answers < minimum:
        return smsg.TOO_FEW_ANSWERS.format(count=answers, minimum=minimum)
    return smsg.CHECK_KEY if flagged else ""


def subtitle(report: Report) -> str:
    """To when it counts and what the rule is."""
    drills = (
        smsg.LEDGER_SUBTITLE_DRILLS.format(drills=report.drills_per_quarter) if report.judges_drills else ""
    )
    return smsg.LEDGER_SUBTITLE.format(
        as_of=cn_date(min(report.as_of, report.period.end)),
        trainings=report.trainings_per_month,
        drills=drills,
    )


# --- the PDF (and the trainer's HTML report), through the print pipeline -----------------------------


def cell_text(value: Any, number_format: str | None) -> str:
    """A cell as the xlsx shows it under its number format."""
    if value is None:
        return ""
    if number_format == PERCENT and isinstance(value, float):
        return f"{value:.0%}"
    if number_format == DECIMAL and isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def ledger_item(report: Report, project: Project) -> LedgerItem:
    """The ledger as a printable document: the same sheets, the same title and signatures."""
    from ..printing.kinds import LedgerItem, LedgerTable

    tables = []
    for sheet in ledger_sheets(report, project):
        formats = [c.format for c in sheet.columns]
        rows = [[scrubbed(cell_text(v, f)) for v, f in zip(row, formats, strict=True)] for row in sheet.rows]
        numeric = [f is not None for f in formats]
        tables.append(LedgerTable(sheet.name, sheet.header, rows, numeric, [c.wrap for c in sheet.columns]))
    return LedgerItem(
        key=smsg.LEDGER_ITEM_TITLE.format(period=report.period.label),
        title=scrubbed(report_title(report)),
        subtitle=subtitle(report),
        warnings=[smsg.WARNING_LINE.format(warning=w) for w in report.warnings],
        tables=tables,
        signatures=smsg.LEDGER_SIGNATURES,
    )


def ledger_outputs(reports: list[Report], project: Project) -> list[Output]:
    """A PDF to hand in and an HTML page to read, per report, for the trainer folder only."""
    from ..printing import KINDS, Output
    from ..printing.kinds import extra_formats

    kind = KINDS["ledger"]
    outputs = []
    for report in reports:
        item = ledger_item(report, project)
        outputs += [Output(kind, item, "pdf"), *extra_formats(kind, item)]
    return outputs


# --- the xlsx workbook ------------------------------------------------------------------------------


def import_log_sheet(log: list[LogRow]) -> Sheet:
    """Every import and correction, oldest first: the evidence behind the figures."""
    counts = {6, 7, 8}  # 新增, 更改, 未变 (1-based positions in LOG_COLUMNS)
    columns = [
        Column(name, INTEGER if n in counts else None, wrap=n == len(LOG_COLUMNS))
        for n, name in enumerate(LOG_COLUMNS, start=1)
    ]
    rows = [[row.at.strftime("%Y-%m-%d %H:%M:%S"), *row[1:]] for row in log]
    return Sheet(smsg.SHEET_IMPORT_LOG, columns, rows)


def write_xlsx(report: Report, project: Project, path: Path, log: list[LogRow] | None = None) -> None:
    """The ledger a trainer hands in: team summary, members, who is missing what, quizzes, items,
    and (given ``log``, from ``importlog.log_rows``) the import log, written to ``path`` (its folder
    exists: the command writes through a temporary file beside the ledger)."""
    import xlsxwriter

    options = {"constant_memory": False, "strings_to_formulas": False, "strings_to_numbers": False,
               "strings_to_urls": False}  # fmt: skip
    workbook = xlsxwriter.Workbook(str(path), options)
    styles = _Styles(workbook)
    with collector_paused():
        sheets = ledger_sheets(report, project) + ([import_log_sheet(log)] if log is not None else [])
        for sheet in sheets:
            _write_sheet(workbook, styles, report, sheet)
        try:
            workbook.close()
        except xlsxwriter.exceptions.FileCreateError as exc:  # the OSError it wraps, errno and all
            raise (
                exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
            ) from None


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet or terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


WIDTH_SAMPLE = 2000  # rows looked at to size a column: enough to see its longest kind of value


def _column_widths(sheet: Sheet) -> list[float]:
    widths = [display_width(c.header) for c in sheet.columns]
    for row in sheet.rows[:WIDTH_SAMPLE]:
        for index, value in enumerate(row):
            if value is not None:
                text = f"{value:.0%}" if isinstance(value, float) else str(value)
                widths[index] = max(widths[index], display_width(text))
    return [min(50.0, 2.0 + w) for w in widths]


class _Styles:
    """The workbook's cell formats, made once."""

    def __init__(self, workbook: Any):
        self.title = workbook.add_format({"bold": True, "font_size": 16})
        self.warning = workbook.add_format({"bold": True, "font_color": "#C00000"})
        self.header = workbook.add_format({"bold": True, "bg_color": "#DDE4F0", "text_wrap": True,
                                           "border": 1, "valign": "top"})  # fmt: skip
        # Names and titles are text: a quote prefix keeps "=…" text when edited in Excel or WPS.
        self.text = workbook.add_format({"quote_prefix": True})
        self.numbers = {f: workbook.add_format({"num_format": f}) for f in (PERCENT, INTEGER, DECIMAL)}

    def shown_text(self, value: str) -> tuple[str, Any]:
        """A text cell as written: masked (``reports.shown`` remembers each text), and
        quote-prefixed when it looks like a formula."""
        shown = scrubbed(value)
        return shown, self.text if formula_like(shown) else None


def _write_sheet(workbook: Any, styles: _Styles, report: Report, sheet: Sheet) -> None:
    from .xlsxrows import BulkRowsWorksheet

    ws = workbook.add_worksheet(sheet.name, worksheet_class=BulkRowsWorksheet)
    header_row = 2 + len(report.warnings)  # 0-based: title, subtitle, the warnings, then the header
    _print_setup(ws, header_row)
    for index, width in enumerate(_column_widths(sheet)):
        ws.set_column(index, index, width)
    ws.write_string(0, 0, scrubbed(report_title(report)), styles.title)
    ws.write_string(1, 0, smsg.LEDGER_SHEET_SUBTITLE.format(sheet=sheet.name, subtitle=subtitle(report)))
    for offset, warning in enumerate(report.warnings):
        ws.write_string(2 + offset, 0, smsg.WARNING_LINE.format(warning=warning), styles.warning)
    for col, head in enumerate(sheet.header):
        ws.write_string(header_row, col, head, styles.header)
    formats = [styles.numbers.get(c.format) if c.format else None for c in sheet.columns]
    end = ws.add_rows(header_row + 1, sheet.rows, formats, styles.shown_text)
    ws.write_string(end + 1, 0, smsg.LEDGER_SIGNATURES)


def _print_setup(ws: Any, header_row: int) -> None:
    """Landscape A4, one page wide, the header row on every page, frozen below it, page numbers."""
    ws.freeze_panes(header_row + 1, 0)
    ws.repeat_rows(header_row)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many tall as it takes
    ws.center_horizontally()
    ws.set_footer("&C" + smsg.LEDGER_FOOTER)


__all__ = ["Column", "Sheet", "display_width", "item_note", "ledger_outputs", "ledger_sheets", "write_xlsx"]
