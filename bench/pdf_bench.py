"""Benchmark PDF printing: one reused Chromium against a Chromium launched per document,
and a full print of a synthetic project (pages per second, peak memory).

    .venv/bin/python bench/pdf_bench.py [--limit 40] [--kinds notice policy] [--repeat 1]
    .venv/bin/python bench/pdf_bench.py --full 1000 [--jobs 2] [--project DIR]

The documents are the example content's (site_config.yml, content/, quizzes/ copied to a
scratch folder), rendered once by the print pipeline (templates → one pandoc run → HTML).
Then the same HTML is printed in each mode, every file written to a fresh folder:

* reused ×1   one browser for the whole run, one tab
* reused ×2   one browser, two tabs at once (pingan's default)
* per doc     a new browser launched and closed for every document

and the cache is measured with the real command path (``print_only``): a cold run
prints everything, a second run with nothing changed prints nothing.
Results: a table on stdout and bench/out/pdf_results.json.

``--full N`` prints the whole synthetic N-page project (bench/synth.py; ``--project`` reuses
one already made) with ``pingan pdf --force -q -j JOBS`` in a child process, twice: the full
print, then the same command without ``--force`` and nothing changed. For each it reports the
documents (PDF + Word), the pages of every PDF (and how many are A4, counted with pdfinfo),
seconds, pages per second, and the peak PSS summed over the whole process tree (pingan,
Chromium, pandoc), sampled from /proc/*/smaps_rollup every 0.2 s, with the load average
before and after. Results: bench/out/pdf_full_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
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
    parser.add_argument("--full", type=int, metavar="N", help="full print of a synthetic N-page project")
    parser.add_argument("--project", type=Path, help="with --full: this synthetic project, not a new one")
    parser.add_argument("--jobs", type=int, default=2, help="with --full: pingan pdf -j (tabs at once)")
    args = parser.parse_args()
    if args.full:
        full_print(args.full, args.project, args.jobs)
        return

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


# --- a full print of a synthetic project --------------------------------------------------------


def tree_pss_kib(root_pid: int) -> int:
    """PSS of ``root_pid`` and every process below it, in KiB (0 for a process gone meanwhile)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root_pid}, True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grew = bool(below)
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        total += int(found[1]) if found else 0
    return total


def run_sampled(command: list[str]) -> tuple[float, int, str]:
    """Run ``command``; its seconds, the peak PSS of its process tree (KiB), and its stdout."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_pss_kib(child.pid))
        time.sleep(0.2)
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{err[-2000:]}")
    return seconds, peak, out


def count_pages(folders: list[Path]) -> tuple[int, int, int]:
    """(documents, pages of every PDF, pages of A4 PDFs); documents count PDF and Word files."""
    documents = pages = a4 = 0
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix == ".docx":
                documents += 1
            if path.suffix != ".pdf":
                continue
            documents += 1
            info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
            count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])  # type: ignore[index]
            size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.MULTILINE)
            pages += count
            if size and sorted(round(float(v) / 72 * 25.4) for v in size.groups()) == [210, 297]:
                a4 += count
    return documents, pages, a4


def full_print(size: int, project: Path | None, jobs: int) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="pingan-pdf-full-"))
    try:
        if project is None:
            project = scratch / "project"
            subprocess.run(
                [sys.executable, str(BENCH / "synth.py"), str(project), "--pages", str(size)], check=True
            )
        pingan = [str(Path(sys.executable).parent / "pingan"), "pdf", "-q", "-j", str(jobs), str(project)]
        results = {}
        for name, command in (("full", [*pingan, "--force"]), ("unchanged", pingan)):
            load_before = os.getloadavg()
            seconds, peak, out = run_sampled(command)
            load_after = os.getloadavg()
            documents, pages, a4 = count_pages([project / "print", project / "trainer"])
            results[name] = {
                "documents": documents, "pages": pages, "a4_pages": a4, "seconds": round(seconds, 2),
                "pages_per_second": round(pages / seconds, 2), "a4_pages_per_second": round(a4 / seconds, 2),
                "peak_pss_mib": round(peak / 1024), "load_before": load_before, "load_after": load_after,
                "summary": out.strip().splitlines()[0] if out.strip() else "",
            }  # fmt: skip
        print(f"full print of a synthetic {size}-page project, pingan pdf -j {jobs}, {os.cpu_count()} cores")
        print(f"\n{'run':<10}{'docs':>6}{'pages':>7}{'A4':>7}{'seconds':>9}{'pages/s':>9}{'A4/s':>7}"
              f"{'PSS MiB':>9}  load (1 min, before → after)")  # fmt: skip
        for name, r in results.items():
            print(f"{name:<10}{r['documents']:>6}{r['pages']:>7}{r['a4_pages']:>7}{r['seconds']:>9.1f}"
                  f"{r['pages_per_second']:>9.1f}{r['a4_pages_per_second']:>7.1f}{r['peak_pss_mib']:>9}"
                  f"  {r['load_before'][0]:.2f} → {r['load_after'][0]:.2f}")  # fmt: skip
            print(f"{'':<10}{r['summary']}")
        out = BENCH / "out"
        out.mkdir(exist_ok=True)
        (out / "pdf_full_results.json").write_text(
            json.dumps({"size": size, "jobs": jobs, **results}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
