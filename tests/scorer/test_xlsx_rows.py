"""The ledger's rows are written as XML by BulkRowsWorksheet instead of a cell object per
value: a workbook written that way must read back exactly as XlsxWriter's own cell API
writes it (values, types, number formats, quote prefixes, fonts), with the rows that
XlsxWriter wrote before and after the block in their places."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter
from openpyxl import load_workbook

from generator.escape import formula_like
from generator.scorer.xlsxrows import MAX_TEXT, BulkRowsWorksheet

ROWS: list[list[Any]] = [
    ["M001", "张三", 3, 0.6667, None, True],
    ['=HYPERLINK("http://x")', "+86 138", -2, 1e-7, 12345678901234567, False],
    [],  # an empty row keeps its place
    ["  前后有空格  ", "a & b < c > d \"e\" 'f'", 0, 0.5, float("nan"), None],
    ["控制字符\x01\x1f", "x" * (MAX_TEXT + 10), 7.25, 1.0, 3, "@text"],
    ["_x0041_", "换行\n第二行", 10**15, 2.5e-12, -0.0, "-1"],
]


def _styles(workbook: Any) -> tuple[list[Any], Any]:
    percent = workbook.add_format({"num_format": "0%"})
    integer = workbook.add_format({"num_format": "0"})
    text = workbook.add_format({"quote_prefix": True})
    return [None, None, integer, percent, integer, None], text


def _head(workbook: Any, ws: Any) -> None:
    bold = workbook.add_format({"bold": True})
    ws.write_string(0, 0, "标题", bold)
    ws.write_string(1, 0, "张三")  # a shared string also used in the block
    ws.write_string(2, 1, "表头", bold)


def _with_cell_api(path: Path) -> None:
    """The rows as the ledger wrote them before: one write_* per value."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    formats, text = _styles(workbook)
    ws = workbook.add_worksheet("表")
    _head(workbook, ws)
    for r, row in enumerate(ROWS, start=3):
        for col, value in enumerate(row):
            if isinstance(value, str):
                ws.write_string(r, col, value, text if formula_like(value) else None)
            elif value is None or isinstance(value, bool) or value != value:
                continue
            else:
                ws.write_number(r, col, value, formats[col])
    ws.write_string(3 + len(ROWS) + 1, 0, "制表人")
    workbook.close()


def _with_bulk_rows(path: Path) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    formats, text = _styles(workbook)
    ws = workbook.add_worksheet("表", worksheet_class=BulkRowsWorksheet)
    _head(workbook, ws)
    end = ws.add_rows(3, ROWS, formats, lambda value: (value, text if formula_like(value) else None))
    assert end == 3 + len(ROWS)
    ws.write_string(end + 1, 0, "制表人")
    workbook.close()


def _cells(path: Path) -> list[tuple[Any, ...]]:
    ws = load_workbook(path)["表"]
    seen = [
        (c.coordinate, c.value, c.data_type, c.number_format, c.quotePrefix, c.font.b)
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]
    return [(ws.dimensions,), *seen]


def test_bulk_rows_read_back_as_the_cell_api_writes_them(tmp_path):
    _with_cell_api(tmp_path / "cells.xlsx")
    _with_bulk_rows(tmp_path / "bulk.xlsx")
    expected, got = _cells(tmp_path / "cells.xlsx"), _cells(tmp_path / "bulk.xlsx")
    assert got == expected
    coordinates = [cell[0] for cell in got[1:]]
    assert coordinates[:3] == ["A1", "A2", "B3"] and coordinates[-1] == "A11"  # head, block, signature
    assert ("D5", 1e-7) in [cell[:2] for cell in got[1:]]
    assert ("A5", '=HYPERLINK("http://x")', "s", "General", True, False) in got


def test_a_sheet_with_no_rows_keeps_its_head_and_signature(tmp_path):
    path = tmp_path / "empty.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    ws = workbook.add_worksheet("表", worksheet_class=BulkRowsWorksheet)
    ws.write_string(0, 0, "标题")
    end = ws.add_rows(1, [], [None], lambda value: (value, None))
    ws.write_string(end + 1, 0, "制表人")
    workbook.close()
    cells = [(c.coordinate, c.value) for row in load_workbook(path)["表"].iter_rows() for c in row if c.value]
    assert cells == [("A1", "标题"), ("A3", "制表人")]
