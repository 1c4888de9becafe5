"""The monthly-training / quarterly-drill rule on hand-computed cases."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.scorer.compliance import (
    Event,
    MemberInfo,
    PeriodError,
    first_full_month,
    first_full_quarter,
    judge,
    parse_period,
)

D = dt.date
LATER = D(2030, 1, 1)  # every period below has ended


def one(member: MemberInfo, events: list[Event], period: str, as_of: dt.date = LATER):
    kind = "quarter" if "Q" in period else "month" if "-" in period else "year"
    return judge([member], events, parse_period(**{kind: period}), 1, 1, as_of)[0]


VETERAN = MemberInfo("M1", "甲", "patrol", D(2020, 1, 1))


def test_quarter_boundaries_count_in_their_own_quarter():
    events = [
        Event("M1", D(2024, 3, 31), "drill"),
        Event("M1", D(2024, 4, 1), "training"),
        Event("M1", D(2024, 6, 30), "training"),
        Event("M1", D(2024, 7, 1), "drill"),
    ]
    q2 = one(VETERAN, events, "2024Q2")
    assert q2.trainings_by_month == {"2024-04": 1, "2024-06": 1}
    assert q2.missing_months == ["2024-05"] and q2.training_ok is False
    assert q2.drills == 0 and q2.missing_quarters == ["2024Q2"] and q2.drill_ok is False
    q1 = one(VETERAN, events, "2024Q1")
    assert q1.drills_by_quarter == {"2024Q1": 1} and q1.drill_ok is True


def test_month_report_judges_trainings_but_no_quarter():
    result = one(VETERAN, [Event("M1", D(2024, 6, 5), "training")], "2024-06")
    assert (result.training_ok, result.drill_ok) == (True, None)


def test_mid_period_joiner_is_judged_from_first_full_month_and_quarter():
    joiner = MemberInfo("M2", "乙", "patrol", D(2024, 5, 15))
    assert first_full_month(joiner.joined) == "2024-06"
    assert first_full_quarter(joiner.joined) == "2024Q3"
    q2 = one(joiner, [Event("M2", D(2024, 6, 20), "training")], "2024Q2")
    assert q2.due_months == ["2024-06"] and q2.training_ok is True
    assert q2.due_quarters == [] and q2.drill_ok is None  # nothing due: null, not false
    year = one(joiner, [], "2024")
    assert year.due_months == [f"2024-{m:02d}" for m in range(6, 13)]
    assert year.due_quarters == ["2024Q3", "2024Q4"]


def test_joining_on_the_first_day_counts_that_month_and_quarter():
    member = MemberInfo("M3", "丙", "patrol", D(2024, 4, 1))
    assert first_full_month(member.joined) == "2024-04"
    assert first_full_quarter(member.joined) == "2024Q2"


def test_member_with_no_records_misses_everything_due():
    result = one(VETERAN, [], "2024Q2")
    assert result.trainings == result.drills == 0
    assert result.missing_months == ["2024-04", "2024-05", "2024-06"]
    assert result.missing_quarters == ["2024Q2"]


def test_leap_day_counts_for_february_and_a_leap_day_joiner_starts_in_march():
    result = one(VETERAN, [Event("M1", D(2024, 2, 29), "training")], "2024-02")
    assert result.training_ok is True
    assert first_full_month(D(2024, 2, 29)) == "2024-03"
    assert one(MemberInfo("M4", "丁", "patrol", D(2024, 2, 29)), [], "2024-02").training_ok is None


def test_months_not_yet_over_are_not_judged():
    result = one(VETERAN, [], "2024Q2", as_of=D(2024, 5, 31))
    assert result.due_months == ["2024-04", "2024-05"]
    assert result.due_quarters == []


def test_two_trainings_needed_when_the_threshold_says_so():
    events = [Event("M1", D(2024, 6, 1), "training")]
    result = judge([VETERAN], events, parse_period(month="2024-06"), 2, 1, LATER)[0]
    assert result.missing_months == ["2024-06"]


@pytest.mark.parametrize("bad", [{"month": "2024-13"}, {"quarter": "2024Q5"}, {"year": "24"}, {}])
def test_bad_periods_are_refused(bad):
    with pytest.raises(PeriodError):
        parse_period(**bad)
