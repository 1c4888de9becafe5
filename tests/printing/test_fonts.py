"""An office's licensed face wins over the free one: a font file in the project's fonts/ folder
whose name is one of the office names (here a stand-in called 仿宋_GB2312) sets the body, the
summary says so, and the PDF still embeds CID TrueType fonts only."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pdfplumber
from fontTools.ttLib import TTFont

from generator.cli import main
from tests.conftest import SCAFFOLD
from tests.printing.conftest import pdf_fonts


def _wenkai_regular_and_heaviest() -> tuple[Path, Path]:
    listed = subprocess.run(
        ["fc-list", "LXGW WenKai", "--format", "%{file}\t%{weight}\t%{style}\n"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    faces = [
        (Path(f), float(w), s) for f, w, s in (line.split("\t") for line in listed) if f.endswith(".ttf")
    ]
    regular = min(faces, key=lambda face: abs(face[1] - 80))
    heaviest = max(faces, key=lambda face: face[1])
    assert heaviest[1] > regular[1], faces
    return regular[0], heaviest[0]


def _licensed_stand_in(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # With its own bold, so nothing is emboldened: WenKai's regular and heaviest files (Debian 12
    # ships a Bold, Debian 13 a Medium), asked of fontconfig rather than named here.
    regular, heavy = _wenkai_regular_and_heaviest()
    for style, source in (("Regular", regular), ("Bold", heavy)):
        font = TTFont(str(source))
        font["name"].removeNames(platformID=1)  # Mac Roman names cannot hold Chinese
        for record in font["name"].names:
            if record.nameID in (1, 16):
                record.string = "仿宋_GB2312"
            elif record.nameID == 4:
                record.string = f"仿宋_GB2312 {style}"
            elif record.nameID == 6:
                record.string = f"FangSong_GB2312-{style}"
        if style == "Bold":  # a Medium source says Bold like an office's bold file does
            font["OS/2"].usWeightClass = 700
            font["OS/2"].fsSelection = (font["OS/2"].fsSelection | 0x20) & ~0x40
            font["head"].macStyle |= 1
        font.save(str(folder / f"fangsong-standin-{style}.ttf"))


def test_a_licensed_face_in_the_project_fonts_folder_sets_the_body(tmp_path, capsys):
    root = tmp_path / "proj"
    shutil.copytree(SCAFFOLD, root)
    _licensed_stand_in(root / "fonts")
    assert main(["pdf", str(root)]) == 0
    out = capsys.readouterr().out
    assert "字体 仿宋：仿宋_GB2312（本机或项目 fonts/ 中的授权字体）" in out
    assert "字体 小标宋：FandolSong Bold（免费字体）" in out
    pdf = root / "print/notices/n01.pdf"
    with pdfplumber.open(pdf) as doc:
        body = [c for c in doc.pages[0].chars if round(c["size"]) == 16 and "\u4e00" <= c["text"] <= "\u9fff"]
    assert body and {c["fontname"].split("+")[-1] for c in body} == {"FangSong_GB2312-Regular"}
    assert all(f["type"] == "CID TrueType" for f in pdf_fonts(pdf))


def test_a_font_whose_own_name_carries_markup_stays_inside_its_css_string():
    from generator.printing.fonts import ROLES, Chosen, Face, FontPlan, font_css

    hostile = 'Evil"); } body { color: red } </style><script>alert(1)</script>'
    face = Face((hostile,), hostile, hostile, 80, False, Path("/nonexistent.ttf"))
    plan = FontPlan([Chosen(ROLES[0], face, None, licensed=True)], [], Path("/nonexistent.conf"))
    css = font_css(plan)
    assert "</style" not in css.lower() and "<script" not in css.lower()
    rule = next(line for line in css.splitlines() if "pingan-fangsong" in line and "@font-face" in line)
    # One string per local(): no quote from the name closes it early.
    assert rule.count('"') == 2 + 2 * rule.count("local(")
