"""Benchmark PDF printing: one reused Chromium against a Chromium launched per document.

    .venv/bin/python bench/pdf_bench.py [--limit 40] [--kinds notice policy] [--repeat 1]

The documents are the example content's (site_config.yml, content/, quizzes/ copied to a
scratch folder), rendered once by the print pipeline (templates → one pandoc run → HTML).
Then the same HTML is printed in each mode, every file written to a fresh folder:

* reused ×1   one browser for the whole run, one tab
* reused ×2   one browser, two tabs at once (pingan's default)
* per doc     a new browser launched and closed for every document

and the cache is measured with the real command path (``print_only``): a cold run
prints everything, a second run with nothing changed prints nothing.
Results: a table on stdout and bench/out/pdf_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from generator.content import load_project  # noqa: E402
from generator.printing import KINDS, plan_outputs, print_only  # noqa: E402
from generator.printing.engine import PdfJob  # noqa: E402
from generator.printing.engine import print_pdfs as print_with  # noqa: E402
from generator.printing.fonts import cache_dir, choose_fonts  # noqa: E402

FONTS = choose_fonts({}, [], cache_dir())  # the example names no licensed font


def print_pdfs(jobs: list[PdfJob], concurrency: int) -> None:
    print_with(jobs, concurrency, env=FONTS.env())  # the faces pingan prints with (CID TrueType)


from generator.printing.html import PrintRenderer  # noqa: E402
from generator.render import Renderer  # noqa: E402


def example_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "site_config.yml", dest / "site_config.yml")
    for folder in ("content", "quizzes"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


def render_jobs(root: Path, kinds: list[str], limit: int) -> list[PdfJob]:
    project = load_project(root)
    outputs = [o for o in plan_outputs(project, [KINDS[k] for k in kinds]) if o.format == "pdf"][:limit]
    renderer = PrintRenderer(project, Renderer(project.root), FONTS.css)
    rendered = renderer.render_all((o.kind, o.item) for o in outputs)
    return [
        PdfJob(r.html, Path(r.kind.folder) / f"{r.item.key}{r.kind.suffix}.pdf", r.item.title)
        for r in rendered
    ]


def into(jobs: list[PdfJob], folder: Path) -> list[PdfJob]:
    shutil.rmtree(folder, ignore_errors=True)
    return [PdfJob(job.html, folder / job.target, job.name) for job in jobs]


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    parser.add_argument("--limit", type=int, default=40, help="at most this many documents (default 40)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per mode; the median is reported")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="pingan-pdf-bench-"))
    try:
        root = example_project(scratch / "project")
        jobs = render_jobs(root, args.kinds, args.limit)
        kinds = ", ".join(args.kinds)
        print(f"{len(jobs)} documents ({kinds}), {os.cpu_count()} cores, Python {platform.python_version()}")
        print_pdfs(into(jobs[:2], scratch / "warm"), 1)  # untimed: fonts and Chromium into the page cache

        modes = {
            "reused ×1": lambda out: print_pdfs(into(jobs, out), 1),
            "reused ×2": lambda out: print_pdfs(into(jobs, out), 2),
            "per doc": lambda out: [print_pdfs([job], 1) for job in into(jobs, out)],
        }
        results = {}
        for name, run in modes.items():
            seconds = statistics.median(
                timed(lambda run=run: run(scratch / "out")) for _ in range(args.repeat)
            )
            results[name] = {
                "documents": len(jobs),
                "seconds": seconds,
                "pdfs_per_second": len(jobs) / seconds,
            }

        renderer = Renderer(root)
        project = load_project(root)
        cold = print_only(project, renderer)
        warm = print_only(project, renderer)
        results["cache"] = {
            "cold": {"printed": len(cold.printed), "reused": len(cold.reused), "seconds": cold.seconds},
            "warm": {"printed": len(warm.printed), "reused": len(warm.reused), "seconds": warm.seconds},
        }

        print(f"\n{'mode':<12}{'docs':>6}{'seconds':>10}{'PDFs/s':>9}{'s/doc':>8}")
        print("-" * 45)
        for name in modes:
            r = results[name]
            print(f"{name:<12}{r['documents']:>6}{r['seconds']:>10.2f}{r['pdfs_per_second']:>9.2f}"
                  f"{r['seconds'] / r['documents']:>8.3f}")  # fmt: skip
        speedup = results["reused ×2"]["pdfs_per_second"] / results["per doc"]["pdfs_per_second"]
        print(f"\none reused browser, 2 tabs: {speedup:.1f}× the PDFs per second of a browser per document")
        c = results["cache"]
        print(
            f"cache (whole example, PDF + Word): cold run printed {c['cold']['printed']} files in "
            f"{c['cold']['seconds']:.1f} s; second run printed {c['warm']['printed']}, reused "
            f"{c['warm']['reused']}, in {c['warm']['seconds']:.2f} s"
        )
        out = BENCH / "out"
        out.mkdir(exist_ok=True)
        (out / "pdf_results.json").write_text(
            json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
