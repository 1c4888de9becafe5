"""`pingan demo-records` fills a real database that reports and the site can use."""

from __future__ import annotations

import json

from generator.content import load_project


def test_demo_records_extend_the_roster_and_feed_reports_and_the_site(project, run, monkeypatch, tmp_path):
    root = project()
    monkeypatch.delenv("PINGAN_DATABASE_URL", raising=False)
    code, _, err = run("-C", str(root), "demo-records", "--members", "40", "--months", "6")
    assert code == 1 and "--extend-roster" in err
    code, out, err = run(
        "-C", str(root), "demo-records", "--members", "40", "--months", "6", "--extend-roster"
    )
    assert code == 0, err
    assert "40 名队员、6 个月" in out
    assert (root / "records/pingan.db").is_file()
    assert len(load_project(root).roster.members) == 40
    code, _, err = run("-C", str(root), "demo-records", "--members", "40")
    assert code == 1 and "数据库中已有考勤或作答记录" in err  # never doubles the demo data
    code, out, _ = run(
        "-C", str(root), "report", "--quarter", "2024Q1", "--format", "json", "--as-of", "2024-12-31"
    )
    data = json.loads(out)
    assert len(data["members"]) == 40
    assert any(m["quizzes"] for m in data["members"])
    assert run("build", "-q", str(root))[0] == 0
    page = (root / "site/team/records/2024.html").read_text(encoding="utf-8")
    assert "2024年考核台账" in page and "2024-attendance.svg" in page
    assert not (root / "site/public/records").exists()
