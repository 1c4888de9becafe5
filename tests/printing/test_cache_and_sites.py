"""`pingan build` prints before the sites: a content-hash cache, links, copies, privacy.

The cache: a second build with no change prints nothing; editing one notice reprints that
notice only (its PDF and its Word file). Sites link the printed files of the documents they
show, the public site carries only public ones, and trainer files never enter a site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.content.stamp import STAMP
from generator.printing import KINDS
from generator.printing.run import MANIFEST
from generator.publish import MARK
from tests.conftest import write_files
from tests.printing.conftest import flat, pdf_text


def printed_count(out: str) -> tuple[int, int]:
    m = re.search(r"新打印 (\d+) 份，沿用未改动的 (\d+) 份", out)
    assert m, out
    return int(m[1]), int(m[2])


def stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_unchanged_documents_are_never_printed_again_and_an_edit_reprints_only_itself(project, run):
    root = project()
    code, out, err = run("build", "-q", str(root))
    assert code == 0, err
    printed, reused = printed_count(out)
    assert printed > 5 and reused == 0
    before = stamps(root / "print")

    # The print step again (a second `build` with nothing changed stops before printing: test_incremental).
    code, out, _ = run("pdf", "-q", str(root))
    assert code == 0 and printed_count(out) == (0, printed)
    assert stamps(root / "print").keys() == before.keys() - {STAMP}  # `pdf` leaves no build stamp

    write_files(
        root,
        {
            "content/notices/n01.yml": (root / "content/notices/n01.yml")
            .read_text(encoding="utf-8")
            .replace("3月中旬", "3月下旬")
        },
    )
    code, out, _ = run("pdf", "-q", str(root))
    assert code == 0 and printed_count(out) == (2, printed - 2)
    after = stamps(root / "print")
    changed = sorted(rel for rel in after if after[rel] != before.get(rel))
    assert changed == [MARK, MANIFEST, "notices/n01.docx", "notices/n01.pdf"]  # the folder's mark is new too
    assert "3月下旬" in flat(pdf_text(root / "print/notices/n01.pdf"))
    manifest = json.loads((root / "print" / MANIFEST).read_text(encoding="utf-8"))
    assert "print/notices/n01.pdf" in manifest["files"] and "trainer/sign-in/m01.pdf" in manifest["files"]

    code, out, _ = run("pdf", "-q", "--force", str(root))
    assert code == 0 and printed_count(out) == (printed, 0)


def test_sites_link_and_carry_their_documents_files_and_the_public_site_only_public_ones(example_site):
    team, public = example_site / "site/team", example_site / "site/public"
    page = (team / "notices/n2024-01.html").read_text(encoding="utf-8")
    assert (
        'href="../downloads/notices/n2024-01.pdf"' in page
        and 'href="../downloads/notices/n2024-01.docx"' in page
    )
    module = (team / "modules/m2024-05.html").read_text(encoding="utf-8")
    for target in ("../downloads/modules/m2024-05.pdf", "../downloads/forms/patrol-log.pdf"):
        assert f'href="{target}"' in module
        assert (team / "modules" / target).resolve().is_file()
    rules = (public / "rules/wuyao-shibuzhun.html").read_text(encoding="utf-8")
    assert (
        "../downloads/rules/wuyao-shibuzhun-poster.pdf" in rules
        and "../downloads/rules/wuyao-shibuzhun-card.pdf" in rules
    )

    public_files = sorted(
        p.relative_to(public / "downloads").as_posix()
        for p in (public / "downloads").rglob("*")
        if p.is_file()
    )
    assert public_files == sorted(
        [f"notices/n2024-0{n}.{ext}" for n in (1, 2, 3) for ext in ("pdf", "docx")]
        + ["policies/work-plan-2024.docx", "policies/work-plan-2024.pdf"]
        + ["rules/wuyao-shibuzhun-card.pdf", "rules/wuyao-shibuzhun-poster.pdf"]
    )  # conduct-norms is not public; handouts and forms are for members
    assert (team / "downloads/policies/conduct-norms.pdf").is_file()
    for rel in public_files:  # the very same bytes as the print folder
        assert (public / "downloads" / rel).read_bytes() == (example_site / "print" / rel).read_bytes()


def test_answer_keys_exam_papers_and_sign_in_sheets_are_never_inside_a_site(example_site):
    trainer_kinds = [kind for kind in KINDS.values() if kind.area == "trainer"]
    assert {kind.name for kind in trainer_kinds} == {"exam-paper", "answer-key", "sign-in", "ledger"}
    trainer = example_site / "trainer"
    assert (trainer / "exams/exam-2024h2-key.pdf").is_file()
    site_files = [p for p in (example_site / "site").rglob("*") if p.is_file()]
    site_bytes = {p.read_bytes() for p in site_files if p.suffix in (".pdf", ".docx")}
    for path in trainer.rglob("*.pdf"):
        assert path.read_bytes() not in site_bytes, path
    assert not [p for p in site_files if {"exams", "sign-in", "ledgers"} & set(p.parts)]
    key_text = flat(pdf_text(trainer / "exams/exam-2024h2-key.pdf"))
    assert "培训人员专用" in key_text
    assert not trainer.resolve().is_relative_to((example_site / "site").resolve())


def test_a_roster_name_in_a_public_pdf_stops_the_build_and_changes_nothing(project, run):
    root = project()
    assert run("build", "-q", str(root))[0] == 0
    before = {p: p.read_bytes() for p in (root / "site/public").rglob("*") if p.is_file()}
    # A project's own print template that puts a member's name (split over two lines) on the
    # poster: only the PDF carries it, no page of the site does.
    write_files(
        root,
        {
            "templates/print/rules_poster.html.j2": '{% extends "print/base.html.j2" %}\n'
            "{% block body %}<h1>{{ rules.title }}</h1><p>值班：示例<br>队员</p>{% endblock %}\n"
        },
    )
    code, _, err = run("build", "-q", str(root))
    assert code == 1 and "Traceback" not in err
    assert "M001" in err and "rules/code-poster.pdf" in err
    assert {p: p.read_bytes() for p in (root / "site/public").rglob("*") if p.is_file()} == before
    assert "示例队员" not in flat(pdf_text(root / "print/rules/code-poster.pdf"))  # the old poster is kept


def test_a_broken_print_template_is_reported_in_chinese(project, run):
    root = project(
        {
            "templates/print/notice.html.j2": "{% extends 'print/base.html.j2' %}{% block body %}{{ notice.nope }}{% endblock %}\n"
        }
    )
    code, _, err = run("pdf", "-q", str(root))
    assert code == 1 and "打印模板出错" in err and "Traceback" not in err


def test_no_chromium_is_a_clear_error(project, run, monkeypatch, tmp_path):
    from generator.printing import engine

    monkeypatch.setattr(engine, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "no-browsers"))
    code, _, err = run("pdf", "-q", str(project()))
    assert code == 1 and "无法启动 Chromium" in err and "scripts/setup.sh" in err and "Traceback" not in err


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_pdf_prints_with_any_number_of_tabs(project, run, jobs):
    root = project()
    code, out, _ = run("pdf", "-q", "-j", jobs, str(root))
    assert code == 0 and printed_count(out)[0] > 5
    assert (root / "trainer/sign-in/m01.pdf").is_file()
