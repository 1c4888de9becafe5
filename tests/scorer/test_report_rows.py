"""Report building from plain values: ledger rows, sheets and coverage, without a database or a file."""

from __future__ import annotations

import datetime as dt
import json

from generator.scorer.compliance import (
    Coverage,
    Event,
    MemberCompliance,
    MemberInfo,
    judge,
    months_phrase,
    parse_period,
    period_title,
)
from generator.scorer.items import BankStats, ItemStats
from generator.scorer.ledger import PERCENT, ledger_sheets
from generator.scorer.reports import (
    MemberReport,
    QuizStat,
    Report,
    TeamReport,
    member_columns,
    member_rows,
    quiz_percent,
    to_json,
)
from tests.seams import small_project


def hand_report(answers: int = 40) -> Report:
    period = parse_period(quarter="2025Q1")
    members = [MemberInfo("M001", "张某", "patrol", None), MemberInfo("M002", "李某", "patrol", None)]
    events = [Event("M001", dt.date(2025, m, 10), "training") for m in (1, 2, 3)] + [
        Event("M001", dt.date(2025, 3, 20), "drill")
    ]
    coverage = Coverage(
        {"2025-01": 1, "2025-02": 1, "2025-03": 1}, {"2025-01": 0, "2025-02": 0, "2025-03": 1}
    )
    compliance = judge(members, events, period, 1, 1, dt.date(2025, 6, 30), coverage)
    quiz = [QuizStat("basics", 2, 90.0, 72.5, True)]
    team = TeamReport("patrol", "巡防队", 2, 1, 2, 1, 2, {"2025-01": 0.5, "2025-02": 0.5, "2025-03": None})
    items = BankStats("basics", answers, [ItemStats("q1", 0.5, -0.3)], None)
    return Report(period, dt.date(2025, 6, 30), 1, 1, 60, [MemberReport(compliance[0], quiz), MemberReport(compliance[1])],
                  [team], [items], {"basics": "基础练习"}, coverage, "某某镇平安办")  # fmt: skip


def test_member_rows_are_named_and_in_column_order():
    rows = member_rows(hand_report(), small_project())
    assert len(member_columns(True)) == len(rows[0].cells(True))
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
        "2025年1月培训、2025年2月培训、2025年3月培训、2025年第一季度演练",
    )
    assert second.fell_short


def test_a_month_ledger_has_no_drill_column():
    assert member_columns(False) == ["编号", "姓名", "队伍", "培训次数", "培训", "缺少", "测验"]
    row = member_rows(hand_report(), small_project())[0]
    assert row.cells(False) == ["M001", "张某", "巡防队", 3, "达标", "", "及格 1/1，最高 90"]


def test_ledger_sheets_store_numbers_as_numbers_with_formats():
    sheets = {sheet.name: sheet for sheet in ledger_sheets(hand_report(), small_project())}
    assert list(sheets) == ["队伍汇总", "队员明细", "缺训名单", "测验成绩", "试题分析"]
    summary = sheets["队伍汇总"]
    assert summary.header == ["队伍", "人数", "培训应考核", "培训达标", "培训达标率", "演练应考核", "演练达标",
                              "演练达标率", "1月达标率", "2月达标率", "3月达标率"]  # fmt: skip
    assert summary.rows == [["巡防队", 2, 2, 1, 0.5, 2, 1, 0.5, 0.5, 0.5, None]]
    assert [c.format for c in summary.columns][4] == PERCENT
    assert [row[0] for row in sheets["缺训名单"].rows] == ["M002"]
    assert sheets["测验成绩"].rows == [["M001", "张某", "基础练习", 2, 90, 73, "是"]]  # as the quiz rounds
    assert sheets["试题分析"].rows == [["基础练习", "q1", 0.5, -0.3, "请核对答案"]]


def test_a_question_is_flagged_only_on_enough_answers():
    sheets = {sheet.name: sheet for sheet in ledger_sheets(hand_report(answers=12), small_project())}
    assert sheets["试题分析"].rows[0][-1] == "只有 12 人作答，少于 30 人，暂不判断"


def test_scores_round_half_up_as_the_quiz_does():
    assert [quiz_percent(s) for s in (72.5, 72.49, 0.5, 100.0, 66.67)] == [73, 72, 1, 100, 67]


def test_a_member_with_nothing_due_is_not_judged():
    c = MemberCompliance("M9", "王某", "patrol")
    assert c.training_ok is None and c.drill_ok is None


def test_months_and_periods_are_named_in_chinese():
    assert months_phrase(["2024-04", "2024-05", "2025-01"]) == "2024年4月、5月、2025年1月"
    assert period_title(parse_period(month="2024-06")) == "2024年6月"
    assert period_title(parse_period(quarter="2024Q2")) == "2024年第二季度"
    assert period_title(parse_period(year="2024")) == "2024年度"


def test_an_unrecorded_month_is_nobodys_shortfall():
    period = parse_period(quarter="2024Q2")
    coverage = Coverage.of([(dt.date(2024, 6, 5), "training")], period)
    members = [MemberInfo("M1", "甲", "t", None)]
    (c,) = judge(
        members, [Event("M1", dt.date(2024, 6, 5), "training")], period, 1, 1, dt.date(2024, 7, 1), coverage
    )
    assert (c.due_months, c.unrecorded_months, c.missing_months) == (["2024-06"], ["2024-04", "2024-05"], [])
    assert (c.training_ok, c.drill_ok, c.unrecorded_quarters) == (True, None, ["2024Q2"])


def test_a_members_json_line_is_what_json_would_write():
    """``to_json`` writes each member's line field by field: character for character what
    ``json.dumps(as_json())`` writes, for text json must escape, numbers of every shape and
    judgements that are true, false or not made."""
    awkward = MemberCompliance(
        'M"01\\', '张\n"某"\x01\u2028𠀀 13812345678', "巡防\t队", trainings=3, drills=0,
        trainings_by_month={"2025-01": 2, "2025-02": 0, "2025-03": True},
        drills_by_quarter={}, due_months=["2025-01", "2025-02"], due_quarters=["2025Q1"],
        missing_months=["2025-02"], missing_quarters=["2025Q1"],
        unrecorded_months=["2025-03"], unrecorded_quarters=[],
    )  # fmt: skip
    quizzes = [
        QuizStat("basics", 2, 90.0, 72.5, True),
        QuizStat("基础\\题库", 1, 1 / 3, -0.0, False),
        QuizStat("b", 3, 1e16, 1e-7, False),
        QuizStat("c", 1, float("nan"), float("inf"), False),
        QuizStat("d", 1, 100, 0, True),
    ]
    members = [MemberReport(awkward, quizzes), *hand_report().members]
    for member in members:
        assert member.json_line() == json.dumps(member.as_json(), ensure_ascii=False)
    assert "138****5678" in members[0].json_line()  # masked like every other format
    whole = json.loads(to_json(hand_report()))
    assert whole["members"] == [json.loads(json.dumps(m.as_json())) for m in hand_report().members]
