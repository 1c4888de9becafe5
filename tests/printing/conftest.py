"""Fixtures for printing tests: small projects printed once per session, PDF inspection helpers."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import SCAFFOLD, write_files

MM = 72 / 25.4  # PDF points per millimetre
FIXTURES = Path(__file__).parent / "fixtures"

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Chromium's Type 3 fonts have no FontBBox


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts rows: type and whether the font is embedded."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        m = re.search(
            r"(Type 3|Type 1C?|TrueType|CID Type 0C?|CID TrueType|Type 1)\s+(\S+(?: \S+)?)\s+(yes|no)\s+(yes|no)\s+(yes|no)",
            line,
        )
        assert m, f"unexpected pdffonts line: {line!r}"
        rows.append({"type": m[1], "embedded": m[3]})
    return rows


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def page_size_mm(path: Path) -> tuple[float, float]:
    m = re.match(r"([\d.]+) x ([\d.]+) pts", pdf_info(path)["Page size"])
    assert m
    return float(m[1]) / MM, float(m[2]) / MM


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# A long notice in the GB/T 9704 layout: three pages and more of body text, headings of
# both levels, an addressee line, attachments and a publication note.
_SENTENCES = [
    "各村（社区）要把夜间巡逻作为汛期和暑期平安建设的重点工作来抓",
    "巡逻队员每晚按照排班表准时到岗并在值班室登记到岗时间",
    "巡逻路线覆盖场镇主要街巷、河道沿线、学校周边和集贸市场",
    "发现可疑人员和车辆要先观察记录再及时报告派出所值班民警",
    "遇到群众求助要耐心询问情况并帮助联系村干部或有关部门",
    "每次巡逻结束后由带队人员填写巡查日志并签字确认",
]


def long_body() -> str:
    paragraphs = []
    for n in range(18):
        sentences = [_SENTENCES[(n + k) % len(_SENTENCES)] for k in range(4)]
        paragraphs.append("，".join(sentences) + "。")
        if n % 6 == 0:
            paragraphs.append(f"## {'一二三'[n // 6]}、第{'一二三'[n // 6]}部分的安排")
        if n % 6 == 3:
            paragraphs.append("### （一）分片包干")
    return "\n\n".join(paragraphs)


@pytest.fixture(scope="session")
def layout_project(tmp_path_factory) -> Path:
    """The scaffold plus a long official notice and a Traditional Chinese one, printed once."""
    root = tmp_path_factory.mktemp("layout") / "proj"
    shutil.copytree(SCAFFOLD, root)
    body = textwrap.indent(long_body(), "  ")
    write_files(
        root,
        {
            "content/notices/long.yml": f"id: long\ndoc_number: 松岭府通〔2025〕3号\ntitle: 关于加强汛期夜间巡逻工作的通知\n"
            f"date: 2025-05-17\nissuer: 松岭县松岭镇人民政府\naddressees: [各村（社区）, 镇级各有关单位]\n"
            f"public: true\npublication_note: 此件公开发布\nattachments:\n  - title: 夜间巡逻排班表\n"
            f"  - title: 巡逻路线图\nbody: |\n{body}\n",
            "content/notices/hant.yml": (FIXTURES / "hant-notice.yml").read_text(encoding="utf-8"),
        },
    )
    assert main(["pdf", "-q", str(root)]) == 0
    return root
