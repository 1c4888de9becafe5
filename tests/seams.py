"""A small project built in memory (no files, no build), for unit tests at the stage seams."""

from __future__ import annotations

from pathlib import Path

from generator.content import Project
from generator.content.schema import Notice, Policy, QuizBank, Roster, Rules, SiteConfig, TrainingModule

CONFIG = {"site": {"name": "某乡平安建设学习平台"}, "organisation": {"name": "某乡人民政府"}}


def question(qid: str) -> dict:
    return {"id": qid, "type": "true_false", "stem": f"题目 {qid}", "answer": True}


def small_project(**config: object) -> Project:
    """Two policies (one public), rules (public), two modules in two months (one a drill),
    a practice and an exam bank, two notices (one public), two members."""
    return Project(
        root=Path("/nonexistent"),
        config=SiteConfig.model_validate({**CONFIG, **config}),
        policies=[
            Policy.model_validate({"id": "plan", "issuer": "乡政府", "date": "2025-01-06", "title": "工作方案", "public": True}),
            Policy.model_validate({"id": "inner", "issuer": "乡政府", "date": "2025-01-07", "title": "内部规定"}),
        ],
        rules=[
            Rules.model_validate(
                {"id": "code", "title": "五要十不准", "public": True, "items": [{"id": "y1", "kind": "must", "text": "要守法"}]}
            )
        ],
        modules=[
            TrainingModule.model_validate(
                {"id": "m1", "title": "巡逻基础", "month": "2025-01", "kind": "training", "category": "安全知识",
                 "duration": 60, "quizzes": ["basics", "final"]}
            ),
            TrainingModule.model_validate(
                {"id": "m2", "title": "消防演练", "month": "2025-03", "kind": "drill", "category": "救护常识", "duration": 90}
            ),
        ],
        notices=[
            Notice.model_validate({"id": "n2", "title": "招募志愿者", "date": "2025-02-01", "issuer": "乡政府", "public": True, "body": "正文"}),
            Notice.model_validate({"id": "n1", "title": "内部通知", "date": "2025-01-01", "issuer": "乡政府", "body": "正文"}),
        ],
        banks=[
            QuizBank.model_validate({"id": "basics", "title": "基础练习", "mode": "practice", "questions": [question("q1")]}),
            QuizBank.model_validate({"id": "final", "title": "结业考试", "mode": "exam", "pass_mark": 80, "questions": [question("q1")]}),
        ],
        roster=Roster.model_validate(
            {"teams": [{"id": "patrol", "name": "巡防队"}],
             "members": [{"id": "M001", "name": "张某", "team": "patrol"}, {"id": "M002", "name": "李某", "team": "patrol"}]}
        ),
    )  # fmt: skip
