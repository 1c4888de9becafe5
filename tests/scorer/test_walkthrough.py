"""The trainer's month, from a fresh copy of the example project and the files in
examples/: roster, a month of attendance, tablet result files → the month's
compliance as a site page, an xlsx ledger and a terminal table."""

from __future__ import annotations

import json
import shutil

from openpyxl import load_workbook

from tests.conftest import REPO, copy_example
from tests.scorer.test_reports import data_rows


def test_a_month_from_import_to_ledger(tmp_path, run, monkeypatch):
    monkeypatch.delenv("PINGAN_DATABASE_URL", raising=False)
    root = copy_example(tmp_path / "青石乡")
    examples = REPO / "examples"
    results = sorted((examples / "results").glob("*.json"))
    assert len(results) >= 5

    code, out, err = run("-C", str(root), "roster", "import", str(examples / "花名册.csv"))
    assert code == 0, err
    assert "新增 2 人，更新 0 人，未变 30 人" in out
    assert run("-C", str(root), "roster", "import", str(examples / "花名册.csv"))[1].count("新增 0 人") == 1

    code, out, err = run("-C", str(root), "attendance", "import", str(examples / "6月考勤.csv"))
    assert code == 0, err
    assert "2 个场次，新增 64 条" in out

    code, out, err = run("-C", str(root), "answers", "import", *map(str, results))
    assert code == 0, err
    assert f"新增 {len(results)} 份" in out

    code, out, err = run("-C", str(root), "report", "--month", "2024-06", "--format", "json")
    data = json.loads(out)
    members = {m["id"]: m for m in data["members"]}
    assert len(members) == 32
    joined_june_1 = next(m for m in members.values() if m["name"] == "龚雨桐")
    joined_june_3 = next(m for m in members.values() if m["name"] == "鲁振华")
    assert joined_june_1["training_ok"] is not None  # joined on the 1st: June is due
    assert joined_june_3["training_ok"] is None  # joined mid-month: judged from July
    scores = {
        json.loads(p.read_text(encoding="utf-8"))["member"]: json.loads(p.read_text(encoding="utf-8"))[
            "score"
        ]
        for p in results
    }
    for member_id, score in scores.items():
        assert round(members[member_id]["quizzes"][0]["best"]) == score

    code, out, _ = run("-C", str(root), "report", "--month", "2024-06")
    assert code == 0 and "2024年6月培训演练考核台账" in out and "罗建平" in out
    code, out, _ = run("-C", str(root), "report", "--month", "2024-06", "--format", "xlsx")
    ledger = root / "records" / "台账" / "台账-2024-06.xlsx"
    assert code == 0 and ledger.is_file()
    assert len(data_rows(load_workbook(ledger)["队员明细"])) == 32

    code, _, err = run("build", "-q", "--no-print", str(root))
    assert code == 0, err
    page = (root / "site/team/records/2024-06.html").read_text(encoding="utf-8")
    assert "2024年6月考勤" in page and "龚雨桐" not in page  # names stay off the tablets by default
    assert not (root / "site/public/records").exists()
    shutil.rmtree(root)
