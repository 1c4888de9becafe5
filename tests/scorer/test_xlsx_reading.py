"""Imported xlsx sheets: cells arrive as the parsers expect them, and a sheet that would
unpack to hundreds of megabytes is refused before it is read into memory."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from generator.diagnostics import ContentError
from generator.scorer.readers import MAX_UNPACKED_BYTES, read_table


def test_cells_keep_their_types_whatever_excel_stored(tmp_path: Path):
    path = tmp_path / "花名册.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["姓名", "所属队伍", "联系电话", "入队日期", "编号"])
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_string(1, 0, "甲一")
    sheet.write_string(1, 1, "巡防队")
    sheet.write_number(1, 2, 13800001234)  # a phone typed as a number
    sheet.write_datetime(1, 3, dt.datetime(2024, 3, 1), dates)
    sheet.write_formula(1, 4, '="M"&"001"', None, "M001")  # a formula: its saved value is read
    sheet.write_string(3, 0, "乙二")  # row 3 left empty: skipped, row numbers kept
    sheet.write_string(3, 1, "巡防队")
    sheet.write_number(3, 2, 2.5)
    workbook.close()

    table = read_table(path, "花名册.xlsx", ["name", "team"])

    first, second = table.rows
    assert first.number == 2 and second.number == 4
    assert first.values["phone"] == 13800001234 and type(first.values["phone"]) is int
    assert first.values["joined"] == dt.date(2024, 3, 1)
    assert first.values["id"] == "M001"
    assert second.values["joined"] is None and second.values["id"] is None  # empty, not ""
    assert second.values["phone"] == 2.5


def test_a_sheet_that_unpacks_past_the_limit_is_refused_unread(tmp_path: Path):
    path = tmp_path / "bomb.xlsx"
    workbook = xlsxwriter.Workbook(path)
    workbook.add_worksheet().write_row(0, 0, ["姓名", "所属队伍"])
    workbook.close()
    padded = tmp_path / "padded.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(padded, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                # whitespace between elements is valid XML and compresses ~1000:1
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (MAX_UNPACKED_BYTES + 1))
            target.writestr(info, data)
    assert padded.stat().st_size < 1024 * 1024

    with pytest.raises(ContentError) as caught:
        read_table(padded, "bomb.xlsx", ["name", "team"])

    (problem,) = caught.value.diagnostics
    assert (
        problem.message
        == f"文件解压后超过 {MAX_UNPACKED_BYTES // 2**20} MB，不像正常导出的表格（可能是“压缩炸弹”）"
    )


OLD_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # the first bytes of an OLE2 file


def _zip_without_workbook(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "不是工作簿")


@pytest.mark.parametrize(
    ("make", "message", "hint"),
    [
        (
            lambda p: p.write_bytes(OLD_XLS),
            "这是旧版 .xls 文件，或设置了打开密码的 Excel 文件",
            "在 Excel 或 WPS 中打开，另存为“Excel 工作簿（.xlsx）”（不设密码），再导入",
        ),
        (
            lambda p: p.write_bytes(b"PK\x03\x04 cut short"),
            "文件不完整或不是 Excel 工作簿（可能下载或拷贝时中断，或只是改了扩展名）",
            "重新导出或拷贝一次；确认能在 Excel 或 WPS 中打开",
        ),
        (
            lambda p: p.write_bytes("姓名,所属队伍\n甲,乙\n".encode()),
            "文件不完整或不是 Excel 工作簿（可能下载或拷贝时中断，或只是改了扩展名）",
            "重新导出或拷贝一次；确认能在 Excel 或 WPS 中打开",
        ),
        (
            _zip_without_workbook,
            "文件已损坏，缺少工作簿的组成部分",
            "请确认是 .xlsx 格式（不是 .xls），并且没有加密",
        ),
    ],
)
def test_a_file_that_is_not_a_workbook_is_said_in_chinese(tmp_path: Path, make, message: str, hint: str):
    path = tmp_path / "花名册.xlsx"
    make(path)

    with pytest.raises(ContentError) as caught:
        read_table(path, "花名册.xlsx", ["name", "team"])

    (problem,) = caught.value.diagnostics
    assert problem.message.startswith("无法读取 Excel 文件：" + message)
    assert problem.hint == hint


def test_a_title_row_above_the_header_and_blank_rows_keep_row_numbers(tmp_path: Path, run, records_project):
    sheet = tmp_path / "花名册.xlsx"
    workbook = xlsxwriter.Workbook(sheet)
    rows = workbook.add_worksheet()
    rows.merge_range(1, 0, 1, 3, "某某乡群防群治队伍花名册")  # row 1 blank, the title on row 2
    rows.write_row(2, 0, ["姓名", "所属队伍", "联系电话", "身份证号"])
    rows.write_row(3, 0, ["新人丙", "保安联防队", "", ""])
    rows.write_row(5, 0, ["新人丁", "保安联防队", "1380000", ""])  # row 5 blank; a bad phone on row 6
    workbook.close()

    code, _, err = run("-C", str(records_project), "roster", "import", str(sheet))

    assert code == 2
    assert "花名册.xlsx:6:3: 联系电话: 手机号码格式不对" in err
