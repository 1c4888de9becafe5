"""The shipped example content is complete, valid and shaped like the plan it models."""

from __future__ import annotations

import re

import pytest

from generator.content import load_project
from generator.privacy import id_number_problem
from tests.conftest import REPO


@pytest.fixture(scope="module")
def example():
    return load_project(REPO)


def test_example_loads_without_warnings(example):
    assert example.warnings == []


def test_twelve_monthly_trainings_and_four_quarterly_drills(example):
    trainings = [m for m in example.modules if not m.is_drill]
    drills = [m for m in example.modules if m.is_drill]
    assert sorted(m.month for m in trainings) == [f"2024-{n:02d}" for n in range(1, 13)]
    assert sorted(d.quarter for d in drills) == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    topics = {m.category for m in trainings}
    assert {"情报收集", "矛盾化解", "安全知识", "救护常识"} <= topics


def test_question_banks_cover_every_type_and_have_enough_questions(example):
    questions = [q for bank in example.banks for q in bank.questions]
    assert len(questions) >= 40
    assert {q.type for q in questions} == {"single", "multiple", "true_false"}
    assert any(bank.is_exam for bank in example.banks)


def test_three_notices_and_a_public_work_plan_with_the_plans_posts(example):
    assert len(example.notices) == 3
    plan = next(p for p in example.policies if p.id == "work-plan-2024")
    assert plan.public and plan.doc_number and re.search(r"〔2024〕\d+号", plan.doc_number)
    text = plan._source.path.read_text(encoding="utf-8")
    for fact in ("赶集", "街面岗", "护学岗", "夜巡岗", "消火栓", "联席会议", "首查负责"):
        assert fact in text, fact
    assert max(s.depth for _, s in plan.walk_sections()) == 4


def test_roster_is_about_thirty_fictional_members_with_valid_id_numbers(example):
    members = example.roster.members
    assert 25 <= len(members) <= 40
    assert all(id_number_problem(m.id_number) is None for m in members if m.id_number)
    assert all(m.phone.startswith("1380000") for m in members if m.phone)
    assert len({m.name for m in members}) == len(members)
