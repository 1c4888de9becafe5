"""Benchmark `pingan check` (read, validate and link a project) between git revisions.

    .venv/bin/python bench/check_bench.py --pages 1000 --repeat 5 --rev e9e795d --rev HEAD

Each revision's ``generator/`` is exported with ``git archive`` into a scratch folder
and put first on PYTHONPATH, so uncommitted edits cannot change results. Runs
alternate between revisions (A B A B …) so a change in machine load falls on both;
each run's CPU time (user + system) and peak RSS come from ``os.wait4`` on that
process, wall time from time.perf_counter. Medians are reported: CPU time is the
figure to compare on a busy machine, wall time only on an idle one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from synth import generate  # noqa: E402

RUN_CHECK = (
    "import sys, generator; assert generator.__file__.startswith(sys.argv[1]), generator.__file__\n"
    "from generator.cli import main; sys.exit(main(sys.argv[2:]))"
)


def export(rev: str, scratch: Path) -> Path:
    target = scratch / rev.replace("/", "_")
    target.mkdir()
    command = ["git", "-C", str(ROOT), "archive", rev, "generator"]
    archive = subprocess.run(command, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def check_once(code_dir: Path, project: Path) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak RSS in MB) of one `pingan check`."""
    env = {**os.environ, "PYTHONPATH": str(code_dir)}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", RUN_CHECK, str(code_dir), "check", str(project)],
        env=env,
        cwd=code_dir,  # not the repository: `python -c` puts the working directory first on sys.path
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"pingan check failed in {code_dir} (status {status})")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rev", action="append", required=True, help="a git revision (give two or more)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pingan-check-bench-") as scratch_name:
        scratch = Path(scratch_name)
        project = scratch / "project"
        generate(project, args.pages)
        code = {rev: export(rev, scratch) for rev in args.rev}
        runs: dict[str, list[tuple[float, float, float]]] = {rev: [] for rev in args.rev}
        for rev in args.rev:  # untimed warm-up: the disk cache, Python's bytecode cache
            check_once(code[rev], project)
        for _ in range(args.repeat):
            for rev in args.rev:
                runs[rev].append(check_once(code[rev], project))
    print(f"pingan check, {args.pages}-page synthetic project, median of {args.repeat} (min in brackets)")
    for rev, results in runs.items():
        cpu, wall, rss = zip(*results, strict=True)
        print(
            f"  {rev:>10}: CPU {statistics.median(cpu):.2f} s ({min(cpu):.2f})"
            f"  wall {statistics.median(wall):.2f} s ({min(wall):.2f})"
            f"  peak RSS {statistics.median(rss):.0f} MB"
        )
    print(f"  load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
