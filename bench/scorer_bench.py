"""Scorer benchmark: grading 1,000,000 answers and judging compliance for 10,000
members, each against a straightforward per-row baseline run in the same process.

    .venv/bin/python bench/scorer_bench.py [--answers 1000000] [--members 10000] [--with-db]
    .venv/bin/python bench/scorer_bench.py --report PROJECT [--database-url URL]

Prints absolute times and the ratio baseline ÷ pingan. With --with-db it also
fills an SQLite records database with `demo-records` data for the members and
times the whole `build_report` (SQL + judging + quiz stats + item analysis).

With --report PROJECT --commands REV it times whole `pingan report --format json|xlsx`
processes (start to exit, CPU user + sys and peak RSS from GNU time) of this tree beside
commit REV, alternating, and checks both write the same JSON bytes and xlsx cells.

With --report PROJECT (a project whose records hold a year: `pingan demo-records
--members 10000 --months 12 --extend-roster`), it times `pingan report --year 2024`
as the command does it, JSON and xlsx, each beside the code path it replaced
(JSON: dataclasses.asdict, privacy scrub over every value, json.dumps(indent=2);
xlsx: openpyxl, one styled cell at a time), and prints wall and CPU seconds with
the load average (the machine is shared: CPU seconds say more when it is busy).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from revision import SIDE_RUNNER, export_generator

from generator.content.schema import QuizBank
from generator.scorer.compliance import (
    Event,
    MemberInfo,
    first_full_month,
    first_full_quarter,
    judge,
    month_end,
    month_of,
    parse_period,
    quarter_bounds,
    quarter_of,
)
from generator.scorer.grading import compile_key, grade_rows

LETTERS = "ABCD"


def make_banks(rng: random.Random, banks: int = 6, questions: int = 20) -> list[QuizBank]:
    made = []
    for b in range(banks):
        items = []
        for q in range(questions):
            kind = ("single", "multiple", "true_false")[q % 3]
            item = {"id": f"q{q}", "type": kind, "stem": f"题{b}-{q}"}
            if kind == "true_false":
                item["answer"] = rng.random() < 0.5
            else:
                item["options"] = {letter: f"选项{letter}" for letter in LETTERS}
                item["answer"] = rng.choice(LETTERS) if kind == "single" else sorted(rng.sample(LETTERS, 2))
            items.append(item)
        made.append(
            QuizBank.model_validate(
                {"id": f"b{b}", "title": f"题库{b}", "mode": "practice", "questions": items}
            )
        )
    return made


def make_answers(rng: random.Random, banks: list[QuizBank], count: int) -> list[tuple[str, str, object]]:
    rows = []
    for _ in range(count):
        bank = rng.choice(banks)
        question = rng.choice(bank.questions)
        if question.type == "true_false":
            response: object = rng.choice([True, False, "对", "错"])
        elif question.type == "single":
            response = rng.choice(LETTERS)
        else:
            response = sorted(rng.sample(LETTERS, rng.choice([1, 2, 2, 3])))
        rows.append((bank.id, question.id, response))
    return rows


def baseline_grade(banks: list[QuizBank], rows: list[tuple[str, str, object]]) -> list[float]:
    """What a first implementation does: find the bank and question for every row, compare."""
    out = []
    for bank_id, qid, response in rows:
        bank = next(b for b in banks if b.id == bank_id)
        question = next(q for q in bank.questions if q.id == qid)
        if question.type == "true_false":
            given = response if isinstance(response, bool) else response == "对"
            out.append(1.0 if given == question.answer else 0.0)
        else:
            given = sorted(response) if isinstance(response, list) else [response]
            out.append(1.0 if given == sorted(question.correct_letters) else 0.0)
    return out


def pingan_grade(banks: list[QuizBank], rows: list[tuple[str, str, object]]) -> list[float]:
    return grade_rows({b.id: compile_key(b) for b in banks}, rows)


def make_members_and_events(rng: random.Random, members: int) -> tuple[list[MemberInfo], list[Event]]:
    people = [
        MemberInfo(
            f"M{n:05d}",
            f"队员{n}",
            f"team{n % 12}",
            None if n % 5 else dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(700)),
        )
        for n in range(members)
    ]
    events = []
    for person in people:
        for month in range(1, 13):
            for _ in range(rng.choice([0, 1, 1, 1, 2])):
                events.append(Event(person.id, dt.date(2024, month, rng.randrange(1, 28)), "training"))
            if month % 3 == 0 and rng.random() < 0.85:
                events.append(Event(person.id, dt.date(2024, month, rng.randrange(1, 28)), "drill"))
    return people, events


def baseline_judge(people, events, period, per_month, per_quarter, as_of):
    """Per member, per month and per quarter: scan that member's events and count.

    Events are grouped by member first (a scan of all events per member would be
    quadratic and make the ratio meaningless); the counting stays per row."""
    by_member: dict[str, list[Event]] = {}
    for event in events:
        by_member.setdefault(event.member_id, []).append(event)
    results = []
    for person in people:
        mine = by_member.get(person.id, [])
        first_m, first_q = first_full_month(person.joined), first_full_quarter(person.joined)
        missing_months = []
        for month in period.months:
            if month_end(month) > as_of or (first_m and month < first_m):
                continue
            count = sum(1 for e in mine if e.kind == "training" and month_of(e.date) == month)
            if count < per_month:
                missing_months.append(month)
        missing_quarters = []
        for quarter in period.quarters:
            if quarter_bounds(quarter)[1] > as_of or (first_q and quarter < first_q):
                continue
            count = sum(1 for e in mine if e.kind == "drill" and quarter_of(e.date) == quarter)
            if count < per_quarter:
                missing_quarters.append(quarter)
        results.append((person.id, missing_months, missing_quarters))
    return results


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def with_db(members: int) -> None:
    from generator.content import load_project
    from generator.scorer.database import RecordsDB
    from generator.scorer.demo import generate, synthetic_members
    from generator.scorer.reports import build_report
    from generator.scorer.roster_import import write_roster

    repo = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("site_config.yml",):
            (root / name).write_bytes((repo / name).read_bytes())
        import shutil

        shutil.copytree(repo / "content", root / "content")
        shutil.copytree(repo / "quizzes", root / "quizzes")
        project = load_project(root)
        extra = synthetic_members(
            project.roster.members,
            members - len(project.roster.members),
            [t.id for t in project.roster.teams],
            random.Random(1),
        )
        write_roster(
            root / "content/roster.yml",
            project.roster,
            [m.model_dump(exclude_none=True) for m in project.roster.members] + extra,
        )
        project = load_project(root)
        with RecordsDB(f"sqlite:///{root / 'records.db'}") as db:
            start = time.perf_counter()
            result = generate(project, db, project.roster.members, dt.date(2024, 1, 1), 12)
            fill = time.perf_counter() - start
            start = time.perf_counter()
            report = build_report(project, db, parse_period(year="2024"), dt.date(2025, 1, 1))
            seconds = time.perf_counter() - start
        size = (root / "records.db").stat().st_size
    print(
        f"\nSQLite records for {members} members, 12 months: {result.attendance} attendance rows, "
        f"{result.attempts} attempts; filled in {fill:.1f} s, database {size / 1e6:.1f} MB"
    )
    print(
        f"build_report --year 2024 (SQL + judging + quiz stats + item analysis): {seconds:.2f} s, "
        f"{len(report.missing)} members missing something"
    )


def baseline_json(report) -> str:
    """The JSON shaping `pingan report` used before: asdict, scrub every value, indent=2."""
    import json
    from dataclasses import asdict

    from generator.scorer.reports import shown

    data = report.as_json()
    data["members"] = [
        {**m, "quizzes": [asdict(q) for q in r.quizzes]}
        for m, r in zip(data["members"], report.members, strict=True)
    ]
    return json.dumps(shown(data), ensure_ascii=False, indent=2)


def baseline_xlsx(report, project, path: Path) -> None:
    """The xlsx ledger as it was written before: openpyxl, every cell built and styled in memory."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from generator.scorer.ledger import ledger_sheets
    from generator.scorer.reports import report_title, shown

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in ledger_sheets(report, project):
        ws = workbook.create_sheet(sheet.name)
        ws.append([shown(report_title(report))])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append(sheet.header)
        for cell in ws[2]:
            cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDE4F0")
        for row in sheet.rows:
            ws.append(shown(row))
        ws.freeze_panes = "A3"
        for index, column in enumerate(ws.columns, start=1):
            width = max((len(str(c.value)) for c in column if c.value is not None and c.row > 1), default=4)
            ws.column_dimensions[column[0].column_letter].width = min(60, 4 + width * 1.6)
            for c in column:
                c.alignment = Alignment(vertical="top", wrap_text=index >= 8)
    workbook.save(path)


def clock(fn: Callable[[], object]) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds, result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def sheet_values(path: Path) -> list[tuple[str, list[list[object]]]]:
    """Every sheet's cell values (python-calamine: a county's workbook in a fraction of a second)."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    return [(name, workbook.get_sheet_by_name(name).to_python()) for name in workbook.sheet_names]


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, float, object]:
    """(fewest wall seconds, fewest CPU seconds, result) of ``repeat`` runs: on a shared machine
    the fewest says most about the code."""
    runs = [clock(fn) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), runs[-1][2]


def report_bench(root: Path, database_url: str | None, earlier: bool, repeat: int) -> None:
    """`pingan report --year 2024` for a county, as the command runs it, beside the code it replaced
    (bench/report_before.py); both must give the same JSON, byte for byte, and the same cells.
    Each step runs ``repeat`` times, old and new in turn; the fewest seconds are printed."""
    import os

    from report_before import build_report_before, output_before

    from generator.content import load_project
    from generator.scorer.database import RecordsDB, open_records
    from generator.scorer.importlog import log_rows
    from generator.scorer.ledger import write_xlsx
    from generator.scorer.reports import build_report, to_json

    load = os.getloadavg()
    period, as_of = parse_period(year="2024"), dt.date(2025, 1, 15)
    load_t, load_c, project = clock(lambda: load_project(root))
    db = RecordsDB(database_url) if database_url else open_records(project)
    with db:
        build_report(project, db, period, as_of)  # the database's caches warm for both
        old_build = best_of(repeat, lambda: build_report_before(project, db, period, as_of))
        new_build = best_of(repeat, lambda: build_report(project, db, period, as_of))
        log = log_rows(db)
        label = db.label
    old_report, new_report = old_build[2], new_build[2]
    with output_before():
        old_json = best_of(repeat, lambda: to_json(old_report))
    new_json = best_of(repeat, lambda: to_json(new_report))
    assert old_json[2] == new_json[2], "the JSON must be the same, byte for byte"
    with tempfile.TemporaryDirectory() as tmp:
        old_path, new_path = Path(tmp) / "before.xlsx", Path(tmp) / "pingan.xlsx"
        with output_before():
            old_xlsx = best_of(repeat, lambda: write_xlsx(old_report, project, old_path, log))
        new_xlsx = best_of(repeat, lambda: write_xlsx(new_report, project, new_path, log))
        assert sheet_values(old_path) == sheet_values(new_path), "the workbooks' cells must be the same"
        if earlier:
            asdict_json = clock(lambda: baseline_json(new_report))
            assert json.loads(asdict_json[2]) == json.loads(new_json[2]), "both JSON shapings must agree"
            openpyxl_xlsx = clock(lambda: baseline_xlsx(new_report, project, Path(tmp) / "openpyxl.xlsx"))
    members = len(new_report.members)
    print(f"pingan report --year 2024: {members:,} members, database {label}, best of {repeat} runs")
    averages = " / ".join(" ".join(f"{value:.2f}" for value in at) for at in (load, os.getloadavg()))
    print(f"  load average at start / end: {averages} ({os.cpu_count()} CPUs); on a busy machine see CPU s")
    print("                                    before            pingan")
    print("                                    wall s   CPU s    wall s   CPU s")
    row = "  {:<32}  {:7.2f} {:7.2f}   {:7.2f} {:7.2f}"
    print(row.format("load_project (roster and all)", load_t, load_c, load_t, load_c))
    print(row.format("build_report (SQL + judging)", *old_build[:2], *new_build[:2]))
    print(row.format("JSON", *old_json[:2], *new_json[:2]))
    print(row.format("xlsx (XlsxWriter)", *old_xlsx[:2], *new_xlsx[:2]))
    for name, step_old, step_new in (("json", old_json, new_json), ("xlsx", old_xlsx, new_xlsx)):
        before = [load_t + old_build[0] + step_old[0], load_c + old_build[1] + step_old[1]]
        after = [load_t + new_build[0] + step_new[0], load_c + new_build[1] + step_new[1]]
        print(row.format(f"report --format {name}, total", *before, *after))
    if earlier:
        print(f"  earlier JSON (asdict, indent=2)   {asdict_json[0]:7.2f} {asdict_json[1]:7.2f}")
        print(f"  earlier xlsx (openpyxl cells)     {openpyxl_xlsx[0]:7.2f} {openpyxl_xlsx[1]:7.2f}")


def run_command(side: Path, args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(CPU s = user + sys, peak RSS MB, wall s) of one whole `pingan` process of ``side``'s code,
    from process start to exit, as a user runs it (GNU time)."""
    import subprocess

    command = ["/usr/bin/time", "-f", "%U %S %M", sys.executable, "-P", "-c", SIDE_RUNNER, str(side), *args]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=side)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")
    user, system, peak = done.stderr.strip().splitlines()[-1].split()
    return float(user) + float(system), int(peak) / 1024, wall


def command_bench(
    root: Path, database_url: str | None, rev: str, repeat: int, before_url: str | None = None
) -> None:
    """`pingan report --year 2024 --format json|xlsx` as whole commands, this tree beside ``rev``
    (exported with git archive), alternating, ``repeat`` runs each (median and best); the outputs
    must be the same (JSON byte for byte, xlsx cell for cell). Each side has its own copy of the
    project (and so of an SQLite database in it); its first run, which reads the project in full
    and caches it (and migrates its database if this tree's schema is newer), is printed as "cold".
    ``before_url``: ``rev``'s own PostgreSQL database (a copy), when this tree migrates its own."""
    import os
    import shutil

    repo = Path(__file__).resolve().parent.parent
    urls = {"before": before_url or database_url, "pingan": database_url}
    envs = {
        side: {**os.environ, **({"PINGAN_DATABASE_URL": url} if url else {})} for side, url in urls.items()
    }
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        export_generator(rev, base)
        out = Path(tmp)
        sides = {"before": base, "pingan": repo}
        # Each side reads its own copy of the project: the project cache is keyed by pingan's code,
        # so one copy would be read in full (and cached again) at every run of either side.
        projects = {name: out / f"{name}-project" for name in sides}
        for copy in projects.values():
            shutil.copytree(root, copy, symlinks=True, ignore=shutil.ignore_patterns(".pingan-cache"))
        load = os.getloadavg()
        cold = {}
        runs: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
        for n in range(repeat):
            for fmt in ("json", "xlsx"):
                for name, side in sides.items():
                    target = out / f"{name}.{fmt}"
                    args = ["-C", str(projects[name]), "report", "--year", "2024", "--as-of", "2025-01-15",
                            "--format", fmt, "-o", str(target)]  # fmt: skip
                    measured = run_command(side, args, envs[name])
                    if n == 0 and fmt == "json":  # the first run reads the project in full and caches it
                        cold[name] = measured
                        measured = run_command(side, args, envs[name])
                    runs.setdefault((name, fmt), []).append(measured)
        assert (out / "before.json").read_bytes() == (out / "pingan.json").read_bytes(), "JSON differs"
        assert sheet_values(out / "before.xlsx") == sheet_values(out / "pingan.xlsx"), "xlsx cells differ"
    end = os.getloadavg()
    label = database_url.split("@")[-1] if database_url else "the project's SQLite file"
    print(f"pingan report --year 2024 as whole commands on {root} ({label}), {repeat} runs each")
    print(f"  load average at start / end: {' '.join(f'{v:.2f}' for v in load)} / "
          f"{' '.join(f'{v:.2f}' for v in end)} ({os.cpu_count()} CPUs)")  # fmt: skip
    print(f"                          {rev:>10}                 pingan")
    print("                          CPU s  peak MB  wall s    CPU s  peak MB  wall s")
    for fmt in ("json", "xlsx"):
        for what, pick in (("median", _medians), ("best", min)):
            before, after = pick(runs[("before", fmt)]), pick(runs[("pingan", fmt)])
            print(f"  --format {fmt} {what:<7}   {before[0]:7.2f} {before[1]:7.0f} {before[2]:7.2f}  "
                  f"{after[0]:7.2f} {after[1]:7.0f} {after[2]:7.2f}")  # fmt: skip
    before, after = cold["before"], cold["pingan"]
    print(f"  --format json, cache cold {before[0]:7.2f} {before[1]:7.0f} {before[2]:7.2f}  "
          f"{after[0]:7.2f} {after[1]:7.0f} {after[2]:7.2f}")  # fmt: skip


def _medians(runs: list[tuple[float, float, float]]) -> tuple[float, ...]:
    """Each measure's median over the runs (CPU s, peak MB, wall s)."""
    return tuple(statistics.median(run[i] for run in runs) for i in range(3))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--with-db", action="store_true")
    parser.add_argument("--report", type=Path, metavar="PROJECT", help="time pingan report on this project")
    parser.add_argument("--database-url", help="the records database (default: the project's)")
    parser.add_argument("--earlier", action="store_true", help="--report: asdict/openpyxl too")
    parser.add_argument(
        "--before-database-url", help="--commands: REV's own database (default: --database-url)"
    )
    parser.add_argument(
        "--commands",
        metavar="REV",
        help="--report: time whole `pingan report` commands of this tree beside commit REV instead",
    )
    args = parser.parse_args()
    if args.report and args.commands:
        command_bench(args.report, args.database_url, args.commands, args.repeat, args.before_database_url)
        return
    if args.report:
        report_bench(args.report, args.database_url, args.earlier, args.repeat)
        return
    rng = random.Random(2024)

    banks = make_banks(rng)
    rows = make_answers(rng, banks, args.answers)
    base_t, base = timed(lambda: baseline_grade(banks, rows), 1)
    fast_t, fast = timed(lambda: pingan_grade(banks, rows), args.repeat)
    assert base == fast, "both graders must agree"
    print(f"Grading {args.answers:,} answers ({len(banks)} banks × 20 questions)")
    print(f"  baseline per-row loop : {base_t:7.3f} s  ({args.answers / base_t:,.0f} answers/s)")
    print(f"  pingan grade_rows     : {fast_t:7.3f} s  ({args.answers / fast_t:,.0f} answers/s)")
    print(f"  ratio baseline/pingan : {base_t / fast_t:7.1f}×")

    people, events = make_members_and_events(rng, args.members)
    period, as_of = parse_period(year="2024"), dt.date(2025, 1, 1)
    base_t, base = timed(lambda: baseline_judge(people, events, period, 1, 1, as_of), 1)
    fast_t, fast = timed(lambda: judge(people, events, period, 1, 1, as_of), args.repeat)
    assert base == [(c.id, c.missing_months, c.missing_quarters) for c in fast], "both judges must agree"
    print(f"\nCompliance for {args.members:,} members, year 2024 ({len(events):,} attendance events)")
    print(f"  baseline per-member loop : {base_t:7.3f} s")
    print(f"  pingan judge (one pass)  : {fast_t:7.3f} s")
    print(f"  ratio baseline/pingan    : {base_t / fast_t:7.1f}×")
    if args.with_db:
        with_db(args.members)


if __name__ == "__main__":
    main()
