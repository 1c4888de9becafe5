"""Layout regressions show up as pictures: the first and last page of every printed kind of the
example, rendered at low resolution, are compared with reviewed reference images.

A page differs when more than 1.5% of its pixels differ by more than a third of the grey
range, or the mean difference exceeds 2%: a moved block, a lost rule, a face that changed or
a page that broke elsewhere fails; anti-aliasing does not. To review a change on purpose:
``PINGAN_UPDATE_REFERENCES=1 .venv/bin/python -m pytest tests/printing/test_page_images.py``
writes new references (tests/printing/reference/); look at them before committing.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from tests.printing.test_kinds import EXPECTED

REFERENCE = Path(__file__).parent / "reference"
DPI = 24  # A4 ≈ 198 × 281 pixels: enough to see blocks, rules and lines of text
UPDATE = os.environ.get("PINGAN_UPDATE_REFERENCES") == "1"


def page_image(pdf: Path, page: int) -> Image.Image:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "page"
        subprocess.run(
            ["pdftoppm", "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", "-png",
             str(pdf), str(root)],
            check=True,
        )  # fmt: skip
        with Image.open(root.with_suffix(".png")) as image:
            return image.convert("L")


def pages_of(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def difference(actual: Image.Image, expected: Image.Image) -> tuple[float, float]:
    """(mean difference, share of pixels differing by more than a third), both 0..1."""
    if actual.size != expected.size:
        return 1.0, 1.0
    diff = ImageChops.difference(actual, expected)
    mean = ImageStat.Stat(diff).mean[0] / 255
    strong = sum(diff.point(lambda v: 255 if v > 85 else 0).histogram()[255:]) / (diff.width * diff.height)
    return mean, strong


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_first_and_last_page_look_as_reviewed(example_site, kind):
    pdf = example_site / EXPECTED[kind][0]
    count = pages_of(pdf)
    for label, page in (("first", 1), ("last", count)):
        actual = page_image(pdf, page)
        reference = REFERENCE / f"{kind}-{label}.png"
        if UPDATE:
            REFERENCE.mkdir(exist_ok=True)
            actual.save(reference, optimize=True)
            continue
        assert reference.is_file(), (
            f"no reference image {reference.name}: run with PINGAN_UPDATE_REFERENCES=1"
        )
        mean, strong = difference(actual, Image.open(reference).convert("L"))
        assert mean < 0.02 and strong < 0.015, (
            f"{kind} page {page} ({label}) differs from {reference.name}: mean {mean:.3f}, {strong:.1%} of pixels"
        )
