"""Privacy benchmark: the public site's last gate (``scan_public_site``) and masking
(``privacy.scrub``) on a built project, this working tree against a git revision.

    .venv/bin/python bench/synth.py /tmp/b1000 --pages 1000
    .venv/bin/pingan build -q /tmp/b1000          # or --no-print: a public site without PDFs
    .venv/bin/python bench/scan_bench.py /tmp/b1000 --baseline e9e795d [--repeat 5]

Both sides scan the same built public site and scrub the same pages (every Markdown
page of the team site, as the writer does), each in its own process with its own
``generator`` package first on ``PYTHONPATH`` (the baseline exported with ``git archive``),
alternating, ``--repeat`` times; the medians of wall and CPU time are printed with the bytes read.
The site is scanned twice in each process: "cold" after removing the project's cache
(``.pingan-cache``, where the text of printed files is remembered), "warm" right after,
as the next build scans the same files. CPU time includes the scan's child processes
(``pdftotext``), read from ``getrusage(RUSAGE_CHILDREN)``. A side without the cache
reads every file both times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run inside each side's process: time the scan and the masking, print JSON.
MEASURE = """
import json, resource, shutil, sys, time
from pathlib import Path
import generator
from generator.content import load_project
from generator.privacy import scrub
from generator.site import scan_public_site
root = Path(sys.argv[1])
project = load_project(root)
public = root / "site" / "public"

def timed(work):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0, c0 = time.perf_counter(), time.process_time()
    work()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return time.perf_counter() - t0, time.process_time() - c0 + children

shutil.rmtree(root / ".pingan-cache", ignore_errors=True)  # cold: nothing remembered
scan, scan_cpu = timed(lambda: scan_public_site(project, public))
warm, warm_cpu = timed(lambda: scan_public_site(project, public))  # the next build: the same files
printed = [p for p in public.rglob("*") if p.suffix in (".pdf", ".docx")]
pages = [p.read_text(encoding="utf-8") for p in (root / "site" / "team").rglob("*.html")]
texts = [p.split('<article', 1)[-1] for p in pages]  # page bodies: what the writer masks
t0, c0 = time.perf_counter(), time.process_time()
for text in texts:
    try:
        scrub(text, "markdown")
    except TypeError:  # before masking took a target
        scrub(text)
masking, masking_cpu = time.perf_counter() - t0, time.process_time() - c0
size = sum(p.stat().st_size for p in public.rglob("*") if p.is_file())
print(json.dumps({"scan_s": scan, "scan_cpu_s": scan_cpu, "warm_s": warm, "warm_cpu_s": warm_cpu,
                  "scrub_s": masking, "scrub_cpu_s": masking_cpu, "public_mb": size / 1e6,
                  "code": generator.__file__, "printed": len(printed),
                  "printed_mb": sum(p.stat().st_size for p in printed) / 1e6,
                  "scrubbed_mb": sum(map(len, texts)) / 1e6, "pages": len(texts)}))
"""


def export(rev: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "generator"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def measure(project: Path, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-P", "-c", MEASURE, str(project)],  # -P: not the working directory first
        capture_output=True,
        text=True,
        check=True,
        cwd=path,
        env={"PYTHONPATH": str(path), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
    )
    result = json.loads(done.stdout)
    code = Path(result.pop("code"))
    if not code.is_relative_to(path):  # the editable install, or the repository, came first
        raise SystemExit(f"measured {code}, not the code in {path}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("project", type=Path, help="a project already built with pingan build")
    parser.add_argument("--baseline", required=True, help="git revision to compare with")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="pingan-scan-bench-") as scratch:
        sides = {"baseline": export(args.baseline, Path(scratch)), "this tree": ROOT}
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in sides}
        for _ in range(args.repeat):
            for name, path in sides.items():
                runs[name].append(measure(args.project.resolve(), path))
    first = runs["this tree"][0]
    print(
        f"public site {first['public_mb']:.1f} MB ({first['printed']} PDF/Word files, "
        f"{first['printed_mb']:.1f} MB); masking {first['pages']} team pages "
        f"({first['scrubbed_mb']:.1f} MB); median of {args.repeat}; "
        f"1-minute load {load_before:.1f} → {os.getloadavg()[0]:.1f}"
    )
    print("  (wall seconds / CPU seconds of the process and its pdftotext children;")
    print("   CPU time is steadier on a shared machine)")
    print(f"  {'':10} {'scan, cold cache':>18} {'scan, warm cache':>18} {'scrub':>16}")
    for name, results in runs.items():
        med = {key: statistics.median(r[key] for r in results) for key in results[0]}
        print(
            f"  {name:10} {med['scan_s']:8.2f} / {med['scan_cpu_s']:5.2f} s"
            f" {med['warm_s']:8.2f} / {med['warm_cpu_s']:5.2f} s"
            f" {med['scrub_s']:6.2f} / {med['scrub_cpu_s']:5.2f} s"
        )


if __name__ == "__main__":
    main()
