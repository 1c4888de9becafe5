"""Records on the tablets and in the trainer folder: by default the team site shows team-level
figures only; named lists and each member's scores are in the trainer's ledger (PDF and HTML,
made by every build). Real builds, real PDFs (pdftotext, pdfinfo)."""

from __future__ import annotations

import html
import re
import subprocess

import yaml

from tests.conftest import write_files
from tests.scorer.test_imports import result_file
from tests.scorer.test_reports import june  # noqa: F401 (a fixture)


def roster_names(root) -> list[str]:
    roster = yaml.safe_load((root / "content/roster.yml").read_text(encoding="utf-8"))
    return [m["name"] for m in roster["members"]]


def page_text(path) -> str:
    """What a reader sees of a built page: its article's text, tags and link targets gone."""
    raw = path.read_text(encoding="utf-8")
    article = raw[raw.index("<article") : raw.index("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", " ", article))


def test_the_team_site_names_no_member_and_the_trainer_ledger_names_all(example_site):
    names = roster_names(example_site)
    team = example_site / "site/team"
    pages = list(team.rglob("*.html")) + list(team.rglob("*.json")) + list(team.rglob("*.js"))
    found = [(p.relative_to(team), n) for p in pages for n in names if n in p.read_text(encoding="utf-8")]
    assert found == []
    assert (team / "records/2024.html").is_file() and "各队达标情况" in page_text(team / "records/2024.html")
    report = (example_site / "trainer/ledgers/台账-2024.html").read_text(encoding="utf-8")
    assert all(name in report for name in names)
    assert "测验成绩" in report and "最高" in report
    assert not list((example_site / "site").rglob("台账-*"))  # the ledgers never reach a site


def test_the_ledger_pdf_is_landscape_a4_with_the_organisation_and_signatures(example_site):
    pdf = example_site / "trainer/ledgers/台账-2024.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)", info), info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "云溪县青石乡人民政府2024年度培训演练考核台账" in text
    assert "制表人" in text and "审核人" in text and "填表日期" in text
    assert "队伍汇总" in text and "队员明细" in text and "专（兼）职巡防队" in text


def test_records_pages_show_no_config_keys_or_period_codes(example_site):
    for page in (example_site / "site/team/records").glob("*.html"):
        text = page_text(page)
        assert "records." not in text and "counted_statuses" not in text, page.name
        assert not re.search(r"\d{4}Q\d|\d{4}-\d{2}", text), page.name
        assert not re.search(r"\d+\.\d{2,} ?分", text), page.name


def test_item_analysis_names_questions_and_flags_only_on_enough_answers(example_site):
    text = page_text(example_site / "site/team/records/2024.html")
    assert "第 1 题：为成人做胸外按压，按压深度应为多少？" in text
    assert "作答人数少于 30 人，下面的数字仅供参考，暂不判断答案是否有误" in text
    assert "请核对答案”。" in text and "⚠ 请核对答案" not in text  # every bank has fewer than 30 answers
    raw = (example_site / "site/team/records/2024.html").read_text(encoding="utf-8")
    assert 'href="../banks/bank-firstaid.html#aid-01"' in raw


def opposite_answers(june, run, tmp_path):  # noqa: F811
    """Four members whose two answers disagree: each question correlates −1 with the rest."""
    files = [
        result_file(tmp_path, f"{member}.json", answers, member=member)
        for member, answers in [
            ("M001", {"q1": "B", "q2": False}),
            ("M002", {"q1": "A", "q2": True}),
            ("M003", {"q1": "B", "q2": False}),
            ("M004", {"q1": "A", "q2": True}),
        ]
    ]
    assert run("-C", str(june), "answers", "import", *map(str, files))[0] == 0


def test_site_detail_members_puts_names_and_scores_on_the_team_site(june, run, tmp_path):  # noqa: F811
    opposite_answers(june, run, tmp_path)
    assert run("-C", str(june), "build", "-q", "--no-print")[0] == 0
    month = page_text(june / "site/team/records/2024-06.html")
    year = page_text(june / "site/team/records/2024.html")
    assert "甲一" not in month + year and "丙三" not in month + year
    assert "每名队员的明细在培训人员的台账里" in month
    assert "请核对答案”。" in year and "⚠ 请核对答案" not in year  # 4 answers < 30

    config = (june / "site_config.yml").read_text(encoding="utf-8")
    write_files(
        june, {"site_config.yml": config + "records:\n  site_detail: members\n  flag_min_answers: 3\n"}
    )
    code, _, err = run("-C", str(june), "build", "-q", "--no-print")
    assert code == 0, err
    month = page_text(june / "site/team/records/2024-06.html")
    year = page_text(june / "site/team/records/2024.html")
    assert "甲一" in month and "丙三" in month and "未达标名单" in year and "丙三" in year
    assert "基础知识练习 50 分" in month  # as the quiz shows it: a whole number
    assert "13800001234" not in month and "138****1234" not in month
    assert year.count("⚠ 请核对答案") == 2 and "暂不判断" not in year
    assert "第 1 题：巡查结束后应当做什么？" in year
