"""An XlsxWriter worksheet that takes a table of rows at once.

XlsxWriter keeps a cell object per ``write_*`` call and writes each one through a general
routine that checks and escapes every attribute: for a county's ledger (ten thousand
members, about 390,000 cells) that was two of the five seconds of `report --format xlsx`.
Here the rows are turned into ``<row>`` XML as they are added, with the same shared-string
table, the same cell formats and the same XML XlsxWriter writes for a text or number cell
(``spans`` aside, an optional hint), and XlsxWriter writes everything else: the rows before
and after them (title, headers, signatures), column widths, print setup, styles and the
package. tests/scorer/test_xlsx_rows.py compares a workbook written both ways cell by cell.

It uses XlsxWriter's private names, all in this file, and the version is pinned (3.2.0):
``_write_rows`` (the hook that writes ``<sheetData>``'s rows) with ``fh``, ``table`` and
``dim_rowmin``/``dim_rowmax``, ``_check_dimensions``, ``str_table`` (the workbook's shared
strings) and ``Format._get_xf_index``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

MAX_TEXT = 32767  # Excel's limit for one cell's text; XlsxWriter's write_string cuts there too


class BulkRowsWorksheet(Worksheet):
    """``add_rows`` puts a block of rows below what ``write_*`` wrote; rows written with
    ``write_*`` after the block (signature lines) follow it."""

    def __init__(self) -> None:
        super().__init__()
        self._blocks: list[tuple[int, list[str]]] = []  # (first row, each row's XML)

    def add_rows(
        self,
        first_row: int,
        rows: Iterable[Sequence[Any]],
        formats: Sequence[Format | None],
        text: Callable[[str], tuple[str, Format | None]],
    ) -> int:
        """Rows from ``first_row`` (0-based); a cell is text, int, float or None (and a bool is left
        empty, as the ledger always did). ``formats[col]`` is a number column's format;
        ``text(value)`` gives a text cell's shown text and format. Returns the next free row."""
        shared = self.str_table._get_shared_string_index
        letters = [xl_col_to_name(col) for col in range(len(formats))]
        styles = [f' s="{f._get_xf_index()}"' if f is not None else "" for f in formats]
        row_xml = []
        number = first_row  # 0-based; XML counts from 1
        width = 0
        for number, row in enumerate(rows, start=first_row):
            cells = []
            r = number + 1
            for col, value in enumerate(row):
                if isinstance(value, str):
                    shown, style = text(value)
                    s = f' s="{style._get_xf_index()}"' if style is not None else ""
                    cells.append(f'<c r="{letters[col]}{r}"{s} t="s"><v>{shared(shown[:MAX_TEXT])}</v></c>')
                elif value is None or isinstance(value, bool) or not math.isfinite(value):
                    continue
                else:
                    cells.append(f'<c r="{letters[col]}{r}"{styles[col]}><v>{value:.16G}</v></c>')
            width = max(width, len(row))
            row_xml.append(f'<row r="{r}">{"".join(cells)}</row>' if cells else "")
        if row_xml:
            self._check_dimensions(number, max(width - 1, 0))
            self._blocks.append((first_row, row_xml))
            return number + 1
        return first_row

    def _write_rows(self) -> None:
        """XlsxWriter's rows, with each block's XML in its place."""
        if not self._blocks:
            super()._write_rows()
            return
        table = self.table
        own = {row: table.pop(row) for row in list(table)}  # written in pieces around the blocks
        cut = 0
        for first_row, row_xml in self._blocks:
            self._write_own(own, cut, first_row)
            self.fh.write("".join(row_xml))
            cut = first_row + len(row_xml)
        self._write_own(own, cut, None)
        table.update(own)

    def _write_own(self, own: dict[int, Any], start: int, stop: int | None) -> None:
        """XlsxWriter writes the rows of ``own`` from ``start`` up to ``stop``."""
        piece = {row: cells for row, cells in own.items() if row >= start and (stop is None or row < stop)}
        if not piece:
            return
        saved = self.dim_rowmin, self.dim_rowmax
        self.table.clear()
        self.table.update(piece)
        self.dim_rowmin, self.dim_rowmax = min(piece), max(piece)
        super()._write_rows()
        self.dim_rowmin, self.dim_rowmax = saved
