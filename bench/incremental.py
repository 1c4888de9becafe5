"""``bench/run.py --incremental``: full build, one edit, no change, against plain MkDocs in the same run.

For each size N a synthetic project is generated (bench/synth.py) and measured three ways
in a row, outputs removed only before the first:

* full:      ``pingan build -q [--no-print]`` with no previous outputs;
* one edit:  one sentence of one training module's body changed, then the same command;
* no change: the same command again.

``--no-print`` always; with printing for the sizes in ``--print-sizes`` (a first print of
1000 pages takes many minutes). The baseline is the same pages as Markdown with the same
mkdocs.yml (``prepare_sources``, untimed), team and public site one after the other:
``mkdocs build`` (full; after the same sentence edited in the module's Markdown; with no
change) and ``mkdocs build --dirty`` (after a second edit of that page; with no change).
MkDocs' --dirty rebuilds only pages whose Markdown is newer than their HTML; it does not
update what other pages show of the edited one (navigation titles, search index), so it
is a lower bound, not an equal. Each row has the 1-minute load average before it ran.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from synth import generate

VENV_BIN = Path(sys.executable).parent
PINGAN = VENV_BIN / "pingan"
MKDOCS = VENV_BIN / "mkdocs"
SENTENCE = "形成人人参与平安的良好氛围。"
EDITS = ("形成人人参与平安的良好氛围，巡查记录当天归档。", "形成人人参与平安的良好氛围，巡查记录次日归档。")
STEPS = ("full", "edit", "no_change")


def edit_module(project_dir: Path, step: int) -> str:
    """Change one sentence of the first module whose body has it; returns the module id."""
    for path in sorted((project_dir / "content" / "modules").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        old = SENTENCE if step == 0 else EDITS[step - 1]
        if old in text:
            path.write_text(text.replace(old, EDITS[step], 1), encoding="utf-8")
            return path.stem
    raise RuntimeError("no module has the sentence to edit")


def edit_markdown(docs_dir: Path, module_id: str, step: int) -> None:
    page = docs_dir / "modules" / f"{module_id}.md"
    text = page.read_text(encoding="utf-8")
    old = SENTENCE if step == 0 else EDITS[step - 1]
    if old not in text:
        raise RuntimeError(f"{page} does not have the sentence to edit")
    page.write_text(text.replace(old, EDITS[step], 1), encoding="utf-8")


def pingan_steps(project_dir: Path, prints: bool, env: dict[str, str], gnu_time: bool, measure) -> dict:
    for folder in ("site", "print", "trainer"):
        shutil.rmtree(project_dir / folder, ignore_errors=True)
    command = [str(PINGAN), "build", "-q", *(() if prints else ("--no-print",)), str(project_dir)]
    runs = {"full": measure(command, env, gnu_time)}
    module = edit_module(project_dir, 0 if not prints else 1)
    runs["edit"] = measure(command, env, gnu_time)
    runs["no_change"] = measure(command, env, gnu_time)
    label = "print" if prints else "no-print"
    for step, run in runs.items():
        line = f"  pingan {label} {step}: {run.seconds:.2f}s, CPU {run.cpu:.2f}s (load {run.load_before})"
        print(line, file=sys.stderr)
    return {"edited_module": module, **{step: asdict(run) for step, run in runs.items()}}


def mkdocs_steps(configs: dict[str, str], base: Path, module: str, env, gnu_time, measure) -> dict:
    def both(*flags: str):
        runs = [
            measure([str(MKDOCS), "build", "-q", *flags, "-f", configs[a]], env, gnu_time) for a in configs
        ]
        return {
            "seconds": sum(r.seconds for r in runs),
            "cpu": sum(r.cpu for r in runs),
            "peak_kb": max(r.peak_kb for r in runs),
            "load_before": runs[0].load_before,
        }

    for audience in configs:
        shutil.rmtree(base / audience, ignore_errors=True)
    team_docs = Path(configs["team"]).parent / "docs"
    result = {"build": {"full": both()}, "dirty": {}}
    edit_markdown(team_docs, module, 0)
    result["build"]["edit"] = both()
    edit_markdown(team_docs, module, 1)
    result["dirty"]["edit"] = both("--dirty")
    result["dirty"]["no_change"] = both("--dirty")
    result["build"]["no_change"] = both()
    for kind, steps in result.items():
        for step, run in steps.items():
            print(
                f"  mkdocs {kind} {step}: {run['seconds']:.2f}s (load {run['load_before']})", file=sys.stderr
            )
    return result


def bench_incremental(n: int, args: argparse.Namespace, env, gnu_time, measure, prepare_baseline) -> dict:
    home = args.out / f"inc{n}"
    project_dir, base = home / "project", home / "baseline"
    summary = generate(project_dir, n, seed=args.seed, overwrite=True)
    info = prepare_baseline(project_dir, base)
    info.pop("_project")
    configs = info.pop("configs")
    result: dict[str, Any] = {"size": n, "pages": info["pages"], "modules": summary.modules}
    result["pingan_no_print"] = pingan_steps(project_dir, False, env, gnu_time, measure)
    module = result["pingan_no_print"]["edited_module"]
    result["mkdocs"] = mkdocs_steps(configs, base, module, env, gnu_time, measure)
    if n in (args.print_sizes or []):
        result["pingan_print"] = pingan_steps(project_dir, True, env, gnu_time, measure)
    return result


def table(results: list[dict[str, Any]], measure: str = "seconds") -> str:
    """One row per size and step; ``measure`` "seconds" (wall) or "cpu" (user + system)."""
    head = f"{measure:>5} {'pages':>9} {'step':>9} | {'pingan':>8} {'+print':>8} | "
    head += f"{'mkdocs':>8} {'--dirty':>8} | load"
    lines = [head, "-" * len(head)]
    for r in results:
        pages = f"{r['pages']['team']}+{r['pages']['public']}"
        for step in STEPS:
            cells = [
                r["pingan_no_print"][step].get(measure),
                r.get("pingan_print", {}).get(step, {}).get(measure),
                r["mkdocs"]["build"][step].get(measure),
                r["mkdocs"]["dirty"].get(step, {}).get(measure),
            ]
            loads = [r["pingan_no_print"][step]["load_before"], r["mkdocs"]["build"][step]["load_before"]]
            if "pingan_print" in r:
                loads.append(r["pingan_print"][step]["load_before"])
            shown = " ".join(f"{c:>8.2f}" if c is not None else f"{'-':>8}" for c in cells[:2])
            base = " ".join(f"{c:>8.2f}" if c is not None else f"{'-':>8}" for c in cells[2:])
            load = "–".join(f"{x:.1f}" for x in (min(loads), max(loads)))
            lines.append(f"{r['size']:>5} {pages:>9} {step:>9} | {shown} | {base} | {load}")
    return "\n".join(lines)


def incremental_main(
    args: argparse.Namespace,
    env: dict[str, str],
    gnu_time: bool,
    generator_info: dict[str, str],
    measure: Callable,
    prepare_baseline: Callable,
) -> int:
    results = [bench_incremental(n, args, env, gnu_time, measure, prepare_baseline) for n in args.sizes]
    document = {"generator": generator_info, "cpus": os.cpu_count(), "incremental": results}
    (args.out / "incremental.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print("wall seconds:")
    print(table(results))
    print("CPU seconds (user + system, the command and its children):")
    print(table(results, "cpu"))
    print(f"results: {args.out / 'incremental.json'}")
    return 0
