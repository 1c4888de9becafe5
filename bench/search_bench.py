"""The site search in headless Chromium from file://: quality over a query set, and load cost.

    .venv/bin/python bench/search_bench.py [--sizes 100 1000] [--rev REV]

bench/run.py runs the same measurements as its search section (``--search-only``
skips the build-time comparison). Measured on the team site, 768×1024 (a tablet):

* quality: every query of tests/browser/search_queries.txt typed into the search
  box of the search project (the example content plus the plans imported by
  tests/browser/searchkit.py); the worker's full answer is compared with the
  ground truth from the pages' text. Recall and precision are means over the
  queries that have ground truth; "empty" counts queries that found nothing.
* load, on the N-page synthetic site: the bytes of the search index (everything
  under search/) and of the worker; the page is opened as ``index.html?q=消防``,
  which opens the search box at once; "ready" is when the worker says READY,
  "first result" when its first answer arrives (ms after navigation start);
  long tasks are main-thread tasks over 50 ms (PerformanceObserver 'longtask')
  until 1.5 s after the first answer. With ``--throttle 4`` Chromium also runs
  4× slower (CDP Emulation.setCPUThrottlingRate), like a cheap tablet.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

LOAD_QUERY = "消防"
SETTLE_MS = 1500


def index_bytes(site: Path) -> dict[str, int]:
    """Bytes of the search index files and of the search worker."""
    index = sum(p.stat().st_size for p in (site / "search").glob("*") if p.is_file())
    workers = site / "assets/javascripts/workers"
    worker = sum(p.stat().st_size for p in workers.glob("search.*.min.js"))
    return {"index_bytes": index, "worker_bytes": worker}


def open_tablet(browser, throttle: float = 1):
    from tests.conftest import TABLET

    context = browser.new_context(viewport=TABLET, device_scale_factor=1, has_touch=True)
    page = context.new_page()
    if throttle != 1:
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    return page


def load_cost(browser, site: Path, throttle: float = 1, search: bool = True) -> dict[str, Any]:
    """Open the home page with the search box open on LOAD_QUERY; with ``search=False`` the
    search files are blocked, which measures the page alone (the control)."""
    from tests.browser.searchkit import PROBE

    page = open_tablet(browser, throttle)
    page.add_init_script(PROBE + "window.__probe.first = null;")
    page.add_init_script(
        "window.addEventListener('message', e => { if (e.data && e.data.type === 3 "
        "&& window.__probe.first === null) window.__probe.first = performance.now(); });"
    )
    if not search:
        page.route("**/search/*", lambda route: route.abort())
        page.route("**/workers/*", lambda route: route.abort())
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.goto((site / "index.html").as_uri() + f"?q={LOAD_QUERY}", wait_until="commit")
    done = "window.__probe.first !== null" if search else "document.readyState === 'complete'"
    page.wait_for_function(done, timeout=300_000)
    page.wait_for_timeout(SETTLE_MS)
    probe = page.evaluate("window.__probe")
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    cpu = main_thread_cpu(json.loads(browser.stop_tracing()), probe["ready"])
    page.context.close()
    tasks = [duration for _, duration in probe["longtasks"]]
    return {
        **cpu,
        "throttle": throttle,
        "search": search,
        "load_event_ms": round(loaded),
        "ready_ms": round(probe["ready"]) if probe["ready"] is not None else None,
        "first_result_ms": round(probe["first"]) if probe["first"] is not None else None,
        "longest_task_ms": round(max(tasks, default=0)),
        "long_tasks": len(tasks),
        "long_task_total_ms": round(sum(tasks)),
    }


TRACE_CATEGORIES = ["toplevel", "blink.user_timing", "devtools.timeline"]
TASK_EVENTS = {"RunTask", "ThreadControllerImpl::RunTask"}  # one main-thread task (older, newer Chromium)


def main_thread_cpu(trace: dict[str, Any], ready_ms: float | None) -> dict[str, Any]:
    """Main-thread CPU time of the page's tasks, from Chromium's trace (thread time, so other
    programs on a busy machine do not inflate it the way they inflate wall-clock times)."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    mains = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    navigations = [e for e in events if e.get("name") == "navigationStart"]
    starts = [e["ts"] for e in navigations if e["args"]["data"].get("documentLoaderURL")]
    tasks = [e for e in events if e.get("name") in TASK_EVENTS and e.get("ph") == "X" and "tdur" in e]
    tasks = outermost(sorted((e for e in tasks if (e["pid"], e["tid"]) in mains), key=lambda e: e["ts"]))
    if not starts or not tasks:
        return {"cpu_longest_task_ms": None, "cpu_tasks_over_50ms": None, "cpu_to_ready_ms": None}
    start = max(starts)
    tasks = [t for t in tasks if t["ts"] >= start]
    until = start + (ready_ms or 0) * 1000
    return {
        "cpu_longest_task_ms": round(max(t["tdur"] for t in tasks) / 1000),
        "cpu_tasks_over_50ms": sum(1 for t in tasks if t["tdur"] > 50_000),
        "cpu_to_ready_ms": round(sum(t["tdur"] for t in tasks if t["ts"] + t["dur"] <= until) / 1000)
        if ready_ms
        else None,
    }


def outermost(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tasks not inside another (Chromium nests one task event in another of a different name)."""
    kept: list[dict[str, Any]] = []
    for task in tasks:
        if not kept or task["ts"] >= kept[-1]["ts"] + kept[-1]["dur"]:
            kept.append(task)
    return kept


def quality(browser, site: Path) -> dict[str, Any]:
    from tests.browser.searchkit import Corpus, SearchBox, load_queries

    corpus = Corpus.read(site)
    page = open_tablet(browser)
    box = SearchBox(page, site)
    rows = []
    for query in load_queries():
        truth = corpus.truth(query.text)
        found = set(box.ask(query.text).pages)
        hit = len(found & truth)
        rows.append(
            {
                "query": query.text,
                "kind": query.kind,
                "truth": len(truth),
                "found": len(found),
                "recall": hit / len(truth) if truth else None,
                "precision": hit / len(found) if truth and found else (None if not truth else 0.0),
                "missed": sorted(truth - found),
                "extra": sorted(found - truth) if truth else sorted(found),
            }
        )
    page.context.close()
    judged = [r for r in rows if r["truth"]]
    precise = [r["precision"] for r in judged if r["found"]]
    return {
        "queries": len(rows),
        "with_truth": len(judged),
        "recall": round(statistics.mean(r["recall"] for r in judged), 4),
        "precision": round(statistics.mean(precise), 4) if precise else None,
        "empty": sum(1 for r in judged if not r["found"]),
        "perfect_queries": sum(1 for r in judged if r["recall"] == 1 and r["precision"] == 1),
        "by_kind": by_kind(judged),
        "rows": rows,
    }


def by_kind(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    kinds: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        kinds.setdefault(row["kind"], []).append(row)
    return {
        kind: {
            "queries": len(group),
            "recall": round(statistics.mean(r["recall"] for r in group), 3),
            "empty": sum(1 for r in group if not r["found"]),
        }
        for kind, group in kinds.items()
    }


def launch(playwright):
    from generator.printing.engine import CHROMIUM, CHROMIUM_ARGS

    executable = CHROMIUM if CHROMIUM.exists() else None
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def search_section(
    sites: dict[int, Path], quality_site: Path | None, throttles: list[float]
) -> dict[str, Any]:
    """Quality on ``quality_site`` and load cost on each N-page team site."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        section: dict[str, Any] = {"quality": quality(browser, quality_site) if quality_site else None}
        section["load"] = {
            str(n): {
                **index_bytes(site),
                "runs": [load_cost(browser, site, t, search) for t in throttles for search in (False, True)],
            }
            for n, site in sites.items()
        }
        browser.close()
    return section


def search_table(section: dict[str, Any]) -> str:
    lines = []
    q = section.get("quality")
    if q:
        lines.append(
            f"search quality ({q['with_truth']} of {q['queries']} queries have ground truth): "
            f"recall {q['recall']:.3f}, precision {q['precision']:.3f}, found nothing {q['empty']}, "
            f"all right {q['perfect_queries']}"
        )
        for kind, k in q["by_kind"].items():
            found = f"recall {k['recall']:.3f}, found nothing {k['empty']}"
            lines.append(f"  {kind}: {k['queries']} queries, {found}")
    head = (
        f"{'N':>5} | {'index MB':>8} {'worker KB':>9} | {'cpu':>4} {'search':>6} | {'load ms':>7} "
        f"{'ready ms':>8} {'first ms':>8} {'longest':>7} {'long':>4} | "
        f"{'cpu→ready':>9} {'cpu max':>7} {'>50':>3}"
    )
    lines += [head, "-" * len(head)]
    for n, load in section["load"].items():
        for run in load["runs"]:
            lines.append(
                f"{n:>5} | {load['index_bytes'] / 1024 / 1024:>8.2f} {load['worker_bytes'] / 1024:>9.0f} | "
                f"{'×' + str(int(run['throttle'])):>4} {'on' if run['search'] else 'off':>6} | "
                f"{run['load_event_ms']:>7} {run['ready_ms'] or '-':>8} {run['first_result_ms'] or '-':>8} "
                f"{run['longest_task_ms']:>7} {run['long_tasks']:>4} | {run['cpu_to_ready_ms'] or '-':>9} "
                f"{run['cpu_longest_task_ms']:>7} {run['cpu_tasks_over_50ms']:>3}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pingan site search: quality and load cost")
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000], help="synthetic team-site pages")
    parser.add_argument("--throttle", type=float, nargs="+", default=[1, 4], help="CPU slow-down factors")
    parser.add_argument("--out", type=Path, default=BENCH / "out" / "search")
    parser.add_argument("--rev", help="measure generator/ as committed at this git revision")
    parser.add_argument("--no-quality", dest="quality", action="store_false")
    args = parser.parse_args(argv)
    from revision import use_generator

    env: dict[str, str] = {}
    info = use_generator(args.rev, args.out.resolve(), env)
    print(f"generator: {info['source']}", file=sys.stderr)
    from synth import generate

    from generator.cli import main as pingan

    args.out.mkdir(parents=True, exist_ok=True)
    sites = {}
    for n in args.sizes:
        project = args.out / f"n{n}"
        generate(project, n, seed=42, overwrite=True)
        assert pingan(["build", "-q", "--no-print", str(project)]) == 0
        sites[n] = project / "site/team"
    quality_site = None
    if args.quality:
        from tests.browser.searchkit import build_search_project

        work = Path(tempfile.mkdtemp(prefix="search-quality-", dir=args.out))
        quality_site = build_search_project(work / "project") / "site/team"
    load_before = os.getloadavg()[0]
    section = search_section(sites, quality_site, args.throttle)
    section.update(generator=info, load_before=load_before, load_after=os.getloadavg()[0])
    (args.out / "search.json").write_text(json.dumps(section, indent=2, ensure_ascii=False) + "\n")
    print(search_table(section))
    print(f"1-minute load average: {load_before:.1f} before, {section['load_after']:.1f} after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
