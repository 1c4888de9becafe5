"""Attendance checked against the content: each rule of issue 9 with its exact message.

Sheets are real xlsx files written with openpyxl; every import runs through the CLI on
SQLite and PostgreSQL (``db_url``)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from generator.scorer.database import RecordsDB
from generator.scorer.tables import TrainingSession

from .test_imports import ATTENDANCE_HEADER, counts, write_xlsx

DRILL_MODULE = """\
    id: d01
    title: 夜间巡逻处置
    month: "2024-06"
    kind: drill
    category: 应急处置
    duration: 60
    objectives: [会处置可疑情况]
    body: |
      夜间巡逻遇到可疑情况时，先报告，再处置。
    """


@pytest.fixture
def content_project(records_project, project):
    """The records project with a drill module (d01) beside the scaffold's training module m01."""
    return project({"content/modules/d01.yml": DRILL_MODULE})


def stored_sessions(db_url) -> list[TrainingSession]:
    with RecordsDB(db_url) as db, db.session() as s:
        return list(s.scalars(select(TrainingSession)))


def sheet(root, *rows):
    """An xlsx in the project folder (so messages name it as ``考勤.xlsx``)."""
    return write_xlsx(root / "考勤.xlsx", [ATTENDANCE_HEADER, *rows])


def row(date="2024-06-05", kind="培训", course="m01", member="M001", status="出勤"):
    return [date, kind, course, "会议室", "乡平安办", member, "", status]


def import_sheet(run, root, path, *options):
    return run("-C", str(root), "attendance", "import", *options, str(path))


def test_an_unknown_id_shaped_course_names_the_row_and_the_nearest_ids(content_project, db_url, run):
    path = sheet(content_project, row(), row(course="m2024-99"))
    code, out, err = import_sheet(run, content_project, path)
    assert (code, out) == (2, "")
    assert (
        "考勤.xlsx:3:3: 课程: 课程“m2024-99”不是任何课程的编号 — 最接近的课程编号：m01、d01；核对编号，或写课程标题\n"
        in err
    )
    assert counts(db_url)[:2] == (0, 0)  # refused whole


def test_a_title_outside_the_content_is_a_warning_and_counts_by_its_kind(content_project, db_url, run):
    path = sheet(
        content_project,
        row(date="2024-06-03", course="消防器材使用", member="M001"),
        row(date="2024-06-03", course="消防器材使用", member="M003"),
        row(date="2024-06-20", kind="演练", course="夜间巡逻拉练", member="M001"),
    )
    code, out, err = import_sheet(run, content_project, path)
    assert code == 0, err
    assert "考勤已导入：2 个场次，新增 3 条" in out
    assert err.splitlines() == [
        "考勤.xlsx:2:3: 课程: [警告] 课程“消防器材使用”不是内容中的课程（第 2、3 行），按“培训”计入，"
        "台账中标为内容外课程 — 内容中没有相近的课程；要求课程都在内容中时加 --strict",
        "考勤.xlsx:4:3: 课程: [警告] 课程“夜间巡逻拉练”不是内容中的课程（第 4 行），按“演练”计入，"
        "台账中标为内容外课程 — 最接近的课程是 d01（夜间巡逻处置）：如果就是它，请把课程写成 d01；"
        "要求课程都在内容中时加 --strict",
    ]
    with RecordsDB(db_url) as db, db.session() as s:
        stored = {
            (x.course, x.kind, x.module_id, x.outside_content) for x in s.scalars(select(TrainingSession))
        }
    assert stored == {("消防器材使用", "training", None, True), ("夜间巡逻拉练", "drill", None, True)}
    code, out, _ = run("-C", str(content_project), "report", "--month", "2024-06", "--format", "json")
    members = {m["id"]: m for m in json.loads(out)["members"]}
    assert (members["M001"]["trainings"], members["M001"]["drills"], members["M001"]["training_ok"]) == (
        1,
        1,
        True,
    )
    assert (members["M003"]["trainings"], members["M002"]["trainings"]) == (1, 0)
    code, out, _ = run("-C", str(content_project), "report", "--month", "2024-06")
    sessions = {x.course: x.id for x in stored_sessions(db_url)}
    assert out.splitlines()[-1] == (
        f"内容外课程（按类型计入）2 场：2024-06-03 培训“消防器材使用”（场次 {sessions['消防器材使用']}）；"
        f"2024-06-20 演练“夜间巡逻拉练”（场次 {sessions['夜间巡逻拉练']}）"
    )
    # The listing marks them as outside the content.
    code, out, _ = run("-C", str(content_project), "sessions", "list", "--month", "2024-06")
    assert code == 0 and out.count("（内容外课程）") == 2


def test_strict_makes_a_course_outside_the_content_an_error(content_project, db_url, run):
    path = sheet(content_project, row(), row(course="消防器材使用"))
    code, out, err = import_sheet(run, content_project, path, "--strict")
    assert (code, out) == (2, "")
    assert (
        "考勤.xlsx:3:3: 课程: 课程“消防器材使用”不是内容中的课程（第 3 行，类型“培训”） — "
        "内容中没有相近的课程：改写成内容中的课程编号或标题；要按内容外课程导入，去掉 --strict\n" in err
    )
    assert "[警告]" not in err
    assert counts(db_url)[:2] == (0, 0)


def test_a_title_typed_by_hand_is_matched_to_its_module(content_project, db_url, run):
    # Full-width letters and spaces, a note after it: still m01 and d01, no warning.
    path = sheet(
        content_project,
        row(course="巡查日志 的填写（补训）"),
        row(course="ｍ０１", member="M003"),
        row(date="2024-06-20", kind="演练", course=" 夜间巡逻处置 "),
    )
    code, out, err = import_sheet(run, content_project, path)
    assert (code, err) == (0, "")
    assert "2 个场次，新增 3 条" in out
    with RecordsDB(db_url) as db, db.session() as s:
        stored = {(x.course, x.module_id, x.outside_content) for x in s.scalars(select(TrainingSession))}
    assert stored == {("m01", "m01", False), ("d01", "d01", False)}


def test_a_module_recorded_as_the_other_kind_is_an_error(content_project, db_url, run):
    path = sheet(content_project, row(kind="演练", course="m01"), row(kind="培训", course="夜间巡逻处置"))
    code, out, err = import_sheet(run, content_project, path)
    assert (code, out) == (2, "")
    assert err.splitlines()[:2] == [
        "考勤.xlsx:2:2: 类型: 课程 m01（巡查日志的填写）是培训，本行类型却是“演练” — "
        "核对类型和课程：这门课程的类型应填“培训”；如果本行确是另一门课，请改正课程",
        "考勤.xlsx:3:2: 类型: 课程 d01（夜间巡逻处置）是演练，本行类型却是“培训” — "
        "核对类型和课程：这门课程的类型应填“演练”；如果本行确是另一门课，请改正课程",
    ]
    assert counts(db_url)[:2] == (0, 0)


def test_a_date_after_today_is_an_error(content_project, db_url, run):
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    path = sheet(
        content_project, row(), row(date=tomorrow.isoformat()), row(date="2031-06-05", member="M003")
    )
    code, _, err = import_sheet(run, content_project, path)
    assert code == 2
    lines = err.splitlines()
    assert lines[:2] == [
        f"考勤.xlsx:3:1: 日期: 日期 {tomorrow.isoformat()} 在今天（{today.isoformat()}）之后 — "
        "考勤只记录已经举行的场次：核对年份和月份",
        f"考勤.xlsx:4:1: 日期: 日期 2031-06-05 在今天（{today.isoformat()}）之后 — "
        "考勤只记录已经举行的场次：核对年份和月份",
    ]
    assert counts(db_url)[:2] == (0, 0)


def test_a_member_recorded_before_joining_is_a_warning_naming_the_row(content_project, db_url, run):
    # M002 joined on 2024-05-15 (see conftest).
    path = sheet(
        content_project, row(date="2024-05-14", member="M002"), row(date="2024-05-15", member="M002")
    )
    code, out, err = import_sheet(run, content_project, path)
    assert code == 0
    assert err == (
        "考勤.xlsx:2:1: 日期: [警告] M002（乙二）2024-05-15 入队，本行日期 2024-05-14 在入队之前 — "
        "核对日期和编号；确实在入队前参加的，可以不理会这条提醒\n"
    )
    assert "新增 2 条" in out and counts(db_url)[:2] == (2, 2)
