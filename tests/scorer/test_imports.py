"""Roster, attendance and answers imports: atomic, idempotent, row-precise errors.

Runs on SQLite and PostgreSQL (``db_url`` fixture)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select

from generator.content import load_project
from generator.scorer.database import RecordsDB
from generator.scorer.tables import Attempt, Attendance, TrainingSession

ATTENDANCE_HEADER = ["日期", "类型", "课程", "地点", "培训人", "编号", "姓名", "状态"]


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def counts(db_url: str) -> tuple[int, int, int]:
    with RecordsDB(db_url) as db, db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(TrainingSession)),
            s.scalar(select(func.count()).select_from(Attendance)),
            s.scalar(select(func.count()).select_from(Attempt)),
        )


# --- attendance ------------------------------------------------------------------------------


def june_sheet(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "6月考勤.xlsx",
        [
            ATTENDANCE_HEADER,
            [dt.datetime(2024, 6, 5), "培训", "m01", "会议室", "乡平安办", "M001", "甲一", "出勤"],
            [
                "2024/6/5",
                "培训",
                "巡查日志的填写",
                "会议室",
                "乡平安办",
                "",
                "乙二",
                "迟到",
            ],  # module by title, id blank
            ["2024年6月5日", "培训", "m01", "会议室", "乡平安办", "M003", "", "请假"],
            ["2024-06-28", "演练", "夜间巡逻处置", "场镇主街", "派出所", "M001", "甲一", "缺勤"],
        ],
    )


def test_attendance_import_twice_adds_nothing_the_second_time(records_project, db_url, tmp_path, run):
    sheet = june_sheet(tmp_path)
    code, out, err = run("-C", str(records_project), "attendance", "import", str(sheet))
    assert code == 0, err
    assert "2 个场次，新增 4 条" in out
    assert counts(db_url)[:2] == (2, 4)  # the three date spellings are one session
    code, out, _ = run("-C", str(records_project), "attendance", "import", str(sheet))
    assert code == 0 and "新增 0 条，更新 0 条，未变 4 条" in out
    assert counts(db_url)[:2] == (2, 4)


def test_a_bad_row_rejects_the_whole_file_and_names_the_row(records_project, db_url, tmp_path, run):
    sheet = write_csv(
        tmp_path / "bad.csv",
        [
            ATTENDANCE_HEADER,
            ["2024-06-05", "培训", "m01", "会议室", "", "M001", "", "出勤"],
            ["2024-06-05", "培训", "m01", "会议室", "", "", "同名", "出勤"],
            ["2024-06-31", "培训", "m01", "会议室", "", "M003", "", "出勤"],
            ["2024-06-05", "开会", "m01", "会议室", "", "M002", "", "到了"],
            ["2024-06-05", "培训", "m01", "会议室", "", "M999", "", "出勤"],
        ],
        encoding="gb18030",
    )  # as Excel on Chinese Windows saves it
    code, _, err = run("-C", str(records_project), "attendance", "import", str(sheet))
    assert code == 2
    lines = err.splitlines()
    assert any(
        line.startswith(
            "../bad.csv:3:7: 姓名: 花名册中有 2 名队员叫“同名”（M004、M005） — 请在“编号”列写明是哪一位"
        )
        or line.startswith(f"{sheet}:3:7: 姓名: 花名册中有 2 名队员叫“同名”")
        for line in lines
    ), err
    assert any(":4:1: 日期: 日期“2024-06-31”无法识别" in line for line in lines), err
    assert any(":5:2: 类型: 类型“开会”无法识别 — 填写“培训”或“演练”" in line for line in lines), err
    assert any(":5:8: 状态: 状态“到了”无法识别" in line for line in lines), err
    assert any(":6:6: 编号: 编号“M999”不在花名册中" in line for line in lines), err
    assert counts(db_url)[:2] == (0, 0)  # nothing half-written


def test_corrected_status_updates_instead_of_duplicating(records_project, db_url, tmp_path, run):
    run("-C", str(records_project), "attendance", "import", str(june_sheet(tmp_path)))
    fixed = write_csv(
        tmp_path / "fix.csv",
        [ATTENDANCE_HEADER, ["2024-06-28", "演练", "夜间巡逻处置", "场镇主街", "", "M001", "", "出勤"]],
    )
    code, out, _ = run("-C", str(records_project), "attendance", "import", str(fixed))
    assert code == 0 and "更新 1 条" in out
    assert counts(db_url)[:2] == (2, 4)


def test_yaml_attendance_reports_the_line(records_project, db_url, tmp_path, run):
    sheet = tmp_path / "a.yml"
    sheet.write_text(
        "sessions:\n  - date: 2024-06-05\n    kind: 培训\n    course: m01\n    attendance:\n"
        "      M001: 出勤\n      M404: 出勤\n",
        encoding="utf-8",
    )
    code, _, err = run("-C", str(records_project), "attendance", "import", str(sheet))
    assert code == 2 and ":7:7: sessions[0].attendance.M404: 编号“M404”不在花名册中" in err
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("M404", "M002"), encoding="utf-8")
    assert run("-C", str(records_project), "attendance", "import", str(sheet))[0] == 0
    assert counts(db_url)[:2] == (1, 2)


# --- roster ----------------------------------------------------------------------------------------


ROSTER_HEADER = ["编号", "姓名", "性别", "身份证号", "联系电话", "所属队伍", "职务", "入队日期"]


def test_roster_import_merges_assigns_stable_ids_and_is_idempotent(records_project, tmp_path, run):
    sheet = write_xlsx(
        tmp_path / "花名册.xlsx",
        [
            ROSTER_HEADER,
            [
                "M001",
                "甲一",
                "男",
                "",
                "13800001111",
                "专（兼）职巡防队",
                "队长",
                "2023-01-01",
            ],  # new role and phone
            ["", "新人甲", "女", "500999199001010041", "138 0000 2222", "保安联防队", "保安", "2024/7/1"],
            ["", "新人乙", "男", "", "", "patrol", "队员", dt.datetime(2024, 8, 20)],
        ],
    )
    code, out, err = run("-C", str(records_project), "roster", "import", str(sheet))
    assert code == 0, err
    assert "新增 2 人，更新 1 人，未变 0 人" in out
    roster = load_project(records_project).roster
    by_name = {m.name: m for m in roster.members}
    assert by_name["新人甲"].id == "M006" and by_name["新人乙"].id == "M007"  # after M005, in row order
    assert by_name["甲一"].role == "队长" and by_name["甲一"].phone == "13800001111"
    assert by_name["新人甲"].phone == "13800002222" and by_name["新人甲"].team == "guards"
    before = (records_project / "content/roster.yml").read_bytes()
    code, out, _ = run("-C", str(records_project), "roster", "import", str(sheet))
    assert code == 0 and "新增 0 人，更新 0 人，未变 3 人" in out
    assert (records_project / "content/roster.yml").read_bytes() == before


def test_roster_bad_rows_write_nothing_and_name_the_cell(records_project, tmp_path, run):
    before = (records_project / "content/roster.yml").read_bytes()
    sheet = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            ROSTER_HEADER,
            ["", "好人", "男", "", "13800003333", "保安联防队", "", ""],
            ["", "坏号", "男", "500999199001010027", "", "保安联防队", "", ""],
            ["", "丢位", "男", 500999199001010028, "", "保安联防队", "", ""],
            ["", "错电话", "男", "", "1380000333", "保安联防队", "", ""],
            ["", "无队", "男", "", "", "机动队", "", ""],
        ],
    )
    code, _, err = run("-C", str(records_project), "roster", "import", "--no-new-teams", str(sheet))
    assert code == 2
    assert ":3:4: 身份证号: 身份证号无效：校验码不对，按前 17 位应为 5" in err
    assert ":4:4: 身份证号: 身份证号被 Excel 存成了数字，末几位已丢失 — 把该列单元格格式设为“文本”" in err
    assert ":5:5: 联系电话: 手机号码格式不对" in err
    assert (
        ":6:6: 所属队伍: 所属队伍“机动队”不在花名册中 — 可用队伍：专（兼）职巡防队、保安联防队；"
        "要让 pingan 新建这支队伍，去掉 --no-new-teams 再导入"
    ) in err
    assert (records_project / "content/roster.yml").read_bytes() == before


def test_missing_columns_are_named_with_the_alias_hint(records_project, tmp_path, run):
    sheet = write_csv(tmp_path / "x.csv", [["编号", "名字2"], ["M001", "甲一"]])
    code, _, err = run("-C", str(records_project), "roster", "import", str(sheet))
    assert code == 2 and "缺少必需的列：姓名、所属队伍" in err and "records.header_aliases" in err


# --- answers -----------------------------------------------------------------------------------------


def result_file(tmp_path: Path, name: str, answers: dict, member: str = "M001") -> Path:
    path = tmp_path / name
    path.write_text(
        json.dumps(
            {
                "format": "pingan-quiz-result/1",
                "member": member,
                "bank": "basics",
                "started": "2024-06-05T19:00:00+08:00",
                "finished": "2024-06-05T19:10:00+08:00",
                "answers": answers,
                "score": 0,
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


def test_answers_import_grades_and_skips_duplicates(records_project, db_url, tmp_path, run):
    first = result_file(tmp_path, "a.json", {"q1": "B", "q2": True})
    second = result_file(tmp_path, "b.json", {"q1": "A", "q2": True}, member="M002")
    code, out, err = run("-C", str(records_project), "answers", "import", str(first), str(second))
    assert code == 0, err
    assert "作答已导入：2 份，新增 2 份，重复跳过 0 份" in out
    code, out, _ = run("-C", str(records_project), "answers", "import", str(first))
    assert "新增 0 份，重复跳过 1 份" in out
    with RecordsDB(db_url) as db, db.session() as s:
        scores = dict(s.execute(select(Attempt.member_id, Attempt.score)).all())
    assert scores == {"M001": 100.0, "M002": 50.0}


def test_answer_sheet_and_bad_result_files_are_all_reported(records_project, db_url, tmp_path, run):
    sheet = write_csv(
        tmp_path / "答题卡.csv",
        [
            ["编号", "题库", "题号", "答案", "日期"],
            ["M003", "basics", "q1", "B", "2024-06-05"],
            ["M003", "basics", "q9", "B", "2024-06-05"],
        ],
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    code, _, err = run("-C", str(records_project), "answers", "import", str(sheet), str(bad))
    assert code == 2
    assert ":3:3: 题号: 题库 basics 中没有题号“q9”" in err
    assert "bad.json:1:1: format: 不是 pingan 练习结果文件" in err
    assert counts(db_url)[2] == 0


def test_a_result_file_from_an_older_bank_is_graded_with_a_warning(records_project, db_url, tmp_path, run):
    path = result_file(tmp_path, "old.json", {"q1": "B", "q2": True})
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "bank_digest": "0" * 64}), encoding="utf-8")
    code, out, err = run("-C", str(records_project), "answers", "import", str(path))
    assert code == 0 and "新增 1 份" in out
    assert "old.json:1:1: bank_digest: [警告] 题库 basics 在作答之后修改过，已按当前题库评分" in err
