"""Report building from plain values: ledger rows and sheets, without a database or a file."""

from __future__ import annotations

import datetime as dt

from generator.scorer.compliance import Event, MemberCompliance, MemberInfo, judge, parse_period
from generator.scorer.items import BankStats, ItemStats
from generator.scorer.reports import (
    MEMBER_COLUMNS,
    MemberReport,
    QuizStat,
    Report,
    TeamReport,
    ledger_sheets,
    member_rows,
)
from tests.seams import small_project


def hand_report() -> Report:
    period = parse_period(quarter="2025Q1")
    members = [MemberInfo("M001", "张某", "patrol", None), MemberInfo("M002", "李某", "patrol", None)]
    events = [Event("M001", dt.date(2025, m, 10), "training") for m in (1, 2, 3)] + [
        Event("M001", dt.date(2025, 3, 20), "drill")
    ]
    compliance = judge(members, events, period, 1, 1, dt.date(2025, 6, 30))
    quiz = [QuizStat("basics", 2, 90.0, 80.0, True)]
    team = TeamReport("patrol", "巡防队", 2, 1, 2, 1, 2, {"2025-01": 0.5, "2025-02": 0.5, "2025-03": None})
    items = BankStats("basics", 2, [ItemStats("q1", 0.5, -0.3)], None)
    return Report(period, dt.date(2025, 6, 30), 1, 1, 60, [MemberReport(compliance[0], quiz), MemberReport(compliance[1])],
                  [team], [items], {"basics": "基础练习"})  # fmt: skip


def test_member_rows_are_named_and_in_column_order():
    rows = member_rows(hand_report(), small_project())
    assert len(MEMBER_COLUMNS) == len(rows[0])
    first, second = rows
    assert (first.id, first.team, first.trainings, first.drills, first.training, first.drill) == (
        "M001",
        "巡防队",
        3,
        1,
        "达标",
        "达标",
    )
    assert first.quiz == "及格 1/1，最高 90" and not first.fell_short
    assert (second.training, second.drill, second.missing) == (
        "未达标",
        "未达标",
        "2025-01培训、2025-02培训、2025-03培训、2025Q1演练",
    )
    assert second.fell_short


def test_ledger_sheets_hold_the_team_summary_who_is_missing_and_item_analysis():
    sheets = {name: (header, rows) for name, header, rows in ledger_sheets(hand_report(), small_project())}
    assert list(sheets) == ["队伍汇总", "队员明细", "缺训名单", "测验成绩", "试题分析"]
    header, rows = sheets["队伍汇总"]
    assert header[-3:] == ["2025-01 培训达标率", "2025-02 培训达标率", "2025-03 培训达标率"]
    assert rows == [["巡防队", 2, "1/2", "1/2", "50%", "50%", ""]]
    assert [row[0] for row in sheets["缺训名单"][1]] == ["M002"]
    assert sheets["测验成绩"][1] == [["M001", "张某", "基础练习", 2, 90.0, 80.0, "是"]]
    assert sheets["试题分析"][1] == [["基础练习", "q1", 0.5, -0.3, "请核对答案"]]


def test_a_member_with_nothing_due_is_not_judged():
    c = MemberCompliance("M9", "王某", "patrol")
    assert c.training_ok is None and c.drill_ok is None
