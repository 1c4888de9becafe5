"""Spreadsheet rows with their row numbers: xlsx, CSV (UTF-8 or GBK) and YAML.

Headers are matched against Chinese aliases (编号, 姓名, …), extendable in
site_config.yml ``records.header_aliases``. Problems are collected as
``Diagnostic``s with line = the spreadsheet row (header = row 1) and column =
the spreadsheet column, so a trainer can find the cell in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dates import parse_date_text
from ..diagnostics import ContentError, Diagnostic
from ..errors import PinganError
from ..messages import scorer as smsg
from ..safexml import XMLRefused, check_package
from ..textio import decode_text

MAX_IMPORT_BYTES = 5 * 1024 * 1024  # any one imported file: a year of a township's records is far smaller
MAX_UNPACKED_BYTES = 128 * 1024 * 1024  # an xlsx unpacked: 50,000 rows of a 花名册 are 19 MB

# canonical field → header spellings seen in township spreadsheets
DEFAULT_ALIASES: dict[str, list[str]] = {
    "id": ["编号", "队员编号", "人员编号", "工号"],
    "name": ["姓名", "队员姓名", "名字"],
    "gender": ["性别"],
    "id_number": ["身份证号", "身份证号码", "公民身份号码", "身份证"],
    "phone": ["联系电话", "手机", "手机号", "手机号码", "电话"],
    "team": ["所属队伍", "队伍", "所属队", "队别"],
    "role": ["职务", "岗位", "身份"],
    "joined": ["入队日期", "入队时间", "加入日期"],
    "date": ["日期", "培训日期", "时间"],
    "kind": ["类型", "培训类型"],
    "course": ["课程", "课程名称", "培训内容", "内容"],
    "place": ["地点", "培训地点"],
    "trainer": ["培训人", "授课人", "教员"],
    "status": ["状态", "考勤", "出勤情况"],
    "bank": ["题库", "题库编号"],
    "question": ["题号", "题目编号"],
    "answer": ["答案", "作答"],
}


@dataclass
class Row:
    number: int  # 1-based spreadsheet row; the header is row 1
    values: dict[str, Any]
    columns: dict[str, int] = field(default_factory=dict)  # field → 1-based column
    headers: dict[str, str] = field(default_factory=dict)  # field → its header as the sheet writes it

    def text(self, name: str) -> str:
        value = self.values.get(name)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


@dataclass
class Table:
    path: Path
    rel: str
    rows: list[Row]

    def diagnostic(self, row: Row | None, name: str, message: str, hint: str = "") -> Diagnostic:
        line = row.number if row else 1
        col = row.columns.get(name, 1) if row else 1
        header = (row.headers.get(name) or row.values.get(f"__header_{name}", name)) if row else name
        return Diagnostic(self.rel, line, col, str(header), message, hint)


def _header_map(headers: list[str], aliases: dict[str, list[str]]) -> dict[int, str]:
    lookup: dict[str, str] = {}
    for canonical, spellings in DEFAULT_ALIASES.items():
        for spelling in spellings:
            lookup[spelling] = canonical
    for canonical, spellings in aliases.items():
        # Config may name a canonical field by its main Chinese header (姓名) or by key (name).
        key = next((c for c, s in DEFAULT_ALIASES.items() if canonical in (c, s[0])), canonical)
        for spelling in spellings:
            lookup[spelling] = key
    mapping = {}
    for index, header in enumerate(headers):
        cleaned = re.sub(r"[\s*＊（）()]", "", str(header or ""))
        if cleaned in lookup:
            mapping[index] = lookup[cleaned]
    return mapping


def check_import_size(path: Path, rel: str) -> None:
    """ContentError when ``path`` is larger than any file pingan imports (read nothing of it)."""
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise ContentError(
            [
                Diagnostic(
                    rel,
                    0,
                    0,
                    "",
                    smsg.FILE_TOO_LARGE.format(
                        size=math.ceil(size * 10 / 2**20) / 10, limit=MAX_IMPORT_BYTES / 2**20
                    ),
                    smsg.FILE_TOO_LARGE_HINT,
                )
            ]
        )


def read_table(
    path: Path, rel: str, required: list[str], aliases: dict[str, list[str]] | None = None
) -> Table:
    """Read an xlsx or CSV file; raise ContentError when it cannot be read or lacks columns."""
    check_import_size(path, rel)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        raw = _read_xlsx(path, rel)
    elif suffix in (".csv", ".txt"):
        raw = _read_csv(path, rel)
    else:
        raise ContentError(
            [
                Diagnostic(
                    rel,
                    0,
                    0,
                    "",
                    smsg.UNSUPPORTED_FILE.format(suffix=suffix),
                    smsg.UNSUPPORTED_FILE_HINT.format(extra=""),
                )
            ]
        )
    # Rows keep their sheet numbers (1-based) even when blank rows are skipped. Real 花名册
    # often start with a title row ("某某乡群防群治队伍花名册") above the header: the header
    # is the first row, among the first few that are not blank, naming every required column.
    numbered = [(number, row) for number, row in enumerate(raw, start=1) if _filled(row)]
    if not numbered:
        raise ContentError([Diagnostic(rel, 1, 1, "", smsg.EMPTY_SHEET, smsg.EMPTY_SHEET_HINT)])
    header_at, headers, mapping = _find_header(numbered, required, aliases or {})
    missing = [name for name in required if name not in mapping.values()]
    if missing:
        names = "、".join(DEFAULT_ALIASES[m][0] for m in missing)
        raise ContentError(
            [
                Diagnostic(
                    rel,
                    numbered[header_at][0],
                    1,
                    "",
                    smsg.MISSING_COLUMNS.format(columns=names),
                    smsg.MISSING_COLUMNS_HINT.format(columns=names),
                )
            ]
        )
    # One columns and one headers mapping, shared by every row (a 50,000-row sheet: 100,000 dicts fewer).
    columns = {name: index + 1 for index, name in mapping.items()}
    named = {name: headers[index] for index, name in mapping.items()}
    rows = []
    fields = list(mapping.items())
    for number, cells in numbered[header_at + 1 :]:
        width = len(cells)
        values = {name: cells[index] if index < width else None for index, name in fields}
        if any(value is not None and value != "" for value in values.values()):
            rows.append(Row(number, values, columns, named))
    return Table(path, rel, rows)


HEADER_SEARCH_ROWS = 5  # title lines a sheet may have above its header


def _filled(row: list[Any]) -> bool:
    """Any cell that is not empty or blanks (a number, a date: never blank when written out)."""
    return any(c.strip() if isinstance(c, str) else c is not None for c in row)


def _find_header(
    numbered: list[tuple[int, list[Any]]], required: list[str], aliases: dict[str, list[str]]
) -> tuple[int, list[str], dict[int, str]]:
    """(position in ``numbered``, header texts, column → field) of the header row: the first
    of the first rows naming every required column, else the first row (whose missing
    columns are then reported)."""
    for position, (_, cells) in enumerate(numbered[:HEADER_SEARCH_ROWS]):
        headers = _texts(cells)
        mapping = _header_map(headers, aliases)
        if all(name in mapping.values() for name in required):
            return position, headers, mapping
    headers = _texts(numbered[0][1])
    return 0, headers, _header_map(headers, aliases)


def _texts(cells: list[Any]) -> list[str]:
    return [str(c).strip() if c is not None else "" for c in cells]


def _read_xlsx(path: Path, rel: str) -> list[list[Any]]:
    # python-calamine (Rust) reads a 50,000-row 花名册 in under a second, where openpyxl's
    # streaming reader took 13 s. It holds the whole sheet in memory, so the package is
    # first checked for DTDs and for parts that unpack to more than MAX_UNPACKED_BYTES.
    from python_calamine import CalamineWorkbook

    try:
        check_package(path, max_unpacked=MAX_UNPACKED_BYTES)
    except XMLRefused as exc:
        raise ContentError([Diagnostic(rel, 0, 0, "", exc.message, exc.hint)]) from None
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        with workbook:
            rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine's own errors, and ValueError/IndexError for odd files
        raise _bad_xlsx(rel, exc, _head(path)) from None
    except BaseException as exc:
        # a Rust panic reaches Python as pyo3's PanicException, a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        raise _bad_xlsx(rel, exc, _head(path)) from None
    return [[_cell(value) for value in row] for row in rows]


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 container: an old .xls, or an encrypted .xlsx


def _bad_xlsx(rel: str, exc: BaseException, head: bytes = b"") -> ContentError:
    """The reader's failure, said in words an office uses (calamine's own messages are English)."""
    if head.startswith(_OLE):
        message, hint = smsg.XLSX_IS_OLE, smsg.XLSX_IS_OLE_HINT
    elif not head.startswith(b"PK") or "Zip" in type(exc).__name__:
        message, hint = smsg.XLSX_NOT_ZIP, smsg.XLSX_NOT_ZIP_HINT
    else:
        message, hint = smsg.XLSX_DAMAGED.format(detail=exc), smsg.BAD_XLSX_HINT
    return ContentError([Diagnostic(rel, 0, 0, "", smsg.BAD_XLSX.format(error=message), hint)])


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except OSError:
        return b""


def _cell(value: Any) -> Any:
    """A cell as openpyxl gave it, which the cell parsers expect: an empty cell is None and a
    whole number an int (calamine gives "" and 13800000000.0)."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _read_csv(path: Path, rel: str) -> list[list[Any]]:
    # Excel on Chinese Windows saves CSV as GBK; newer versions as UTF-8 with BOM.
    decoded = decode_text(path.read_bytes())
    if decoded is None:
        raise ContentError([Diagnostic(rel, 1, 1, "", smsg.CANNOT_DECODE_CSV, smsg.CANNOT_DECODE_CSV_HINT)])
    text = decoded[0]
    try:
        return [list(row) for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:  # a cell over the csv module's 128 KiB limit, and the like
        raise ContentError(
            [Diagnostic(rel, 1, 1, "", smsg.BAD_CSV.format(error=exc), smsg.BAD_CSV_HINT)]
        ) from None


# --- cell parsers: return a value, or raise CellError with a message and hint ------------------


def shown(value: Any, limit: int = 20) -> str:
    """A value as quoted in a message, cut short: a cell may hold megabytes."""
    if value is None or isinstance(value, bool | int | float | list | dict):
        text = json.dumps(value, ensure_ascii=False, default=str)  # JSON's spelling: true, null, [1, 2]
    else:
        text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


class CellError(PinganError):
    """One cell's value is wrong; the importer turns it into a diagnostic naming the row."""


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    day = parse_date_text(text)
    if day is not None:
        return day
    raise CellError(smsg.BAD_DATE_CELL.format(value=shown(text)), smsg.BAD_DATE_CELL_HINT)


KIND_WORDS = {
    "培训": "training",
    "技能培训": "training",
    "training": "training",
    "演练": "drill",
    "实战演练": "drill",
    "drill": "drill",
}
STATUS_WORDS = {
    "出勤": "present",
    "到": "present",
    "√": "present",
    "present": "present",
    "迟到": "late",
    "late": "late",
    "请假": "excused",
    "事假": "excused",
    "病假": "excused",
    "excused": "excused",
    "缺勤": "absent",
    "缺席": "absent",
    "旷课": "absent",
    "×": "absent",
    "absent": "absent",
}


def parse_kind(value: Any) -> str:
    text = str(value or "").strip()
    if text in KIND_WORDS:
        return KIND_WORDS[text]
    raise CellError(smsg.BAD_KIND_CELL.format(value=shown(text)), smsg.BAD_KIND_CELL_HINT)


def parse_status(value: Any) -> str:
    text = str(value or "").strip()
    if text in STATUS_WORDS:
        return STATUS_WORDS[text]
    raise CellError(smsg.BAD_STATUS_CELL.format(value=shown(text)), smsg.BAD_STATUS_CELL_HINT)
