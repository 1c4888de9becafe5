"""The public build is blocked by every spelling of a roster member's number or name:

(a) ``pingan check`` names the file, line and column of each, in a public notice;
(b) the last gate, ``site.scan``, finds each in a built page, the search index, a PDF
    and a Word file (as typed, i.e. past any masking), and a real build that a template
    override leaks into fails with nothing swapped in.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pypandoc
import pytest
from docx import Document as WordDocument

from generator.content import load_project
from generator.messages import PRIVATE_DATA_IN_PUBLIC, PRIVATE_DATA_IN_PUBLIC_HINT
from generator.printing.docx import built_reference
from generator.printing.engine import PdfJob, print_pdfs
from generator.site.scan import PrivacyLeak, scan_public_site
from tests.conftest import SCAFFOLD, write_files
from tests.privacy.spellings import LEAD, MASKED, NAME, ROSTER, SAFE, SPELLINGS, STRANGERS

BODY_LINE, BODY_COL = 9, 3 + len(LEAD)  # where notice_yaml puts the spelling


def notice_yaml(notice_id: str, text: str) -> str:
    return textwrap.dedent(
        """\
        id: {id}
        title: 值班安排
        date: 2025-03-01
        issuer: 某某乡人民政府
        public: true
        body: |
          本周值班安排如下，请相互转告。

          {lead}{text}。
        """
    ).format(id=notice_id, lead=LEAD, text=text)


def scratch_project(root: Path, files: dict[str, str]) -> Path:
    shutil.copytree(SCAFFOLD, root)
    write_files(root, {"content/roster.yml": ROSTER})
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    return root


def expected_diagnostic(spelling) -> str:
    message = PRIVATE_DATA_IN_PUBLIC.format(member=spelling.member, what=spelling.what)
    where = f"content/notices/{spelling.key.lower()}.yml:{BODY_LINE}:{BODY_COL + spelling.at}"
    return f"{where}: body: {message} — {PRIVATE_DATA_IN_PUBLIC_HINT}"


# --- (a) pingan check ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[int, list[str]]:
    """One project, one public notice per spelling (plus one of harmless text); one `pingan check`."""
    files = {f"content/notices/{s.key.lower()}.yml": notice_yaml(s.key.lower(), s.text) for s in SPELLINGS}
    harmless = "；".join([*SAFE, *(text for text, _ in STRANGERS)])
    files["content/notices/harmless.yml"] = notice_yaml("harmless", harmless)
    root = scratch_project(tmp_path_factory.mktemp("check") / "proj", files)
    done = subprocess.run([*PINGAN, "check", str(root)], capture_output=True, text=True, check=False)
    return done.returncode, done.stderr.splitlines()


PINGAN = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))"]


@pytest.mark.parametrize("spelling", SPELLINGS, ids=str)
def test_check_reports_each_spelling_at_its_file_line_and_column(checked, spelling):
    code, lines = checked
    assert code == 2
    mine = [line for line in lines if f"notices/{spelling.key.lower()}.yml" in line]
    assert mine == [expected_diagnostic(spelling)]


def test_check_passes_ordinary_numbers_and_strangers_numbers(checked):
    _, lines = checked
    assert not [line for line in lines if "harmless.yml" in line]
    assert sum("公开内容中出现了队员" in line for line in lines) == len(SPELLINGS)


# --- (b) the public site's last gate ---------------------------------------------------------------


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> tuple[object, Path]:
    """A real public site (no personal data in it), built once; and the loaded project."""
    from generator.cli import main

    root = scratch_project(tmp_path_factory.mktemp("gate") / "proj", {})
    assert main(["build", "-q", "--no-print", str(root)]) == 0
    return load_project(root), root / "site/public"


def leak_in(project, site: Path, name: str, data: bytes, tmp_path: Path) -> str | None:
    """Scan a public site that holds one built file ``name`` with ``data``; the leak message or None."""
    folder = tmp_path / "site"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    try:
        scan_public_site(project, folder)
    except PrivacyLeak as leak:
        return leak.message
    return None


def expected_leak(spelling, name: str) -> str:
    return PRIVATE_DATA_IN_PUBLIC.format(member=spelling.member, what=spelling.what) + f"（{name}）"


def spelling_html(text: str) -> str:
    return f"<p>{LEAD}{text}。</p>"


@pytest.mark.parametrize("spelling", SPELLINGS, ids=str)
def test_scan_finds_each_spelling_in_a_built_page_and_the_search_index(public_site, spelling, tmp_path):
    project, site = public_site
    page = (site / "index.html").read_text(encoding="utf-8")
    injected = re.sub(r"(<article[^>]*>)", lambda m: m[1] + spelling_html(spelling.text), page, count=1)
    assert injected != page
    got = leak_in(project, site, "index.html", injected.encode(), tmp_path / "html")
    assert got == expected_leak(spelling, "index.html")

    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    index["docs"].append(
        {"location": "notices/x.html", "title": "值班安排", "text": spelling_html(spelling.text)}
    )
    data = json.dumps(index).encode()  # ensure_ascii: every CJK character as \\uXXXX
    got = leak_in(project, site, "search/search_index.json", data, tmp_path / "json")
    assert got == expected_leak(spelling, "search/search_index.json")


def print_each(folder: Path) -> dict[str, tuple[Path, Path]]:
    """For every spelling, a real PDF (Chromium) and Word file (pandoc) of a page that shows it
    as typed: no masking, as if a template or an old download carried it past the writer."""
    page = '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body>{}</body></html>'
    jobs = [PdfJob(page.format(spelling_html(s.text)), folder / f"{s.key}.pdf", s.key) for s in SPELLINGS]
    print_pdfs(jobs)
    # One pandoc run for all, then one Word file per spelling (python-docx keeps only its paragraph).
    combined = folder / "all.docx"
    html = "".join(f"<p>{s.key}</p>{spelling_html(s.text)}" for s in SPELLINGS)
    pypandoc.convert_text(html, "docx", format="html", outputfile=str(combined),
                          extra_args=[f"--reference-doc={built_reference()}"])  # fmt: skip
    result = {}
    for index, spelling in enumerate(SPELLINGS):
        document = WordDocument(str(combined))
        paragraphs = document.paragraphs
        assert paragraphs[2 * index].text == spelling.key
        for n, paragraph in enumerate(paragraphs):
            if n != 2 * index + 1:
                paragraph._element.getparent().remove(paragraph._element)
        document.save(str(folder / f"{spelling.key}.docx"))
        result[spelling.key] = (folder / f"{spelling.key}.pdf", folder / f"{spelling.key}.docx")
    return result


def test_scan_finds_every_spelling_in_a_printed_pdf_and_word_file(public_site, tmp_path):
    """One test for the whole table (one Chromium, one pandoc run), each spelling asserted:
    the mismatches are listed by spelling and file."""
    project, site = public_site
    printed = print_each(tmp_path)
    wrong = []
    for spelling in SPELLINGS:
        for path in printed[spelling.key]:
            name = f"downloads/notice{path.suffix}"
            got = leak_in(project, site, name, path.read_bytes(), tmp_path / spelling.key / path.suffix[1:])
            if got != expected_leak(spelling, name):
                wrong.append((spelling.key, path.suffix, got))
    assert wrong == []


def test_scan_lets_ordinary_numbers_and_masked_strangers_through(public_site, tmp_path):
    project, site = public_site
    page = (site / "index.html").read_text(encoding="utf-8")
    harmless = "".join(spelling_html(text) for text in [*SAFE, *(masked for _, masked in STRANGERS)])
    injected = page.replace("</article>", harmless + "</article>", 1)
    assert leak_in(project, site, "index.html", injected.encode(), tmp_path) is None


# Spellings that the writer masks (a phone) or keeps (a name): a real build must still be stopped.
THROUGH_A_TEMPLATE = [
    "P03-hyphens",
    "P21-char-reference",
    "K05-masked-bold",
    "N05-html-tag",
    "N07-traditional",
]


def test_a_template_override_that_leaks_any_spelling_stops_the_build_and_swaps_nothing(tmp_path, run):
    root = scratch_project(tmp_path / "proj", {})
    assert run("build", "-q", "--no-print", str(root))[0] == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    for spelling in (s for s in SPELLINGS if s.key in THROUGH_A_TEMPLATE):
        home = (
            '{% include "partials/front_matter.md.j2" %}\n# {{ site_title }}\n\n'
            + f"{LEAD}{spelling.text}。\n"
        )
        write_files(root, {"templates/pages/home.md.j2": home})
        code, _, err = run("build", "-q", "--no-print", str(root))
        what = MASKED if spelling.what not in (NAME,) else NAME  # the writer masked the phone first
        assert code == 1, spelling.key
        assert PRIVATE_DATA_IN_PUBLIC.format(member=spelling.member, what=what) + "（index.html）" in err
        assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == before
        assert not list(root.glob("site/.*")) and not list((root / "site").glob("*.staging*"))
