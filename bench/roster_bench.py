"""Roster import at county scale: a 50,000-row 花名册 into a copy of the example project.

    .venv/bin/python bench/roster_bench.py [--rows 50000] [--keep DIR]

Writes its own sheet (XlsxWriter: 编号, 姓名, 性别, 所属队伍 over 40 teams, 职务, 联系电话,
入队日期 as dates), then times, each in a fresh process:

- ``pingan roster import`` into the example project (50,000 new members, 40 new teams);
- the same again (nothing changes: every row matched, the file left as it is); the roster.yml
  the first import wrote is read in full here, and the project cache (``content.cache``) filled;
- and a third time, reading the project from that cache;
- the baseline beside them: the least any importer does, in a per-row loop: read every cell
  with openpyxl's streaming reader (what pingan used before), build the member dicts, and
  write the whole roster with PyYAML's ``safe_dump``. It checks nothing and keeps no comments.

With ``--rev REV`` the same three imports run first with that commit's generator (git archive), on
their own copy of the project; ``--no-baseline`` leaves the baseline out.

Prints wall and CPU seconds (the child's user + system) and peak RSS for each, the ratio
baseline ÷ pingan, and the load average (the machine may be shared: CPU seconds say more).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from revision import SIDE_RUNNER, export_generator

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv/bin/python"
HEADER = ["编号", "姓名", "性别", "所属队伍", "职务", "联系电话", "入队日期"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志宏文斌海波春梅"

BASELINE = """
import sys, yaml
from openpyxl import load_workbook
rows = load_workbook(sys.argv[1], read_only=True, data_only=True).worksheets[0].iter_rows(values_only=True)
header = next(rows)
members, teams = [], {}
for number, row in enumerate(rows, start=2):
    cells = dict(zip(header, row))
    team = teams.setdefault(cells["所属队伍"], f"team-{len(teams) + 1}")
    member = {"id": cells["编号"], "name": cells["姓名"], "gender": cells["性别"], "team": team,
              "role": cells["职务"], "phone": str(cells["联系电话"]), "joined": cells["入队日期"].date()}
    members.append(member)
data = {"teams": [{"id": i, "name": n} for n, i in teams.items()], "members": members}
with open(sys.argv[2], "w", encoding="utf-8") as handle:
    yaml.safe_dump(data, handle, allow_unicode=True, sort_keys=False)
"""


def make_sheet(path: Path, rows: int) -> None:
    import xlsxwriter

    rng = random.Random(20261201)
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet("花名册")
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    for n in range(1, rows + 1):
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        team = f"{rng.choice('东南西北中')}片区第{n % 40 + 1}巡防队"
        phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        sheet.write_row(n, 0, [f"X{n:05d}", name, rng.choice("男女"), team, "队员", phone])
        sheet.write_datetime(n, 6, dt.datetime(2019, 1, 1) + dt.timedelta(days=rng.randrange(2000)), dates)
    workbook.close()


def timed(command: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """(wall s, CPU s, peak RSS MB, output) of one command in its own process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    wrapped = ["/usr/bin/time", "-f", "%M", *command] if Path("/usr/bin/time").exists() else command
    done = subprocess.run(wrapped, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    timed_by_gnu = wrapped is not command
    peak = int(done.stderr.strip().splitlines()[-1]) // 1024 if timed_by_gnu else after.ru_maxrss // 1024
    return wall, cpu, peak, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="work in this folder and leave it (default: a temporary)")
    parser.add_argument(
        "--rev", help="also time the three imports with this commit's generator (git archive)"
    )
    parser.add_argument("--no-baseline", action="store_true", help="leave out the openpyxl + PyYAML baseline")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="pingan-roster-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        sheet = work / f"花名册-{args.rows}.xlsx"
        if not sheet.exists():
            make_sheet(sheet, args.rows)
        load = os.getloadavg()[0]
        results = {}
        if args.rev:  # the same three imports with the commit's code, on their own copy of the project
            side = export_generator(args.rev, work / "rev")
            project = fresh_project(work / "project-rev")
            command = [
                str(PYTHON),
                "-P",
                "-c",
                SIDE_RUNNER,
                str(side),
                "-C",
                str(project),
                "roster",
                "import",
                str(sheet),
            ]
            for step in STEPS:
                results[f"{args.rev}：{step}"] = timed(command, side)
        project = fresh_project(work / "project")
        pingan = [str(ROOT / ".venv/bin/pingan"), "-C", str(project), "roster", "import", str(sheet)]
        for step in STEPS:
            results[f"pingan {step}"] = timed(pingan, ROOT)
        if not args.no_baseline:
            baseline = [str(PYTHON), "-c", BASELINE, str(sheet), str(work / "baseline-roster.yml")]
            results[BASELINE_NAME] = timed(baseline, ROOT)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{args.rows} 行花名册，开始时 1 分钟负载 {load:.1f}")
    print(f"{'':40} {'wall s':>8} {'CPU s':>8} {'峰值 MB':>8}")
    for name, (wall, cpu, peak, _) in results.items():
        print(f"{name:40} {wall:8.2f} {cpu:8.2f} {peak:8d}")
    if BASELINE_NAME in results:
        base_cpu = results[BASELINE_NAME][1]
        for name, (_, cpu, _, said) in list(results.items())[-4:-1]:
            print(f"基线 ÷ {name}（CPU）: {base_cpu / cpu:.2f}   输出：{said}")


STEPS = (
    "roster import（首次，新增全部）",
    "roster import（再导一次，无变化）",
    "roster import（第三次，项目缓存已有）",
)
BASELINE_NAME = "基线：openpyxl 逐行读 + PyYAML 整体写"


def fresh_project(project: Path) -> Path:
    """A copy of the example project (its content and quizzes), without a roster import yet."""
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir()
    shutil.copy(ROOT / "site_config.yml", project)
    for folder in ("content", "quizzes"):
        shutil.copytree(ROOT / folder, project / folder)
    return project


if __name__ == "__main__":
    main()
