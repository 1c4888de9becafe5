"""Item analysis against a small example worked by hand (see the comments)."""

from __future__ import annotations

import pytest

from generator.scorer.items import analyse

# Four respondents, three items (1 = right):
#   R1 1 1 1 (total 3)   R2 1 1 0 (2)   R3 1 0 0 (1)   R4 0 0 0 (0)
# Facility: .75 .50 .25
# Item 1 vs rest [2,1,0,0]: sxy=.75, sxx=.75, syy=2.75 → r = .75/√(.75·2.75) = .5222
# Item 2 vs rest [2,1,1,0]: sxy=1, sxx=1, syy=2 → r = 1/√2 = .7071
# Item 3 vs rest [2,2,1,0]: sxy=.75, sxx=.75, syy=2.75 → r = .5222
# KR-20: k=3, σ² of totals = 1.25, Σpq = .1875+.25+.1875 = .625 → 1.5·(1 − .5) = .75
RESPONSES = [
    {"a": 1, "b": 1, "c": 1},
    {"a": 1, "b": 1, "c": 0},
    {"a": 1, "b": 0, "c": 0},
    {"a": 0, "b": 0, "c": 0},
]


def test_facility_discrimination_and_kr20_match_the_hand_computation():
    stats = analyse("bank", ["a", "b", "c"], RESPONSES)
    assert [round(i.facility, 4) for i in stats.items] == [0.75, 0.5, 0.25]
    assert [round(i.discrimination, 4) for i in stats.items] == [0.5222, 0.7071, 0.5222]
    assert stats.kr20 == pytest.approx(0.75)
    assert stats.flagged == []


def test_a_question_the_strong_miss_and_the_weak_get_is_flagged():
    # Item d: only R4 (the weakest) gets it: rest [3,2,1,0] vs [0,0,0,1] → r = −.7746.
    # It also drags item a down: a [1,1,1,0] vs rest [2,1,0,1] → sxy = 0 → r = 0.
    responses = [dict(r, d=0) for r in RESPONSES[:3]] + [dict(RESPONSES[3], d=1)]
    stats = analyse("bank", ["a", "b", "c", "d"], responses)
    assert stats.items[3].discrimination == pytest.approx(-0.7746, abs=1e-4)
    assert stats.items[0].discrimination == pytest.approx(0.0)
    assert [i.question_id for i in stats.flagged] == ["a", "d"]


def test_no_variance_gives_no_discrimination_rather_than_a_made_up_number():
    stats = analyse("bank", ["a", "b"], [{"a": 1, "b": 1}, {"a": 1, "b": 0}])
    assert stats.items[0].discrimination is None and not stats.items[0].flagged
