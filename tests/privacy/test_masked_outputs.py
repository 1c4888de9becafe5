"""(c) Numbers typed into free text of team outputs come out masked, as a reader sees them:
the built page in Chromium, the printed PDF (pdftotext) and the Word file, for every
spelling of the table; harmless numbers come out exactly as typed."""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from docx import Document as WordDocument

from generator.privacy import find_numbers
from tests.conftest import SCAFFOLD, write_files
from tests.privacy.spellings import LEAD, NUMBERS, ROSTER, SAFE, STRANGERS

# label → (as typed, as it must be shown); labels short enough that each paragraph fits a printed line
LINES = {s.key[:3]: (s.text, s.shown) for s in NUMBERS}
LINES.update({f"S{n:02d}": (text, text) for n, text in enumerate(SAFE, 1)})
LINES.update({f"T{n:02d}": (text, masked) for n, (text, masked) in enumerate(STRANGERS, 1)})


def labelled(key: str, text: str) -> str:
    return f"【{key}】{LEAD}{text}。"


@pytest.fixture
def team_build(tmp_path: Path) -> Path:
    """A team-only notice holding every line, one paragraph each, built with print."""
    root = tmp_path / "proj"
    shutil.copytree(SCAFFOLD, root)
    body = "\n\n".join(labelled(key, text) for key, (text, _) in LINES.items())
    notice = (
        textwrap.dedent(
            """\
        id: duty
        title: 值班电话 138-0000-0002
        date: 2025-03-01
        issuer: 某某乡人民政府
        public: false
        body: |
        """
        )
        + textwrap.indent(body, "  ")
        + "\n"
    )
    write_files(root, {"content/roster.yml": ROSTER})
    (root / "content/notices/duty.yml").write_text(notice, encoding="utf-8")
    from generator.cli import main

    assert main(["build", "-q", str(root)]) == 0
    return root


def expected_lines() -> dict[str, str]:
    return {key: labelled(key, shown) for key, (_, shown) in LINES.items()}


def joined_lines(pdf_text: str) -> list[str]:
    """The PDF's lines without spaces, a wrapped paragraph joined up to its closing 。"""
    joined: list[str] = []
    for line in (re.sub(r"\s+", "", raw) for raw in pdf_text.splitlines()):
        if joined and line and not line.startswith("【") and not joined[-1].endswith("。"):
            joined[-1] += line
        else:
            joined.append(line)
    return joined


def by_label(texts: list[str]) -> dict[str, str]:
    found = {}
    for text in texts:
        m = re.match(r"【([A-Z]\d\d)】", text.strip())
        if m:
            found[m[1]] = text.strip()
    return found


@pytest.mark.browser
def test_every_number_is_masked_on_the_built_page_in_the_pdf_and_in_the_word_file(team_build, tablet_page):
    # The page as Chromium shows it.
    tablet_page.goto((team_build / "site/team/notices/duty.html").as_uri())
    paragraphs = tablet_page.locator("article p").all_inner_texts()
    assert by_label(paragraphs) == expected_lines()
    assert tablet_page.locator("article h1").inner_text().startswith("值班电话 138****0002")
    assert tablet_page.title().startswith("值班电话 138****0002")
    seen = tablet_page.locator("body").inner_text()
    assert [f.kind.name for f in find_numbers(seen) if not f.kind.name.startswith("MASKED")] == []

    # The printed PDF: justified lines may be spread with spaces, and a paragraph may wrap.
    pdf = team_build / "print/notices/duty.pdf"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    lines = by_label(joined_lines(text.stdout))
    assert lines == {key: re.sub(r"\s+", "", line) for key, line in expected_lines().items()}
    assert "138****0002" in re.sub(r"\s+", "", text.stdout.split("【")[0])  # the title

    # The Word file.
    document = WordDocument(str(team_build / "print/notices/duty.docx"))
    assert by_label([p.text for p in document.paragraphs]) == expected_lines()
    assert any(p.text.startswith("值班电话 138****0002") for p in document.paragraphs)
