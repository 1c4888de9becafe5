"""`kill -9` of a real `pingan serve` process mid-session loses nothing it acknowledged, and
what a tablet sends again after the restart is stored once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from generator.scorer.database import RecordsDB
from generator.scorer.tables import Attempt, Attendance

from .conftest import CODE, DAY, PIN, free_port, make_project
from .test_api import AUTH, TRAINER, mark, result

PINGAN = Path(sys.executable).parent / "pingan"


def start(root: Path, port: int) -> subprocess.Popen:
    import httpx2

    process = subprocess.Popen(
        [
            *(PINGAN, "serve", str(root), "--host", "127.0.0.1", "--port", str(port)),
            *("--code", CODE, "--pin", PIN, "--date", DAY.isoformat(), "--no-build"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PINGAN_DATABASE_URL": ""},
    )
    deadline = time.monotonic() + 120  # loading the project on a busy machine; a bound, not a wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read().decode())
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/api/ping", timeout=2).status_code == 200:
                return process
        except httpx2.TransportError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("pingan serve did not answer")


def test_kill_9_loses_nothing_acknowledged_and_a_resend_is_stored_once(tmp_path, monkeypatch):
    import httpx2

    monkeypatch.delenv("PINGAN_DATABASE_URL", raising=False)
    root = make_project(tmp_path / "proj", DAY.strftime("%Y-%m"))
    (root / "site" / "team").mkdir(parents=True)
    (root / "site" / "team" / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    results = [result(member=f"S{n:03d}") for n in range(1, 21)]

    server = start(root, port)
    with httpx2.Client(base_url=url) as http:
        acknowledged = [http.post("/api/results", json=r, headers=AUTH).json()["status"] for r in results]
        marks = [
            http.post("/api/attendance", json=mark(member=f"S{n:03d}"), headers=TRAINER) for n in range(1, 11)
        ]
    assert acknowledged == ["saved"] * 20 and all(m.status_code == 200 for m in marks)
    server.send_signal(signal.SIGKILL)
    server.wait()
    server.stdout.close()

    with RecordsDB(f"sqlite:///{root / 'records' / 'pingan.db'}") as db, db.session() as session:
        assert session.scalar(select(func.count()).select_from(Attempt)) == 20
        assert session.scalar(select(func.count()).select_from(Attendance)) == 10

    server = start(root, port)
    try:
        with httpx2.Client(base_url=url) as http:
            again = [http.post("/api/results", json=r, headers=AUTH).json()["status"] for r in results]
            roll = http.get("/api/roll", headers=TRAINER).json()
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()
    assert again == ["duplicate"] * 20
    assert roll["session"]["course"] == "m-serve" and len(roll["statuses"]) == 10
    with RecordsDB(f"sqlite:///{root / 'records' / 'pingan.db'}") as db, db.session() as session:
        assert session.scalar(select(func.count()).select_from(Attempt)) == 20
    log = (root / "records" / "serve-log" / f"{DAY}.jsonl").read_text(encoding="utf-8")
    assert log.count('"outcome": "saved"') == 30 and log.count('"outcome": "duplicate"') == 20
