"""The public site's last gate remembers the text of printed files, and nothing else.

PDFs printed by Chromium, Word files written by python-docx, text read by the real
``pdftotext`` behind a wrapper on PATH that counts its runs. A second scan of the same
files reads none again; a changed file is read again; every scan matches every file
against the roster as it is now; a damaged entry is read again and never hides a leak;
the cache is private, outside every output, and holds only what the last passing scan used.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document as WordDocument

from generator.content import load_project
from generator.messages import PRIVATE_DATA_IN_PUBLIC
from generator.printing.engine import PdfJob, print_pdfs
from generator.printing.extract import printed_text
from generator.site.scan import PrivacyLeak, scan_public_site
from tests.conftest import SCAFFOLD, write_files
from tests.privacy.spellings import LEAD, NAME, ROSTER

NEWCOMER = "司马远航"  # not on the roster until a test adds them
HEADER = b"pingan-text 1 "
PAGES = {
    "notice": "<h1>值班安排</h1><p>本周值班安排如下，请相互转告。各队按时到岗，检查器材。</p>",
    "duty": f"<h1>值班表</h1><p>{LEAD}{NEWCOMER}。</p>",
    "plan": "<h1>演练方案</h1><p>定于三月下旬在青石村开展消防演练。</p>",
    "leaky": f"<h1>值班表</h1><p>{LEAD}欧阳娜娜。</p>",  # M002 of the roster
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, bytes]:
    """Each page of PAGES as a real PDF (one Chromium run), and one Word file: name → bytes."""
    folder = tmp_path_factory.mktemp("printed")
    html = '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body>{}</body></html>'
    print_pdfs([PdfJob(html.format(body), folder / f"{key}.pdf", key) for key, body in PAGES.items()])
    document = WordDocument()
    document.add_paragraph("巡逻登记表：日期、地点、带队人、发现的问题。")
    document.save(str(folder / "form.docx"))
    return {path.name: path.read_bytes() for path in folder.iterdir()}


@pytest.fixture
def root(tmp_path) -> Path:
    """A project with the three-member roster (nothing built: the scans read folders made here)."""
    project = tmp_path / "proj"
    shutil.copytree(SCAFFOLD, project)
    write_files(project, {"content/roster.yml": ROSTER})
    return project


@pytest.fixture
def pdftotext_runs(tmp_path, monkeypatch) -> Callable[[], int]:
    """Put a pdftotext first on PATH that notes each run and runs the real one; returns the count."""
    real = shutil.which("pdftotext")
    assert real is not None
    tools, log = tmp_path / "bin", tmp_path / "pdftotext-runs.log"
    tools.mkdir()
    (tools / "pdftotext").write_text(f'#!/bin/sh\necho run >> "{log}"\nexec "{real}" "$@"\n')
    (tools / "pdftotext").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    return lambda: len(log.read_text().splitlines()) if log.exists() else 0


def public_site(folder: Path, printed: dict[str, bytes], names: list[str]) -> Path:
    """A public site folder: a page, and ``names`` of ``printed`` as downloads."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "downloads").mkdir(parents=True)
    (folder / "index.html").write_text("<article><p>青石乡群防群治</p></article>", encoding="utf-8")
    for name in names:
        (folder / "downloads" / name).write_bytes(printed[name])
    return folder


def scan(root: Path, site: Path):
    """Scan ``site`` with the project as it is on disk now (roster included); the text cache used."""
    return scan_public_site(load_project(root), site)


def leak_of(root: Path, site: Path) -> str | None:
    try:
        scan(root, site)
    except PrivacyLeak as leak:
        return leak.message
    return None


def entries(root: Path) -> dict[str, bytes]:
    folder = root / ".pingan-cache" / "scan-text"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


HARMLESS = ["notice.pdf", "duty.pdf", "plan.pdf", "form.docx"]


def test_a_second_scan_of_the_same_files_runs_no_pdftotext(root, printed, pdftotext_runs, tmp_path):
    site = public_site(tmp_path / "site", printed, HARMLESS)
    first = scan(root, site)
    assert (first.extracted, pdftotext_runs()) == (4, 3)
    assert len(entries(root)) == 4

    # The next build: a new site folder, new files, the same bytes.
    again = scan(root, public_site(tmp_path / "site", printed, HARMLESS))
    assert (again.extracted, pdftotext_runs()) == (0, 3)
    texts = {entry.split(b"\n", 1)[1].decode() for entry in entries(root).values()}
    assert texts == {printed_text(site / "downloads" / name) for name in HARMLESS}


def test_a_changed_pdf_is_read_again_and_a_roster_name_in_it_is_caught(
    root, printed, pdftotext_runs, tmp_path
):
    site = public_site(tmp_path / "site", printed, HARMLESS)
    assert leak_of(root, site) is None
    assert pdftotext_runs() == 3

    (site / "downloads" / "duty.pdf").write_bytes(printed["leaky.pdf"])  # same name, new text
    got = leak_of(root, site)
    assert got == PRIVATE_DATA_IN_PUBLIC.format(member="M002", what=NAME) + "（downloads/duty.pdf）"
    assert pdftotext_runs() == 4  # that file only


def test_a_member_added_to_the_roster_is_found_in_an_unchanged_pdf_without_reading_it_again(
    root, printed, pdftotext_runs, tmp_path
):
    site = public_site(tmp_path / "site", printed, HARMLESS)
    assert leak_of(root, site) is None  # 司马远航 is not on the roster yet
    runs = pdftotext_runs()

    roster = ROSTER + f"  - id: M004\n    name: {NEWCOMER}\n    team: patrol\n"
    write_files(root, {"content/roster.yml": roster})
    got = leak_of(root, site)
    assert got == PRIVATE_DATA_IN_PUBLIC.format(member="M004", what=NAME) + "（downloads/duty.pdf）"
    assert pdftotext_runs() == runs  # matched against the cached text


def test_damaged_entries_are_read_again_and_rewritten(root, printed, pdftotext_runs, tmp_path):
    site = public_site(tmp_path / "site", printed, HARMLESS)
    scan(root, site)
    folder = root / ".pingan-cache" / "scan-text"
    names = sorted(entries(root))
    good_copy = tmp_path / "good-entry"
    good_copy.write_bytes((folder / names[0]).read_bytes())  # a valid entry, of another file
    truncated, emptied, flipped, linked = (folder / name for name in names)
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    emptied.write_bytes(b"")
    data = bytearray(flipped.read_bytes())
    data[-3] ^= 0x01  # one bit of the text: the checksum no longer matches
    flipped.write_bytes(bytes(data))
    linked.unlink()
    linked.symlink_to(good_copy)  # a link is never followed

    assert scan(root, site).extracted == 4
    assert all(not (folder / name).is_symlink() for name in names)
    assert scan(root, site).extracted == 0  # rewritten whole
    assert pdftotext_runs() == 3 + 3


def test_a_new_pdftotext_reads_every_file_again(root, printed, pdftotext_runs, tmp_path):
    """The entries are named after the extraction too (its code and the program): an upgrade of
    poppler replaces pdftotext, here the wrapper on PATH is rewritten."""
    site = public_site(tmp_path / "site", printed, HARMLESS)
    scan(root, site)
    tool = Path(shutil.which("pdftotext") or "")
    assert tool.parent == tmp_path / "bin"
    tool.write_text(tool.read_text() + "# poppler upgraded\n")

    again = scan(root, site)
    assert (again.extracted, pdftotext_runs()) == (4, 3 + 3)
    assert sorted(entries(root)) == sorted(again.used)  # the old ones pruned


@pytest.mark.parametrize("damage", ["truncated before the name", "name changed in the text"])
def test_a_damaged_entry_never_hides_a_leak(root, printed, pdftotext_runs, tmp_path, damage):
    site = public_site(tmp_path / "site", printed, ["notice.pdf", "leaky.pdf"])
    expected = PRIVATE_DATA_IN_PUBLIC.format(member="M002", what=NAME) + "（downloads/leaky.pdf）"
    assert leak_of(root, site) == expected  # the entry is written before the match
    name = "欧阳娜娜".encode()
    [path] = [p for p in (root / ".pingan-cache" / "scan-text").iterdir() if name in p.read_bytes()]
    data = path.read_bytes()
    path.write_bytes(
        data[: data.index(name)]
        if damage.startswith("truncated")
        else data.replace(name, "某某某某".encode())
    )

    assert leak_of(root, site) == expected
    assert pdftotext_runs() == 2  # leaky.pdf (the scan stops at it), then leaky.pdf again


def test_only_the_files_of_the_last_passing_scan_are_kept(root, printed, pdftotext_runs, tmp_path):
    scan(root, public_site(tmp_path / "site", printed, HARMLESS))
    folder = root / ".pingan-cache" / "scan-text"
    (folder / ".tmp-abc123").write_bytes(b"pingan-text 1 half")  # left by a killed build
    (folder / "notes.txt").write_text("别人的文件\n", encoding="utf-8")  # not an entry: left alone
    kept = dict(entries(root))

    # A build without printing scans no printed files: it keeps the cache the next printing build needs.
    assert scan(root, public_site(tmp_path / "site", printed, [])).extracted == 0
    assert entries(root) == kept

    # A scan that finds a leak removes nothing.
    assert leak_of(root, public_site(tmp_path / "site", printed, ["plan.pdf", "leaky.pdf"])) is not None
    assert set(kept) < set(entries(root))

    # A scan that passes keeps exactly what it used.
    passed = scan(root, public_site(tmp_path / "site", printed, ["plan.pdf"]))
    assert passed.extracted == 0
    assert sorted(entries(root)) == sorted([*passed.used, "notes.txt"])
    assert len(passed.used) == 1


def test_the_cache_is_private_whatever_the_umask(root, printed, tmp_path):
    (root / ".pingan-cache").mkdir(mode=0o777)
    os.chmod(root / ".pingan-cache", 0o777)  # made by someone careless
    old = os.umask(0)
    try:
        scan(root, public_site(tmp_path / "site", printed, HARMLESS))
    finally:
        os.umask(old)
    cache = root / ".pingan-cache"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache / "scan-text").stat().st_mode) == 0o700
    files = [p for p in cache.rglob("*") if p.is_file() and p.parent.name != "documents"]
    assert len(files) == 4 + 2  # the entries, CACHEDIR.TAG and .gitignore
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}
    assert (cache / ".gitignore").read_text() == "*\n"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


@pytest.mark.parametrize("linked", [".pingan-cache", ".pingan-cache/scan-text"])
def test_a_linked_cache_folder_is_not_followed(root, printed, pdftotext_runs, tmp_path, linked):
    """A link planted in the project (to a folder a build must not write into) is read past, not into."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / linked).parent.mkdir(exist_ok=True)
    (root / linked).symlink_to(elsewhere)

    first = scan(root, public_site(tmp_path / "site", printed, HARMLESS))

    assert first.extracted == 4  # every file read, no cache used
    assert list(elsewhere.iterdir()) == []


def test_a_scan_without_printed_files_leaves_no_cache(root, printed, tmp_path):
    scan(root, public_site(tmp_path / "site", printed, []))
    assert not (root / ".pingan-cache" / "scan-text").exists()


def test_a_built_projects_cache_holds_the_text_of_its_public_downloads_and_is_in_no_output(example_site):
    """The example content, built with printing (tests.conftest): where the cache went and what it holds."""
    project = load_project(example_site)
    cache = project.paths.cache_dir
    outputs = [
        project.paths.output(name) for name in ("team_site", "public_site", "print_dir", "trainer_dir")
    ]
    assert cache == example_site / ".pingan-cache"
    assert not any(cache.is_relative_to(o) or o.is_relative_to(cache) for o in outputs)
    for output in outputs:
        for path in output.rglob("*"):
            assert not (path.is_file() and path.read_bytes().startswith(HEADER)), path

    downloads = [p for p in project.paths.public_site.rglob("*") if p.suffix in (".pdf", ".docx")]
    assert len(downloads) >= 5
    stored = {data.split(b"\n", 1)[1].decode() for data in entries(example_site).values()}
    assert stored == {printed_text(path) for path in downloads}
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in cache.rglob("*") if p.is_file()} == {0o600}
