"""`pingan serve` fixtures: a project of 40 members in three teams, a session app on a real
records database (SQLite file, or PostgreSQL when PINGAN_TEST_POSTGRES_URL is set), and a
real uvicorn server on 127.0.0.1 that a test can stop and start again on the same port."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.content import Project, load_project
from generator.scorer.database import RecordsDB
from generator.serve.app import create_app
from generator.serve.log import WriteLog
from generator.serve.records import SessionRecords
from generator.serve.settings import Limits, SessionSettings
from tests.conftest import SCAFFOLD, write_files
from tests.databases import KINDS, database_url

CODE, PIN = "246810", "135790"
DAY = dt.date(2024, 9, 15)

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"
GIVEN = ["建国", "秀英", "海燕"]
TEAMS = [("patrol", "巡防一队"), ("guards", "保安联防队"), ("volunteers", "平安志愿者")]


def roster_40() -> str:
    """40 members (S001–S040) in three teams; two with a phone and an ID number, never to be served."""
    lines = ["teams:"]
    lines += [f"  - id: {tid}\n    name: {name}" for tid, name in TEAMS]
    lines.append("members:")
    for n in range(1, 41):
        name = SURNAMES[(n - 1) % 20] + GIVEN[(n - 1) // 20]
        lines.append(f"  - id: S{n:03d}\n    name: {name}\n    team: {TEAMS[n % 3][0]}")
    lines[-1] += '\n    phone: "13912345678"\n    id_number: "500999199001010025"'
    return "\n".join(lines) + "\n"


BANK = """\
id: bank-serve
title: 会场练习
mode: practice
questions:
  - id: s1
    type: single
    stem: 巡查中发现火情，第一步做什么？
    options:
      A: 拨打 119 并报告值班室
      B: 先拍照发朋友圈
    answer: A
  - id: s2
    type: multiple
    stem: 哪些属于巡查日志要记的内容？
    options:
      A: 人员到位
      B: 隐患处置
      C: 个人爱好
    answer: [A, B]
  - id: s3
    type: true_false
    stem: 每季度至少组织一次实战演练。
    answer: true
"""


def module_for(month: str) -> str:
    return f"""\
id: m-serve
title: 会场培训：巡查与报告
month: "{month}"
kind: training
category: 安全知识
duration: 60
place: 乡政府三楼会议室
trainer: 王教员
body: |
  本月在会议室集中培训。
quizzes: [bank-serve, basics]
"""


def make_project(root: Path, month: str) -> Path:
    shutil.copytree(SCAFFOLD, root)
    write_files(
        root,
        {
            "content/roster.yml": roster_40(),
            "quizzes/bank-serve.yml": BANK,
            "content/modules/m-serve.yml": module_for(month),
        },
    )
    return root


@pytest.fixture(params=KINDS)
def records_url(request, tmp_path):
    yield from database_url(request.param, tmp_path)


@pytest.fixture(scope="session")
def serve_project(tmp_path_factory) -> Project:
    """The 40-member project, loaded once; a placeholder team site (the API tests need none)."""
    root = make_project(tmp_path_factory.mktemp("serve") / "proj", DAY.strftime("%Y-%m"))
    site = root / "site" / "team"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>团队站点</title><p>首页</p>", encoding="utf-8")
    return load_project(root)


@dataclass
class Session:
    project: Project
    db: RecordsDB
    log: WriteLog
    records: SessionRecords
    settings: SessionSettings
    app: object

    def restarted(self) -> Session:
        """A new server process on the same database and log (what a restart after kill -9 sees)."""
        return open_session(self.project, self.db.url, self.log.folder, self.settings)


def open_session(project: Project, url: str, log_dir: Path, settings: SessionSettings) -> Session:
    db = RecordsDB(url)
    log = WriteLog(log_dir)
    records = SessionRecords(project, db, log, settings.today)
    return Session(project, db, log, records, settings, create_app(project, records, settings))


@pytest.fixture
def make_session(serve_project, records_url, tmp_path):
    opened: list[Session] = []

    def make(
        limits: Limits | None = None, day: dt.date | None = DAY, project: Project | None = None
    ) -> Session:
        settings = SessionSettings(CODE, PIN, day, limits or Limits())
        session = open_session(project or serve_project, records_url, tmp_path / "serve-log", settings)
        opened.append(session)
        return session

    yield make
    for session in opened:
        session.db.close()


@pytest.fixture
def client(make_session):
    """(session, Starlette TestClient) with the right code and PIN in reach."""
    from starlette.testclient import TestClient

    session = make_session()
    with TestClient(session.app) as test_client:
        yield session, test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """uvicorn in a thread on 127.0.0.1: start, stop (the tablets see it gone), start again."""

    def __init__(self, app, port: int | None = None):
        self.app = app
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self._server = None
        self._thread: threading.Thread | None = None

    def start(self) -> LiveServer:
        import uvicorn

        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, lifespan="off", log_level="warning"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        while not self._server.started:  # a condition, not a delay
            if not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            threading.Event().wait(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._thread.join(timeout=30)
            self._server = None
