"""Load benchmark of `pingan serve`: a room of tablets on loopback, then proof that nothing was lost.

    .venv/bin/python bench/serve_bench.py [--tablets 60] [--seconds 60] [--max-requests 20000]

A scratch project (the `pingan init` scaffold, a roster of --tablets members, a 10-question
bank) is served by a real `pingan serve` process on 127.0.0.1 with an SQLite records file.
Each simulated tablet is an asyncio task with its own HTTP client bound to its own loopback
address (127.0.0.11, 127.0.0.12, …), so the server's per-client limits apply as in a room.
For --seconds each tablet thinks 1–5 s (random), then submits a new quiz result (55 %),
signs in through the /signin form (25 %), or sends one of its acknowledged results again, as a
tablet that missed the answer would (20 %). Then all tablets submit a result at the same moment
(the burst). The trainer's board is read every 5 s throughout.

Baseline, in the same run: GET /api/ping (the same server, no database), timed the same way.

Afterwards the server is stopped and the records database is read directly: every result the
server acknowledged as "saved" must be there exactly once, every "duplicate" must be one that was
saved before, and the attendance rows must be exactly the members whose sign-in was acknowledged.
Loopback only; bounded by --seconds and --max-requests. Results: stdout and bench/out/serve.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

import httpx2  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from generator.scorer.database import RecordsDB  # noqa: E402
from generator.scorer.tables import Attempt, Attendance  # noqa: E402

CODE, PIN = "482916", "731905"
QUESTIONS = 10
PINGAN = Path(sys.executable).parent / "pingan"


def write_project(root: Path, members: int) -> None:
    shutil.copytree(ROOT / "generator" / "scaffold", root)
    roster = ["teams:", "  - id: patrol", "    name: 巡防队", "members:"]
    roster += [f"  - id: B{n:03d}\n    name: 队员{n:03d}\n    team: patrol" for n in range(1, members + 1)]
    (root / "content" / "roster.yml").write_text("\n".join(roster) + "\n", encoding="utf-8")
    bank = ["id: bank-load", "title: 压力测试题库", "mode: practice", "questions:"]
    for q in range(1, QUESTIONS + 1):
        bank += [
            f"  - id: q{q}",
            "    type: single",
            f"    stem: 第 {q} 题",
            "    options:",
            "      A: 甲",
            "      B: 乙",
            "      C: 丙",
            f"    answer: {'ABC'[q % 3]}",
        ]
    (root / "quizzes" / "bank-load.yml").write_text("\n".join(bank) + "\n", encoding="utf-8")
    site = root / "site" / "team"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><p>首页</p>", encoding="utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(root: Path, port: int, day: dt.date) -> subprocess.Popen:
    command = [PINGAN, "serve", str(root), "--host", "127.0.0.1", "--port", str(port)]
    command += ["--code", CODE, "--pin", PIN, "--date", day.isoformat(), "--no-build"]
    env = {k: v for k, v in os.environ.items() if k != "PINGAN_DATABASE_URL"}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(process.stderr.read().decode())
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/api/ping", timeout=2).status_code == 200:
                return process
        except httpx2.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("pingan serve did not start")


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)
    saved: dict[str, int] = field(default_factory=dict)  # result key → times acknowledged "saved"
    duplicates: list[str] = field(default_factory=list)  # result keys acknowledged "duplicate"
    signed_in: set[str] = field(default_factory=set)
    requests: int = 0

    def note(self, kind: str, seconds: float, status: int) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        counts = self.statuses.setdefault(kind, {})
        counts[status] = counts.get(status, 0) + 1
        self.requests += 1


class Tablet:
    def __init__(self, number: int, url: str, day: dt.date, tally: Tally, rng: random.Random):
        self.member = f"B{number:03d}"
        self.tally, self.rng, self.day = tally, rng, day
        transport = httpx2.AsyncHTTPTransport(local_address=f"127.0.0.{10 + number}")
        self.http = httpx2.AsyncClient(base_url=url, transport=transport, timeout=30)
        self.sent: list[tuple[str, dict]] = []
        self.clock = dt.datetime.combine(day, dt.time(9)).astimezone()

    async def timed(self, kind: str, method: str, path: str, **kwargs) -> httpx2.Response | None:
        started = time.perf_counter()
        try:
            response = await self.http.request(method, path, **kwargs)
        except httpx2.TransportError:
            self.tally.note(kind, time.perf_counter() - started, 0)
            return None
        self.tally.note(kind, time.perf_counter() - started, response.status_code)
        return response

    def new_result(self) -> dict:
        self.clock += dt.timedelta(seconds=1 + self.rng.randrange(60))  # each attempt its own moment
        answers = {f"q{q}": self.rng.choice("ABC") for q in range(1, QUESTIONS + 1)}
        return {
            "format": "pingan-quiz-result/1",
            "member": self.member,
            "bank": "bank-load",
            "finished": self.clock.isoformat(timespec="seconds"),
            "answers": answers,
        }

    async def submit(self, kind: str, document: dict) -> None:
        key = json.dumps(document, sort_keys=True)
        response = await self.timed(
            kind, "POST", "/api/results", json=document, headers={"X-Pingan-Code": CODE}
        )
        if response is None or response.status_code != 200:
            return
        if response.json()["status"] == "saved":
            self.tally.saved[key] = self.tally.saved.get(key, 0) + 1
            self.sent.append((key, document))
        else:
            self.tally.duplicates.append(key)

    async def sign_in(self) -> None:
        form = await self.timed("signin form", "GET", "/signin")
        if form is None or form.status_code != 200:
            return
        token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
        data = {"csrf": token, "code": CODE, "member": self.member}
        response = await self.timed("signin post", "POST", "/signin", data=data)
        if response is not None and response.status_code == 200:
            self.tally.signed_in.add(self.member)

    async def run(self, deadline: float, max_requests: int) -> None:
        while time.monotonic() < deadline and self.tally.requests < max_requests:
            await asyncio.sleep(self.rng.uniform(1, 5))
            if time.monotonic() >= deadline:
                break
            roll = self.rng.random()
            if roll < 0.55:
                await self.submit("result", self.new_result())
            elif roll < 0.80:
                await self.sign_in()
            elif self.sent:
                await self.submit("result again", self.rng.choice(self.sent)[1])
            await self.timed("ping (baseline)", "GET", "/api/ping")


async def trainer(url: str, day: dt.date, tally: Tally, deadline: float) -> None:
    headers = {"X-Pingan-Code": CODE, "X-Pingan-Pin": PIN}
    transport = httpx2.AsyncHTTPTransport(local_address="127.0.0.2")
    async with httpx2.AsyncClient(base_url=url, transport=transport, timeout=30) as http:
        session = {
            "date": day.isoformat(),
            "type": "培训",
            "course": "压力测试",
            "place": "会议室",
            "trainer": "教员",
        }
        assert (await http.post("/api/session", json=session, headers=headers)).status_code == 200
        while time.monotonic() < deadline:
            started = time.perf_counter()
            response = await http.get("/api/board", headers=headers)
            tally.note("board", time.perf_counter() - started, response.status_code)
            await asyncio.sleep(5)


async def load(url: str, day: dt.date, args: argparse.Namespace) -> tuple[Tally, dict]:
    tally = Tally()
    rng = random.Random(args.seed)
    tablets = [Tablet(n, url, day, tally, random.Random(rng.random())) for n in range(1, args.tablets + 1)]
    started = time.monotonic()
    deadline = started + args.seconds
    await asyncio.gather(
        trainer(url, day, tally, deadline), *(t.run(deadline, args.max_requests) for t in tablets)
    )
    steady = time.monotonic() - started
    steady_requests = tally.requests
    burst_started = time.perf_counter()
    await asyncio.gather(*(t.submit("burst", t.new_result()) for t in tablets))
    burst = {"tablets": len(tablets), "seconds": time.perf_counter() - burst_started}
    for tablet in tablets:
        await tablet.http.aclose()
    return tally, {"steady_seconds": steady, "steady_requests": steady_requests, "burst": burst}


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    cut = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return {"n": len(ordered), "p50": cut[49] * 1000, "p95": cut[94] * 1000, "p99": cut[98] * 1000}


def check(root: Path, tally: Tally) -> dict:
    with RecordsDB(f"sqlite:///{root / 'records' / 'pingan.db'}") as db, db.session() as session:
        attempts = session.scalar(select(func.count()).select_from(Attempt))
        distinct = session.scalar(select(func.count(func.distinct(Attempt.fingerprint))))
        attendance = set(session.scalars(select(Attendance.member_id)))
    saved_twice = [k for k, n in tally.saved.items() if n > 1]
    unknown_duplicates = [k for k in tally.duplicates if k not in tally.saved]
    return {
        "acknowledged_saved": len(tally.saved),
        "acknowledged_duplicate": len(tally.duplicates),
        "attempts_in_db": attempts,
        "distinct_fingerprints_in_db": distinct,
        "saved_twice": len(saved_twice),
        "duplicate_never_saved": len(unknown_duplicates),
        "signed_in_acknowledged": len(tally.signed_in),
        "attendance_rows_in_db": len(attendance),
        "ok": attempts == distinct == len(tally.saved)
        and not saved_twice
        and not unknown_duplicates
        and attendance == tally.signed_in,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tablets", type=int, default=60, choices=range(1, 201), metavar="N")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    args.seconds = min(args.seconds, 600.0)
    day = dt.date.today()
    with tempfile.TemporaryDirectory(prefix="pingan-serve-bench-") as scratch:
        root = Path(scratch) / "proj"
        write_project(root, args.tablets)
        port = free_port()
        server = start_server(root, port, day)
        try:
            tally, timing = asyncio.run(load(f"http://127.0.0.1:{port}", day, args))
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)
        integrity = check(root, tally)
    report = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "tablets": args.tablets,
        "timing": timing,
        "requests_per_second": timing["steady_requests"] / timing["steady_seconds"],
        "latency_ms": {kind: percentiles(values) for kind, values in tally.latencies.items()},
        "statuses": tally.statuses,
        "integrity": integrity,
    }
    print_report(report)
    out = BENCH / "out"
    out.mkdir(exist_ok=True)
    (out / "serve.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if integrity["ok"] else 1


def print_report(report: dict) -> None:
    timing = report["timing"]
    print(
        f"{report['tablets']} tablets, {timing['steady_seconds']:.0f} s: "
        f"{timing['steady_requests']} requests, "
        f"{report['requests_per_second']:.1f}/s (1-minute load before: {report['machine']['load'][0]:.1f})"
    )
    print(f"{'kind':<18}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}  statuses")
    for kind, row in sorted(report["latency_ms"].items()):
        statuses = ", ".join(f"{code}×{n}" for code, n in sorted(report["statuses"][kind].items()))
        print(f"{kind:<18}{row['n']:>7}{row['p50']:>10.1f}{row['p95']:>10.1f}{row['p99']:>10.1f}  {statuses}")
    burst = timing["burst"]
    print(f"burst: {burst['tablets']} results at once, all answered in {burst['seconds'] * 1000:.0f} ms")
    integrity = report["integrity"]
    print(
        "integrity: {acknowledged_saved} saved + {acknowledged_duplicate} duplicate acknowledged; "
        "{attempts_in_db} attempts in the database ({distinct_fingerprints_in_db} distinct); "
        "saved twice {saved_twice}; duplicate of nothing {duplicate_never_saved}; "
        "sign-ins {signed_in_acknowledged} acknowledged, {attendance_rows_in_db} attendance rows → ".format(
            **integrity
        )
        + ("OK" if integrity["ok"] else "FAILED")
    )


if __name__ == "__main__":
    sys.exit(main())
