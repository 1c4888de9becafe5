"""No roster data on the public site; no raw phone or ID number on any site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from tests.conftest import REPO, write_files


def site_texts(site: Path) -> dict[str, str]:
    """Every text file of a built site, as a reader would see it."""
    texts = {}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".xml", ".css", ".txt"):
            text = path.read_text(encoding="utf-8", errors="ignore")
            if path.suffix == ".json":
                text = json.dumps(json.loads(text), ensure_ascii=False)
            texts[path.relative_to(site).as_posix()] = text.replace("\u200b", "")
    return texts


def test_public_site_holds_no_roster_name_phone_or_id(example_site):
    roster = yaml.safe_load((REPO / "content/roster.yml").read_text(encoding="utf-8"))
    members = roster["members"]
    assert len(members) >= 25
    needles = [m["name"] for m in members] + [m["phone"] for m in members] + [m["id_number"] for m in members]
    needles += [m["phone"][:3] + "****" + m["phone"][-4:] for m in members]  # not even masked
    texts = site_texts(example_site / "site/public")
    assert len(texts) > 10
    leaks = [(name, needle) for name, text in texts.items() for needle in needles if needle in text]
    assert leaks == []


def test_no_site_holds_an_unmasked_mobile_or_an_id_number(example_site):
    for site in ("team", "public"):
        for name, text in site_texts(example_site / "site" / site).items():
            assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text), (site, name)
            assert not re.search(r"(?<!\d)\d{17}[\dX](?!\d)", text), (site, name)


def test_a_template_that_leaks_a_member_name_stops_the_build(project, run):
    root = project()
    assert run("build", "-q", str(root))[0] == 0
    before = (root / "site/public/index.html").read_bytes()
    # A project template override that prints the roster on every page.
    write_files(
        root,
        {
            "templates/pages/home.md.j2": "# 首页\n\n{% for m in project.roster.members %}{{ m.name }}{% endfor %}\n",
        },
    )
    code, _, err = run("build", "-q", str(root))
    assert code == 1
    assert "公开内容中出现了队员 M001 的姓名（index.html）" in err
    assert (root / "site/public/index.html").read_bytes() == before


def test_no_exam_question_answer_or_explanation_reaches_either_site(example_site):
    exams = [
        yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((REPO / "quizzes").glob("*.yml"))
    ]
    exams = [bank for bank in exams if bank["mode"] == "exam"]
    assert exams, "the example content has an exam bank"
    secrets = []
    for bank in exams:
        for question in bank["questions"]:
            # Option texts may quote the (public) policy, so stems and explanations are what must not leak.
            secrets += [question["stem"], question.get("explanation", "")]
    secrets = [s.strip() for s in secrets if s and len(s.strip()) >= 6]
    assert len(secrets) >= 15
    for site in ("team", "public"):
        texts = site_texts(example_site / "site" / site)
        leaks = [(name, secret) for name, text in texts.items() for secret in secrets if secret in text]
        assert leaks == [], site


def test_roster_matcher_finds_names_phones_and_ids_but_not_longer_numbers():
    from generator.content.schema import Member
    from generator.privacy import RosterMatcher

    matcher = RosterMatcher(
        [
            Member(id="A1", name="阿依古丽·买买提", team="t"),
            Member(id="A2", name="王平", team="t", phone="13800001234", id_number="500999199001010041"),
        ]
    )
    assert matcher.first_hit("表彰阿依古丽·买买提同志").member.id == "A1"
    assert matcher.first_hit("请联系王平。").what == "姓名"
    assert matcher.first_hit("电话13800001234").what == "手机号"
    assert matcher.first_hit("编号 500999199001010041").what == "身份证号"
    assert matcher.first_hit("订单号 9913800001234 与王某") is None  # inside a longer number
    assert matcher.first_hit("王 平").what == "姓名"  # a space does not hide a name
