"""The ledger as handed in: coverage said rather than guessed, an xlsx an office prints and
signs, a CSV Excel opens, a terminal table that fits 80 columns. Real records, real files."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from rich.cells import cell_len

from tests.conftest import write_files
from tests.scorer.test_reports import data_rows, june  # noqa: F401 (a fixture)

NO_APRIL_MAY = "2024年4月、5月没有任何培训记录：请导入考勤，或确认当月未组织培训"


def test_a_quarter_with_one_month_imported_reports_what_is_missing(june, run):  # noqa: F811
    code, out, err = run(
        "-C", str(june), "report", "--quarter", "2024Q2", "--as-of", "2024-07-15", "--format", "json"
    )
    assert code == 0, err
    data = json.loads(out)

    def member(mid, name, team, trainings, drills, t_ok, d_ok, by_month, by_quarter, missing, unrecorded):
        return {"id": mid, "name": name, "team": team, "trainings": trainings, "drills": drills,
                "training_ok": t_ok, "drill_ok": d_ok, "trainings_by_month": by_month,
                "drills_by_quarter": by_quarter, "missing": missing, "unrecorded": unrecorded,
                "quizzes": []}  # fmt: skip

    none = {"months": [], "quarters": []}
    april_may = {"months": ["2024-04", "2024-05"], "quarters": []}
    short = {"months": ["2024-06"], "quarters": ["2024Q2"]}
    # By hand: June holds one training (m01, 6-05) and one drill (6-28); April and May hold nothing,
    # so they are 无记录 for everyone and judge nobody. M002 joined 5-15: June is due, Q2 is not.
    assert data == {
        "warnings": [NO_APRIL_MAY],
        "period": "2024Q2",
        "start": "2024-04-01",
        "end": "2024-06-30",
        "as_of": "2024-07-15",
        "thresholds": {"trainings_per_month": 1, "drills_per_quarter": 1, "pass_mark": 60},
        "coverage": {
            "2024-04": {"trainings": 0, "drills": 0},
            "2024-05": {"trainings": 0, "drills": 0},
            "2024-06": {"trainings": 1, "drills": 1},
        },
        "members": [
            member(
                "M001",
                "甲一",
                "patrol",
                1,
                0,
                True,
                False,
                {"2024-06": 1},
                {},
                {"months": [], "quarters": ["2024Q2"]},
                april_may,
            ),
            member("M002", "乙二", "patrol", 1, 0, True, None, {"2024-06": 1}, {}, none, none),
            member("M003", "丙三", "guards", 0, 0, False, False, {}, {}, short, april_may),
            member("M004", "同名", "patrol", 0, 0, False, False, {}, {}, short, april_may),
            member("M005", "同名", "guards", 0, 0, False, False, {}, {}, short, april_may),
        ],
        "teams": [
            {
                "id": "patrol",
                "name": "专（兼）职巡防队",
                "members": 3,
                "training_ok": 2,
                "training_due": 3,
                "drill_ok": 0,
                "drill_due": 2,
                "monthly_rate": {"2024-04": None, "2024-05": None, "2024-06": 0.6667},
            },
            {
                "id": "guards",
                "name": "保安联防队",
                "members": 2,
                "training_ok": 0,
                "training_due": 2,
                "drill_ok": 0,
                "drill_due": 2,
                "monthly_rate": {"2024-04": None, "2024-05": None, "2024-06": 0.0},
            },
        ],
        "banks": [],
    }


def test_a_month_with_no_sessions_is_no_record_for_everyone_in_every_format(june, run, tmp_path):  # noqa: F811
    code, out, _ = run(
        "-C", str(june), "report", "--month", "2024-05", "--as-of", "2024-07-15", "--format", "json"
    )
    data = json.loads(out)
    assert code == 0 and data["warnings"] == ["2024年5月没有任何培训记录：请导入考勤，或确认当月未组织培训"]
    assert {m["training_ok"] for m in data["members"]} == {None}
    code, out, _ = run(
        "-C", str(june), "report", "--month", "2024-05", "--as-of", "2024-07-15", "--format", "csv"
    )
    lines = out.removeprefix("\ufeff").splitlines()
    assert (
        lines[0] == "【注意】2024年5月没有任何培训记录：请导入考勤，或确认当月未组织培训" and lines[1] == ""
    )
    assert lines[3] == "M001,甲一,专（兼）职巡防队,0,无记录,,"
    assert "未达标" not in out
    code, out, _ = run("-C", str(june), "report", "--month", "2024-05", "--as-of", "2024-07-15")
    assert (
        out.index("2024年5月没有任何培训记录") < out.index("M001") and "无记录" in out and "未达标" not in out
    )
    target = tmp_path / "may.xlsx"
    assert run("-C", str(june), "report", "--month", "2024-05", "--as-of", "2024-07-15", "--format", "xlsx",
               "-o", str(target))[0] == 0  # fmt: skip
    for ws in load_workbook(target):
        assert ws["A3"].value == "【注意】2024年5月没有任何培训记录：请导入考勤，或确认当月未组织培训", (
            ws.title
        )
    statuses = {row[0].value: row[4].value for row in data_rows(load_workbook(target)["队员明细"])}
    assert statuses == {
        "M001": "无记录",
        "M002": "不考核",
        "M003": "无记录",
        "M004": "无记录",
        "M005": "无记录",
    }


def test_xlsx_ledger_prints_on_landscape_a4_with_title_signatures_and_real_numbers(june, run, tmp_path):  # noqa: F811
    target = tmp_path / "q2.xlsx"
    code, _, err = run("-C", str(june), "report", "--quarter", "2024Q2", "--as-of", "2024-07-15", "--format", "xlsx",
                       "-o", str(target))  # fmt: skip
    assert code == 0, err
    workbook = load_workbook(target)
    for ws in workbook:
        assert ws["A1"].value == "某某乡人民政府2024年第二季度培训演练考核台账", ws.title
        assert ws["A2"].value.startswith(ws.title) and "统计至 2024年6月30日" in ws["A2"].value
        assert ws["A3"].value == "【注意】" + NO_APRIL_MAY
        assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("landscape", 9)
        # fitToWidth left out means 1 (ECMA-376 §18.3.1.63); 0 pages tall: as many as it takes
        assert (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_title_rows == "$4:$4" and ws.freeze_panes == "A5"
        last = [c.value for c in list(ws.iter_rows())[-1]]
        assert (
            last[0]
            == "制表人：＿＿＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿＿＿　　填表日期：＿＿＿＿年＿＿月＿＿日"
        )
    summary = workbook["队伍汇总"]
    header = [c.value for c in summary[4]]
    assert header[:8] == [
        "队伍",
        "人数",
        "培训应考核",
        "培训达标",
        "培训达标率",
        "演练应考核",
        "演练达标",
        "演练达标率",
    ]
    assert header[8:] == ["4月达标率", "5月达标率", "6月达标率"]
    patrol = summary[5]
    assert [c.value for c in patrol][:8] == ["专（兼）职巡防队", 3, 3, 2, 0.6667, 2, 0, 0]
    assert [c.value for c in patrol][8:] == ["无记录", "无记录", 0.6667]
    assert [c.data_type for c in patrol][1:5] == ["n", "n", "n", "n"]
    assert (patrol[1].number_format, patrol[4].number_format, patrol[10].number_format) == ("0", "0%", "0%")
    members = {row[0].value: row for row in data_rows(workbook["队员明细"])}
    assert members["M001"][3].value == 1 and members["M001"][3].number_format == "0"


def test_terminal_table_fits_80_columns_and_shows_names_as_typed(june, run, monkeypatch):  # noqa: F811
    roster = (june / "content/roster.yml").read_text(encoding="utf-8")
    roster = roster.replace("name: 甲一", "name: '[bold]x[/bold]'").replace(
        "name: 乙二", 'name: "乙\\e[31m二\\a"'
    )
    write_files(june, {"content/roster.yml": roster})
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = run("-C", str(june), "report", "--year", "2024", "--as-of", "2025-01-15")
    assert code == 0, err
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    assert "[bold]x[/bold]" in out and "乙[31m二" in out and "\x1b" not in out and "\a" not in out
    assert "专（兼）职巡防队：培训达标" in out and "保安联防队：培训达标" in out
    code, wide, _ = run("-C", str(june), "report", "--year", "2024", "--as-of", "2025-01-15", "--wide")
    assert code == 0 and "测验" in wide and "演练次数" in wide and "测验" not in out
    assert max(cell_len(line) for line in wide.splitlines()) > 80


def test_xlsx_ledger_ends_with_the_import_log(june, run, tmp_path):  # noqa: F811
    import hashlib

    target = tmp_path / "q2.xlsx"
    code, _, err = run("-C", str(june), "report", "--quarter", "2024Q2", "--as-of", "2024-07-15", "--format", "xlsx",
                       "-o", str(target))  # fmt: skip
    assert code == 0, err
    workbook = load_workbook(target)
    assert workbook.sheetnames[-1] == "导入记录"
    log = workbook["导入记录"]
    header = [c.value for c in log[4]]
    assert header[:3] == ["时间", "操作", "文件或对象"] and "SHA-256" in header
    rows = data_rows(log)
    assert len(rows) == 1  # the one June sheet the fixture imported
    row = {h: c.value for h, c in zip(header, rows[0], strict=False)}
    assert row["文件或对象"].endswith("6月考勤.xlsx")
    assert row["SHA-256"] == hashlib.sha256((tmp_path / "6月考勤.xlsx").read_bytes()).hexdigest()
    assert row["新增"] == 4 and log.cell(5, header.index("新增") + 1).data_type == "n"


def test_a_report_file_named_in_a_missing_folder_is_refused_and_no_folder_made(june, run, tmp_path):  # noqa: F811
    for fmt in ("xlsx", "json", "csv"):
        target = tmp_path / "no" / "such" / f"ledger.{fmt}"
        code, _out, err = run(
            "-C", str(june), "report", "--month", "2024-06", "--format", fmt, "-o", str(target)
        )
        assert code == 1, err
        assert f"输出目录不存在：{target.parent}" in err and "内部错误" not in err, err
        assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_a_report_that_cannot_be_written_leaves_the_earlier_file(june, run, tmp_path, monkeypatch, fmt):  # noqa: F811
    """A full disk while the workbook is written (xlsxwriter wraps the OSError) or the JSON: said in
    Chinese, the earlier file of that name unchanged, no temporary file left."""
    import errno

    import xlsxwriter

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    def full_workbook(self):
        raise xlsxwriter.exceptions.FileCreateError(OSError(errno.ENOSPC, "No space left on device"))

    target = tmp_path / f"ledger.{fmt}"
    target.write_text("earlier", encoding="utf-8")
    monkeypatch.setattr(xlsxwriter.Workbook, "close", full_workbook)
    monkeypatch.setattr("pathlib.Path.write_text", full)
    code, _out, err = run("-C", str(june), "report", "--month", "2024-06", "--format", fmt, "-o", str(target))
    assert code == 1, err
    assert f"无法写入 {target}：磁盘空间不足" in err and "原有的同名文件保持不变" in err, err
    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
