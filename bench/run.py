"""Benchmark `pingan build` against a plain `mkdocs build` of the same pages.

    .venv/bin/python bench/run.py [--sizes 100 1000] [--repeat 3]

For each size N: generate a synthetic project (bench/synth.py), then measure

* pingan:  ``pingan build -q --no-print DIR``, both sites in one process (printing
  PDFs and Word files is measured on its own by bench/pdf_bench.py);
* mkdocs:  ``mkdocs build -q -f mkdocs.yml`` for the team and then the public
  site, on the Markdown and mkdocs.yml that generator.site.prepare_sources
  writes (prepared untimed) — the same pages without pingan's own work.

``--rev REV`` benchmarks the generator package as committed at REV (exported
with ``git archive`` into the scratch folder and put first on PYTHONPATH),
so uncommitted edits in the working tree cannot change results mid-run.

Each command runs under GNU ``/usr/bin/time -f %M`` for its peak RSS (or a tiny
Python wrapper reporting ru_maxrss when that is missing); wall time is
time.perf_counter around the subprocess. Outputs are removed before every run.
Results: a table on stdout and bench/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from revision import use_generator  # noqa: E402
from search_bench import search_table  # noqa: E402
from synth import generate  # noqa: E402

# generator is imported only after --rev has had its say (see use_generator).

VENV_BIN = Path(sys.executable).parent
PINGAN = VENV_BIN / "pingan"
MKDOCS = VENV_BIN / "mkdocs"
GNU_TIME = Path("/usr/bin/time")
AUDIENCES = ("team", "public")
MB = 1024 * 1024

# Runs a command and writes its peak RSS in KB (ru_maxrss of the waited child) to argv[1].
RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(sys.argv[1], 'w').write(f'{usage.ru_maxrss} {usage.ru_utime} {usage.ru_stime}')\n"
    "sys.exit(code)\n"
)


@dataclass
class Run:
    seconds: float
    peak_kb: int
    load_before: float = 0.0  # 1-minute load average when the run started (other work on the machine)
    cpu: float = 0.0  # user + system seconds of the command and its children: what load does not inflate


@dataclass
class Tool:
    runs: list[Run] = field(default_factory=list)
    site_bytes: int = 0
    site_files: int = 0

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return statistics.median(r.peak_kb for r in self.runs) / 1024

    @property
    def site_mb(self) -> float:
        return self.site_bytes / MB

    def as_json(self) -> dict[str, Any]:
        return {
            "seconds": round(self.seconds, 3),
            "peak_mb": round(self.peak_mb, 1),
            "site_bytes": self.site_bytes,
            "site_files": self.site_files,
            "runs": [asdict(r) for r in self.runs],
        }


def has_gnu_time() -> bool:
    if not GNU_TIME.is_file():
        return False
    with tempfile.NamedTemporaryFile() as out:
        probe = subprocess.run([str(GNU_TIME), "-f", "%M", "-o", out.name, "true"], capture_output=True)
        return probe.returncode == 0 and Path(out.name).read_text().strip().isdigit()


def measure(cmd: list[str], env: dict[str, str], gnu_time: bool) -> Run:
    """Run ``cmd`` once; return its wall time and peak RSS. Raises on failure."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "rss"
        if gnu_time:
            wrapped = [str(GNU_TIME), "-f", "%M %U %S", "-o", str(report), *cmd]
        else:
            wrapped = [sys.executable, "-c", RSS_WRAPPER, str(report), *cmd]
        load = os.getloadavg()[0]
        started = time.perf_counter()
        done = subprocess.run(wrapped, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        peak, user, system = report.read_text().split()[-3:]
    return Run(seconds, int(peak), round(load, 2), round(float(user) + float(system), 2))


def tree_size(path: Path) -> tuple[int, int]:
    """Apparent size in bytes (as ``du -sb``) and number of files under ``path``."""
    total = files = 0
    for dirpath, _, names in os.walk(path):
        for name in names:
            total += (Path(dirpath) / name).lstat().st_size
            files += 1
    return total, files


def file_set(path: Path) -> set[str]:
    return {str(p.relative_to(path)) for p in path.rglob("*") if p.is_file()}


def prepare_baseline(project_dir: Path, base: Path) -> dict[str, Any]:
    """Write both sites' Markdown and mkdocs.yml with pingan's own code; time the steps for context."""
    from generator.content import load_project
    from generator.render import Renderer
    from generator.site import plan_site, prepare_sources

    started = time.perf_counter()
    project = load_project(project_dir)
    loaded = time.perf_counter()
    renderer = Renderer(project.root)
    info: dict[str, Any] = {"load_validate_s": round(loaded - started, 3), "configs": {}, "pages": {}}
    for audience in AUDIENCES:
        work = base / f"src-{audience}"
        shutil.rmtree(work, ignore_errors=True)
        t0 = time.perf_counter()
        plan = plan_site(project, audience)  # no printed files: pages without download links
        config = prepare_sources(project, plan, renderer, work, base / audience)
        info[f"render_{audience}_s"] = round(time.perf_counter() - t0, 3)
        info["configs"][audience] = str(config)
        info["pages"][audience] = len(plan.pages)
    info["_project"] = project
    return info


def clean(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def bench_size(n: int, args: argparse.Namespace, env: dict[str, str], gnu_time: bool) -> dict[str, Any]:
    home = args.out / f"n{n}"
    project_dir, base = home / "project", home / "baseline"
    t0 = time.perf_counter()
    summary = generate(project_dir, n, seed=args.seed, overwrite=True)
    generated_s = time.perf_counter() - t0
    info = prepare_baseline(project_dir, base)
    project = info.pop("_project")
    configs = info.pop("configs")

    pingan_sites = [project.paths.site(a) for a in AUDIENCES]
    mkdocs_sites = [base / a for a in AUDIENCES]
    pingan, mkdocs = Tool(), Tool()
    per_site: dict[str, Tool] = {a: Tool() for a in AUDIENCES}
    for r in range(args.repeat):
        order = ("pingan", "mkdocs") if r % 2 == 0 else ("mkdocs", "pingan")
        for which in order:
            if which == "pingan":
                clean(*pingan_sites)
                command = [str(PINGAN), "build", "-q", "--no-print", str(project_dir)]
                pingan.runs.append(measure(command, env, gnu_time))
                print(f"  N={n} run {r + 1}: pingan {pingan.runs[-1].seconds:.1f}s", file=sys.stderr)
                continue
            clean(*mkdocs_sites)
            site_runs = []
            for audience in AUDIENCES:
                run = measure([str(MKDOCS), "build", "-q", "-f", configs[audience]], env, gnu_time)
                per_site[audience].runs.append(run)
                site_runs.append(run)
            # Both sites, as pingan builds both: times add up, the peak is the larger one.
            mkdocs.runs.append(
                Run(
                    sum(s.seconds for s in site_runs),
                    max(s.peak_kb for s in site_runs),
                    max(s.load_before for s in site_runs),
                )
            )
            print(f"  N={n} run {r + 1}: mkdocs {mkdocs.runs[-1].seconds:.1f}s", file=sys.stderr)

    for tool, sites in ((pingan, pingan_sites), (mkdocs, mkdocs_sites)):
        for site in sites:
            size, files = tree_size(site)
            tool.site_bytes += size
            tool.site_files += files
    for audience, site in zip(AUDIENCES, mkdocs_sites, strict=True):
        per_site[audience].site_bytes, per_site[audience].site_files = tree_size(site)

    from generator.site import scan_public_site

    t0 = time.perf_counter()
    scan_public_site(project, project.paths.public_site)
    info["privacy_scan_s"] = round(time.perf_counter() - t0, 3)
    differing = {
        a: sorted(file_set(p) ^ file_set(m))[:10]
        for a, p, m in zip(AUDIENCES, pingan_sites, mkdocs_sites, strict=True)
    }
    return {
        "size": n,
        "generated": {**asdict(summary), "seconds": round(generated_s, 3)},
        "pages": info.pop("pages"),
        "pingan": pingan.as_json(),
        "mkdocs": {**mkdocs.as_json(), "per_site": {a: t.as_json() for a, t in per_site.items()}},
        "ratios": {
            "time": round(pingan.seconds / mkdocs.seconds, 2),
            "peak": round(pingan.peak_mb / mkdocs.peak_mb, 2),
            "site": round(pingan.site_bytes / mkdocs.site_bytes, 3),
        },
        "in_process_s": info,  # single untimed-by-design context runs, not part of the ratios
        "file_set_differences": {a: d for a, d in differing.items() if d},
    }


def table(results: list[dict[str, Any]]) -> str:
    head = (
        f"{'N':>5} {'pages':>9} | {'pingan s':>8} {'peak MB':>7} {'site MB':>7} | "
        f"{'mkdocs s':>8} {'peak MB':>7} {'site MB':>7} | {'time ×':>6} {'peak ×':>6} {'site ×':>6}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        p, m, x = r["pingan"], r["mkdocs"], r["ratios"]
        pages = f"{r['pages']['team']}+{r['pages']['public']}"
        lines.append(
            f"{r['size']:>5} {pages:>9} | {p['seconds']:>8.2f} {p['peak_mb']:>7.0f} "
            f"{p['site_bytes'] / MB:>7.1f} | {m['seconds']:>8.2f} {m['peak_mb']:>7.0f} "
            f"{m['site_bytes'] / MB:>7.1f} | {x['time']:>6.2f} {x['peak']:>6.2f} {x['site']:>6.2f}"
        )
    return "\n".join(lines)


def breakdown(results: list[dict[str, Any]]) -> str:
    lines = ["where pingan's extra time goes (in-process, one run each):"]
    for r in results:
        s = r["in_process_s"]
        lines.append(
            f"  N={r['size']}: load+validate {s['load_validate_s']:.2f}s, render Markdown "
            f"{s['render_team_s']:.2f}s team + {s['render_public_s']:.2f}s public, "
            f"privacy scan {s['privacy_scan_s']:.2f}s"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pingan build vs plain mkdocs build")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="team-site pages")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the median is kept")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=BENCH / "out", help="scratch folder (git-ignored)")
    parser.add_argument("--rev", help="benchmark generator/ as committed at this git revision")
    parser.add_argument("--no-warmup", dest="warmup", action="store_false", help="skip the untimed warm-up")
    parser.add_argument("--no-search", dest="search", action="store_false", help="skip the search section")
    parser.add_argument("--search-only", action="store_true", help="only build once and measure search")
    parser.add_argument("--throttle", type=float, nargs="+", default=[1, 4], help="search: CPU slow-downs")
    parser.add_argument(
        "--incremental", action="store_true", help="full, one edit, no change; against mkdocs build (--dirty)"
    )
    parser.add_argument(
        "--print-sizes",
        type=int,
        nargs="*",
        default=None,
        help="--incremental: also with printing",
    )
    args = parser.parse_args(argv)
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    generator_info = use_generator(args.rev, args.out, env)
    print(f"generator: {generator_info['source']}", file=sys.stderr)
    gnu_time = has_gnu_time()
    print(f"peak memory via {'/usr/bin/time -f %M' if gnu_time else 'ru_maxrss wrapper'}", file=sys.stderr)
    if args.warmup:  # fills jieba's dictionary cache and the OS page cache; not measured
        warm = args.out / "warmup"
        generate(warm, 20, seed=args.seed, overwrite=True)
        measure([str(PINGAN), "build", "-q", "--no-print", str(warm)], env, gnu_time)

    if args.search_only:
        return search_only(args, env, generator_info)
    if args.incremental:
        from incremental import incremental_main

        return incremental_main(args, env, gnu_time, generator_info, measure, prepare_baseline)
    results = [bench_size(n, args, env, gnu_time) for n in args.sizes]
    document = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "mkdocs": version("mkdocs"),
            "mkdocs-material": version("mkdocs-material"),
        },
        "generator": generator_info,
        "repeat": args.repeat,
        "seed": args.seed,
        "peak_memory_method": "gnu-time" if gnu_time else "ru_maxrss-wrapper",
        "results": results,
    }
    if args.search:
        sites = {n: args.out / f"n{n}" / "project" / "site" / "team" for n in args.sizes}
        document["search"] = run_search_section(args, sites)
    (args.out / "results.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(table(results))
    print(breakdown(results))
    if args.search:
        print(search_table(document["search"]))
    for r in results:
        if r["file_set_differences"]:
            print(f"  N={r['size']}: pingan and mkdocs sites differ in files: {r['file_set_differences']}")
    busiest = max(
        run["load_before"] for r in results for tool in ("pingan", "mkdocs") for run in r[tool]["runs"]
    )
    if busiest > (os.cpu_count() or 1):
        print(f"note: 1-minute load reached {busiest:.1f} before some runs; other work may inflate times")
    print(f"results: {args.out / 'results.json'}")
    return 0


def run_search_section(args: argparse.Namespace, sites: dict[int, Path]) -> dict[str, Any]:
    """bench/search_bench.py's measurements on the built team sites and on the query set."""
    from search_bench import search_section

    from tests.browser.searchkit import build_search_project

    quality_root = args.out / "search-quality"
    shutil.rmtree(quality_root, ignore_errors=True)
    quality_site = build_search_project(quality_root) / "site" / "team"
    load_before = os.getloadavg()[0]
    section = search_section(sites, quality_site, args.throttle)
    return {**section, "load_before": load_before, "load_after": os.getloadavg()[0]}


def search_only(args: argparse.Namespace, env: dict[str, str], generator_info: dict[str, str]) -> int:
    sites = {}
    for n in args.sizes:
        project_dir = args.out / f"n{n}" / "project"
        generate(project_dir, n, seed=args.seed, overwrite=True)
        clean(project_dir / "site")
        subprocess.run([str(PINGAN), "build", "-q", "--no-print", str(project_dir)], env=env, check=True)
        sites[n] = project_dir / "site" / "team"
    section = run_search_section(args, sites)
    document = {"generator": generator_info, "cpus": os.cpu_count(), "search": section}
    (args.out / "search.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(search_table(section))
    print(f"1-minute load average: {section['load_before']:.1f} before, {section['load_after']:.1f} after")
    print(f"results: {args.out / 'search.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
