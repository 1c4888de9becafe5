"""Quiz data written into the team site: practice banks only, digest stable, placeholder kept."""

from __future__ import annotations

import json
import re

import pytest

from generator.content import load_project
from generator.content.schema import QuizBank
from generator.quizformats import bank_digest
from generator.site.quizpage import ExamBankRefused, quiz_payload


def bank_data(site, bank_id: str) -> dict:
    text = (site / f"assets/quizzes/{bank_id}.js").read_text(encoding="utf-8")
    match = re.search(r"window\.pinganQuizBanks\[\"[^\"]+\"\] = (\{.*\});\n$", text, re.S)
    assert match, text[:200]
    return json.loads(match[1])


def test_practice_banks_get_a_data_file_and_exam_banks_none(example_site):
    project = load_project(example_site)
    team = example_site / "site/team"
    for bank in project.banks:
        path = team / f"assets/quizzes/{bank.id}.js"
        assert path.is_file() != bank.is_exam, bank.id
    exam = next(b for b in project.banks if b.is_exam)
    for path in team.rglob("*.js"):
        text = path.read_text(encoding="utf-8", errors="ignore")
        leaks = [q.id for q in exam.questions if q.stem in text or (q.explanation and q.explanation in text)]
        assert leaks == [], path
    assert not (example_site / "site/public/assets/quizzes").exists()
    assert not (example_site / "site/public/assets/javascripts/pingan-quiz.js").exists()


def test_data_file_carries_questions_answers_and_source_links(example_site):
    project = load_project(example_site)
    bank = next(b for b in project.banks if b.id == "bank-safety")
    data = bank_data(example_site / "site/team", bank.id)
    assert data["digest"] == bank_digest(bank)
    assert data["pass_mark"] == 60
    assert [q["id"] for q in data["questions"]] == [q.id for q in bank.questions]
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["safe-05"]["answer"] == ["A", "B", "C"]
    assert by_id["safe-03"]["answer"] is False
    assert by_id["safe-04"]["source"] == {
        "href": "policies/work-plan-2024.html#work-safety",
        "label": "《青石乡基层群防群治工作方案》 2.安全生产",
    }
    for question in data["questions"]:
        if question["source"]:
            target = example_site / "site/team" / question["source"]["href"].split("#")[0]
            assert target.is_file()


def test_quiz_page_has_a_placeholder_that_survives_sanitising_and_loads_the_script(example_site):
    html = (example_site / "site/team/banks/bank-safety.html").read_text(encoding="utf-8")
    assert '<div class="pingan-quiz" id="pingan-quiz-bank-safety">' in html
    assert '<div class="pingan-quiz-static">' in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts[-2:] == [
        "../assets/javascripts/qrcode-generator.js",
        "../assets/javascripts/pingan-quiz.js",
    ]
    assert (example_site / "site/team/assets/javascripts/qrcode-generator.js").is_file()


def test_exam_banks_are_refused(example_site):
    project = load_project(example_site)
    exam = next(b for b in project.banks if b.is_exam)
    with pytest.raises(ExamBankRefused):
        quiz_payload(project, exam)


def make_bank(**changes) -> QuizBank:
    question = {
        "id": "q1",
        "type": "single",
        "stem": "问题",
        "options": {"A": "甲", "B": "乙"},
        "answer": "A",
        "explanation": "解析",
    }
    question.update(changes)
    return QuizBank.model_validate({"id": "b", "title": "题库", "mode": "practice", "questions": [question]})


def test_bank_digest_follows_what_grading_depends_on():
    base = bank_digest(make_bank())
    assert re.fullmatch(r"[0-9a-f]{64}", base)
    assert bank_digest(make_bank()) == base
    assert bank_digest(make_bank(explanation="改过的解析", tags=["新"])) == base
    assert bank_digest(make_bank(answer="B")) != base
    assert bank_digest(make_bank(stem="另一个问题")) != base
    assert bank_digest(make_bank(options={"A": "甲", "B": "丙"})) != base


def test_bank_digest_ignores_the_order_of_a_multiple_choice_key():
    one = make_bank(type="multiple", options={"A": "甲", "B": "乙", "C": "丙"}, answer=["A", "C"])
    two = make_bank(type="multiple", options={"A": "甲", "B": "乙", "C": "丙"}, answer=["C", "A"])
    assert bank_digest(one) == bank_digest(two)


def test_explanations_reach_the_quiz_as_sanitised_markdown(example_site):
    project = load_project(example_site)
    bank = make_bank(
        explanation="先**断电**，再灭火：\n\n- 切断电源\n- 用干粉灭火器\n\n"
        '<img src="x" onerror="alert(1)">电话 13800001234 <script>alert(2)</script>'
    )
    (question,) = quiz_payload(project, bank)["questions"]
    html = question["explanation_html"]
    assert html.startswith("<p>先<strong>断电</strong>，再灭火：</p>")
    assert "<li>切断电源</li>" in html and "<li>用干粉灭火器</li>" in html
    assert "onerror" not in html and "<script" not in html and "alert(2)" not in html
    assert "138****1234" in html and "13800001234" not in html
    assert "explanation" not in question  # only the rendered HTML reaches the site
    assert quiz_payload(project, make_bank(explanation=""))["questions"][0]["explanation_html"] == ""
