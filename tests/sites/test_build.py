"""Site output: structure, atomic publishing, sanitising and masking, on real builds."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import HOSTILE_MARKERS, HOSTILE_NOTICE, write_files


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_build_writes_team_and_public_sites(project, run):
    root = project()
    code, _out, err = run("build", "-q", str(root))
    assert code == 0, err
    team, public = root / "site/team", root / "site/public"
    for page in [
        "index.html",
        "policies/work-plan.html",
        "rules/code.html",
        "modules/m01.html",
        "banks/basics.html",
        "notices/n01.html",
        "search/search_index.js",
    ]:
        assert (team / page).is_file(), page
    assert not (public / "modules").exists() and not (public / "banks").exists()
    assert (public / "notices/n01.html").is_file()


def test_failed_build_leaves_previous_site_byte_identical(project, run):
    root = project()
    assert run("build", "-q", str(root))[0] == 0
    before = {name: snapshot(root / "site" / name) for name in ("team", "public")}
    write_files(root, {"content/notices/n01.yml": "id: n01\ntitle: [未闭合\n"})
    code, _, err = run("build", "-q", str(root))
    assert code == 2 and "content/notices/n01.yml:3:1:" in err
    assert {name: snapshot(root / "site" / name) for name in ("team", "public")} == before
    assert sorted(p.name for p in (root / "site").iterdir()) == ["public", "team"]


def test_failure_while_rendering_keeps_old_site_and_leaves_no_temp_dirs(project, run):
    root = project()
    assert run("build", "-q", str(root))[0] == 0
    before = snapshot(root / "site/team")
    # A broken template override fails after the team site is half built.
    write_files(root, {"templates/pages/notice.md.j2": "{{ no_such_variable }}\n"})
    code, _, err = run("build", "-q", str(root))
    assert code == 1 and "Traceback" not in err
    assert snapshot(root / "site/team") == before
    assert sorted(p.name for p in (root / "site").iterdir()) == ["public", "team"]


def test_raw_html_in_content_is_sanitised(project, run):
    root = project({"content/notices/n01.yml": HOSTILE_NOTICE})
    assert run("build", "-q", str(root))[0] == 0
    for site in ("team", "public"):
        html = (root / f"site/{site}/notices/n01.html").read_text(encoding="utf-8")
        assert "<b>保留加粗</b>" in html
        for bad in HOSTILE_MARKERS:
            assert bad not in html, (site, bad)


def test_mobile_numbers_are_masked_and_id_numbers_removed_everywhere(project, run):
    root = project(
        {
            "content/modules/m01.yml": """\
            id: m01
            title: 联系方式
            month: "2025-01"
            kind: training
            category: 安全知识
            duration: 60
            body: |
              值班电话 13912345678，证件 11010119900307000X 不应出现。
            """,
        }
    )
    assert run("build", "-q", str(root))[0] == 0
    team = root / "site/team"
    texts = [
        p.read_text(encoding="utf-8", errors="ignore")
        for p in team.rglob("*")
        if p.suffix in (".html", ".js", ".json")
    ]
    joined = "\n".join(texts)
    assert "139****5678" in joined
    assert "13912345678" not in joined and "11010119900307000X" not in joined


def test_exam_bank_questions_reach_no_site(project, run):
    root = project(
        {
            "quizzes/final.yml": """\
            id: final
            title: 年终考试
            mode: exam
            questions:
              - id: e1
                type: single
                stem: 考试题干甲乙丙
                options: {A: 考试选项丁, B: 考试选项戊}
                answer: A
                explanation: 考试解析己庚
            """,
        }
    )
    assert run("build", "-q", str(root))[0] == 0
    for site in ("team", "public"):
        for path in (root / "site" / site).rglob("*"):
            if path.is_file():
                text = path.read_text(encoding="utf-8", errors="ignore").replace("\u200b", "")
                for secret in ("考试题干甲乙丙", "考试选项丁", "考试解析己庚"):
                    assert secret not in text, (path, secret)
    index = (root / "site/team/banks/index.html").read_text(encoding="utf-8")
    assert "年终考试" in index  # listed, but with no questions


def test_policy_page_has_official_heading_hierarchy_and_toc(example_site):
    html = (example_site / "site/team/policies/work-plan-2024.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h([2-5]) id=\"([^\"]+)\">([^<]+)", html)
    labels = [(level, text.strip()) for level, _, text in headings]
    assert ("2", "一、指导思想") in labels
    assert any(level == "3" and text.startswith("（一）") for level, text in labels)
    assert any(level == "4" and re.match(r"1\.\S", text) for level, text in labels)
    assert any(level == "5" and text.startswith("（1）") for level, text in labels)
    assert 'class="md-nav md-nav--secondary"' in html  # Material's table of contents


def test_training_page_groups_modules_by_month_and_marks_drills(example_site):
    html = (example_site / "site/team/modules/index.html").read_text(encoding="utf-8")
    months = re.findall(r"<h2 id=\"[^\"]*\">(2024年\d+月)", html)
    assert months == [f"2024年{m}月" for m in range(1, 13)]
    assert html.count("〔实战演练〕") == 4


def test_public_site_only_has_public_documents(example_site):
    public = example_site / "site/public"
    pages = sorted(p.relative_to(public).as_posix() for p in public.rglob("*.html"))
    assert all(re.match(r"(index|404|notices/|policies/|rules/)", p) for p in pages), pages
    assert "policies/conduct-norms.html" not in pages  # marked public: false
    assert "policies/work-plan-2024.html" in pages


def test_no_print_builds_the_sites_only_without_download_links(project, run):
    root = project()
    code, _, err = run("build", "-q", "--no-print", str(root))
    assert code == 0, err
    assert (root / "site/team/notices/n01.html").is_file()
    assert not (root / "print").exists() and not (root / "trainer").exists()
    assert not (root / "site/team/downloads").exists()
    assert "downloads/" not in (root / "site/team/notices/n01.html").read_text(encoding="utf-8")
