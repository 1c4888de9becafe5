"""A records database that cannot be used (read-only, locked, corrupt, written by a
newer pingan, someone else's, unreachable) gives one Chinese message naming it and
what to do, exit 1, from every command that opens it, and is never changed.
`pingan build` still builds the sites, without 台账统计, and says why.

Runs on SQLite and PostgreSQL (``db_url``) where the fault exists on both."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from generator.scorer import database
from generator.scorer.database import RecordsDB
from tests.databases import PG_URL

from .test_imports import ATTENDANCE_HEADER, counts, result_file, write_csv

SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
NOT_POSTGRES = "记录数据库服务器"  # no server message for SQLite files, and the reverse


def july_sheet(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "7月考勤.csv",
        [ATTENDANCE_HEADER, ["2024-07-05", "培训", "m01", "会议室", "", "M001", "", "出勤"]],
    )


def every_command(root: Path, tmp_path: Path) -> dict[str, list[str]]:
    """The commands that open the records database, each with what it needs."""
    answers = result_file(tmp_path, "r.json", {"q1": "B", "q2": True})
    ledger = tmp_path / "台账.xlsx"
    return {
        "attendance": ["-C", str(root), "attendance", "import", str(july_sheet(tmp_path))],
        "answers": ["-C", str(root), "answers", "import", str(answers)],
        "report": ["-C", str(root), "report", "--year", "2024"],
        # Through the driver alone when the database is at the newest schema (scorer.plainread):
        "report-json": ["-C", str(root), "report", "--year", "2024", "--format", "json"],
        "report-xlsx": ["-C", str(root), "report", "--year", "2024", "--format", "xlsx", "-o", str(ledger)],
        "demo": ["-C", str(root), "demo-records", "--members", "1", "--months", "1"],
        "sessions": ["-C", str(root), "sessions", "list"],
        "remove": ["-C", str(root), "sessions", "remove", "1", "--yes"],
        "set": ["-C", str(root), "attendance", "set", "M001", "1", "请假", "--reason", "补假条"],
        "log": ["-C", str(root), "records", "log"],
        "reset": ["-C", str(root), "records", "reset", "--yes"],
        "scan": ["-C", str(root), "answers", "scan"],
    }


EVERY_COMMAND = [
    "attendance",
    "answers",
    "report",
    "report-json",
    "report-xlsx",
    "demo",
    "sessions",
    "remove",
    "set",
    "log",
    "reset",
    "scan",
]


def fingerprint(db_url: str) -> str:
    """What the database holds: the file's bytes, or every row of every table on a server."""
    if db_url.startswith("sqlite"):
        path = Path(db_url.removeprefix("sqlite:///"))
        wal = Path(f"{path}-wal")  # committed but not yet checkpointed writes live here
        contents = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        return hashlib.sha256(contents).hexdigest()
    engine = create_engine(db_url)
    with engine.connect() as connection:
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ).scalars()
        dump = {
            t: [list(map(str, r)) for r in connection.execute(text(f'SELECT * FROM "{t}"'))] for t in tables
        }
    engine.dispose()
    return json.dumps(dump, sort_keys=True)


def without_warnings(err: str) -> str:
    """The errors of a run (the scaffold's example member joined in 2025: July 2024 is a warning)."""
    return "".join(line for line in err.splitlines(True) if "[警告]" not in line)


def label(db_url: str) -> str:
    return db_url.removeprefix("sqlite:///") if db_url.startswith("sqlite") else db_url


def unprivileged(*args: str) -> tuple[int, str, str]:
    """pingan in a child process to which file permissions apply (as root: without its override)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: file permissions cannot refuse anything")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    done = subprocess.run(
        [
            *prefix,
            sys.executable,
            "-c",
            "import sys; from generator.cli import main; sys.exit(main())",
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


# --- read-only -------------------------------------------------------------------------------


def test_a_read_only_database_is_refused_by_imports_and_still_read_by_reports(
    records_project, db_url, tmp_path, run
):
    root = str(records_project)
    assert run("-C", root, "attendance", "import", str(july_sheet(tmp_path)))[0] == 0
    august = write_csv(
        tmp_path / "8月考勤.csv",
        [ATTENDANCE_HEADER, ["2024-08-05", "培训", "m01", "会议室", "", "M002", "", "出勤"]],
    )
    if db_url.startswith("sqlite"):
        path = Path(label(db_url))
        path.chmod(0o444)
        expected = (
            f"记录数据库 {path} 是只读的，无法写入 — 请让当前用户能写这个文件和它所在的文件夹"
            "（去掉“只读”属性，不要放在光盘、只读 U 盘或别人的文件夹里）；或把 PINGAN_DATABASE_URL 指向一个可写的位置\n"
        )
        runner = unprivileged
    else:
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            name = db_url.rsplit("/", 1)[1]
            connection.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
        admin.dispose()
        expected = (
            f"记录数据库 {db_url} 不允许写入（只读连接或没有写权限）：cannot execute INSERT in a read-only "
            "transaction — 请数据库管理员给这个用户写权限，或换一个可写的用户名\n"
        )
        runner = run
    before = fingerprint(db_url)
    code, out, err = runner("-C", root, "attendance", "import", str(august))
    assert (code, out, err) == (1, "", expected)
    assert fingerprint(db_url) == before
    code, out, err = runner("-C", root, "report", "--year", "2024", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["members"][0]["trainings_by_month"]["2024-07"] == 1


@SQLITE_ONLY
def test_a_read_only_folder_is_named_whether_or_not_the_database_exists(
    records_project, db_url, tmp_path, monkeypatch
):
    folder = Path(label(db_url)).parent / "locked-away"
    folder.mkdir()
    monkeypatch.setenv("PINGAN_DATABASE_URL", f"sqlite:///{folder / 'records.db'}")
    sheet = str(july_sheet(tmp_path))
    folder.chmod(0o555)
    code, _, err = unprivileged("-C", str(records_project), "attendance", "import", sheet)
    assert code == 1
    assert err == (
        f"无法打开或创建记录数据库 {folder / 'records.db'} — 确认所在文件夹存在且当前用户可以写入，并且这个路径不是一个文件夹；"
        "数据库位置由 site_config.yml 的 records.database 或环境变量 PINGAN_DATABASE_URL 指定\n"
    )
    assert list(folder.iterdir()) == []
    folder.chmod(0o755)
    RecordsDB(os.environ["PINGAN_DATABASE_URL"]).close()  # a database, but its folder is read-only
    folder.chmod(0o555)
    before = (folder / "records.db").read_bytes()
    code, _, err = unprivileged("-C", str(records_project), "attendance", "import", sheet)
    assert code == 1 and err.startswith(f"记录数据库 {folder / 'records.db'} 是只读的，无法写入 — "), err
    assert (folder / "records.db").read_bytes() == before
    folder.chmod(0o755)


# --- locked ----------------------------------------------------------------------------------

HOLD_SQLITE = textwrap.dedent(
    """\
    import sqlite3, sys
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    connection.execute("INSERT INTO attendance (session_id, member_id, status) VALUES (1, 'M003', 'late')")
    print("holding", flush=True)
    sys.stdin.readline()
    connection.execute("ROLLBACK")
    """
)


@pytest.mark.parametrize("command", ["import", "set", "remove", "reset"])
def test_a_locked_database_waits_then_names_who_holds_it(
    records_project, db_url, tmp_path, run, monkeypatch, command
):
    root = str(records_project)
    assert run("-C", root, "attendance", "import", str(july_sheet(tmp_path)))[0] == 0
    monkeypatch.setattr(database, "BUSY_SECONDS", 0.2)  # how long it waits; nothing depends on it
    august = write_csv(
        tmp_path / "8月考勤.csv",
        [ATTENDANCE_HEADER, ["2024-08-05", "培训", "m01", "会议室", "", "M002", "", "出勤"]],
    )
    args = {
        "import": ["attendance", "import", str(august)],
        "set": ["attendance", "set", "M001", "1", "请假", "--reason", "补交请假条"],
        "remove": ["sessions", "remove", "1", "--yes"],
        "reset": ["records", "reset", "--yes"],
    }[command]
    if db_url.startswith("sqlite"):
        script = tmp_path / "hold.py"
        script.write_text(HOLD_SQLITE, encoding="utf-8")
        holder = subprocess.Popen(
            [sys.executable, str(script), label(db_url)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout.readline() == "holding\n"
        who = f"进程 {holder.pid}：" + f"{sys.executable} {script} {label(db_url)}"[:80]
        release = holder.communicate
    else:
        engine = create_engine(db_url)
        connection = engine.connect()
        connection.execute(text("LOCK TABLE training_sessions IN ACCESS EXCLUSIVE MODE"))
        who = "另一个程序正在写它"

        def release(_: str) -> None:
            connection.rollback()
            connection.close()
            engine.dispose()

    try:
        code, out, err = run("-C", root, *args)
    finally:
        release("\n")
    assert code == 1 and out == ""
    assert err.startswith(f"记录数据库 {label(db_url)} 正被另一个程序占用（{who}"), err
    assert err.endswith(
        "），等了 0.2 秒仍未释放，本次什么也没有写入 — 等另一次导入或生成结束后再试；如果那个程序已经卡住，先关闭它\n"
    )
    assert counts(db_url)[:2] == (1, 1)  # neither the holder's row nor ours
    code, out, err = run("-C", root, *args)
    assert (code, err) == (0, "")  # released: the same command now goes through


# --- corrupt ---------------------------------------------------------------------------------


CORRUPT_HINT = "不要再写入这个文件：从备份恢复它；没有备份时把它改名移走，pingan 会新建一个空数据库，再重新导入考勤和作答"


@SQLITE_ONLY
@pytest.mark.parametrize("command", EVERY_COMMAND)
def test_garbage_bytes_are_named_a_corrupt_database_by_every_command(
    records_project, db_url, tmp_path, run, command
):
    path = Path(label(db_url))
    garbage = bytes(range(256)) * 64
    path.write_bytes(garbage)
    code, out, err = run(*every_command(records_project, tmp_path)[command])
    assert (code, out) == (1, "")
    assert err == f"记录数据库 {path} 已损坏，或不是 SQLite 数据库（文件内容不是数据库） — {CORRUPT_HINT}\n"
    assert path.read_bytes() == garbage


@SQLITE_ONLY
def test_a_malformed_database_is_named_corrupt(records_project, db_url, tmp_path, run):
    root = str(records_project)
    assert run("-C", root, "attendance", "import", str(july_sheet(tmp_path)))[0] == 0
    path = Path(label(db_url))
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xab" * (len(data) - 4096)  # the header survives, every table page is overwritten
    path.write_bytes(bytes(data))
    code, _, err = run("-C", root, "report", "--year", "2024")
    assert code == 1
    assert err == f"记录数据库 {path} 已损坏，或不是 SQLite 数据库（文件内部结构损坏） — {CORRUPT_HINT}\n"
    assert path.read_bytes() == bytes(data)


@SQLITE_ONLY
def test_build_without_a_readable_database_builds_the_sites_without_the_ledger(
    records_project, db_url, tmp_path, run
):
    path = Path(label(db_url))
    path.write_bytes(b"not a database, just text a clerk saved over it\n" * 100)
    code, _, err = run("build", "-q", "--no-print", str(records_project))
    assert code == 0, err
    assert err == (
        f"[警告] 团队站点这次没有“台账统计”栏目：记录数据库 {path} 已损坏，或不是 SQLite 数据库（文件内容不是数据库） — "
        f"{CORRUPT_HINT}\n"
    )
    team, public = records_project / "site/team", records_project / "site/public"
    assert (team / "index.html").is_file() and (public / "index.html").is_file()
    assert not (team / "records").exists()
    assert "台账统计" not in (team / "index.html").read_text(encoding="utf-8")
    # The same build with a good database has the section: the check above can fail.
    path.unlink()
    assert run("-C", str(records_project), "attendance", "import", str(july_sheet(tmp_path)))[0] == 0
    code, _, err = run("build", "-q", "--no-print", str(records_project))
    assert code == 0 and err == ""
    assert (team / "records/index.html").is_file()
    assert "台账统计" in (team / "index.html").read_text(encoding="utf-8")


# --- newer schema, someone else's tables -----------------------------------------------------------


@pytest.mark.parametrize("command", EVERY_COMMAND)
def test_a_database_from_a_newer_pingan_is_left_alone(records_project, db_url, tmp_path, run, command):
    RecordsDB(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    before = fingerprint(db_url)
    code, out, err = run(*every_command(records_project, tmp_path)[command])
    assert (code, out) == (1, "")
    assert err == (
        f"记录数据库 {label(db_url)} 的结构版本是 0099，这个 pingan（0.1.0）只认识到 0003：它由更新版本的 pingan 写入过"
        " — 请把 pingan 升级到写入它的那个版本或更新的版本后再用；不要删除或重建这个数据库\n"
    )
    assert fingerprint(db_url) == before


def test_a_database_holding_other_tables_is_not_taken_over(records_project, db_url, tmp_path, run):
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount INTEGER)"))
        connection.execute(text("INSERT INTO invoices VALUES (1, 100)"))
    engine.dispose()
    before = fingerprint(db_url)
    code, _, err = run(*every_command(records_project, tmp_path)["attendance"])
    assert code == 1
    assert err == (
        f"{label(db_url)} 已经有别的数据表（invoices），不是 pingan 的记录数据库 — 请为 pingan 使用一个单独的空数据库或新文件；"
        "数据库位置由 site_config.yml 的 records.database 或环境变量 PINGAN_DATABASE_URL 指定\n"
    )
    assert fingerprint(db_url) == before


# --- servers ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_server_is_named_without_its_password(project, tmp_path, run, monkeypatch):
    port = free_port()
    monkeypatch.setenv("PINGAN_DATABASE_URL", f"postgresql+psycopg://clerk:s3cret@127.0.0.1:{port}/records")
    root = project()
    for args in every_command(root, tmp_path).values():
        code, out, err = run(*args)
        assert (code, out) == (1, "")
        assert without_warnings(err).startswith(
            f"连不上记录数据库服务器 postgresql+psycopg://clerk@127.0.0.1:{port}/records：connection failed: "
        ), err
        assert err.endswith(
            " — 确认 PostgreSQL 服务已启动、主机和端口正确、网络可以连通；"
            "数据库位置由 site_config.yml 的 records.database 或环境变量 PINGAN_DATABASE_URL 指定\n"
        )
        assert "s3cret" not in err
    code, _, err = run("build", "-q", "--no-print", str(root))
    assert code == 0 and err.startswith("[警告] 团队站点这次没有“台账统计”栏目：连不上记录数据库服务器 ")


@pytest.mark.skipif(not PG_URL, reason="no PostgreSQL server")
def test_a_refused_login_and_a_missing_database_say_which(project, tmp_path, run, monkeypatch):
    server = PG_URL.rsplit("@", 1)[1].rsplit("/", 1)[0]
    root = project()
    sheet = str(july_sheet(tmp_path))
    monkeypatch.setenv("PINGAN_DATABASE_URL", f"postgresql+psycopg://nobody_here:pw@{server}/postgres")
    code, _, err = run("-C", str(root), "attendance", "import", sheet)
    assert code == 1
    assert without_warnings(err).startswith(
        f"记录数据库服务器拒绝了登录 postgresql+psycopg://nobody_here@{server}/postgres："
    )
    assert err.endswith(
        " — 核对数据库地址中的用户名和密码；数据库位置由 site_config.yml 的 records.database 或环境变量 PINGAN_DATABASE_URL 指定\n"
    )
    assert "pw@" not in err
    user = PG_URL.split("://", 1)[1].split("@", 1)[0]
    monkeypatch.setenv("PINGAN_DATABASE_URL", f"postgresql+psycopg://{user}@{server}/no_such_records")
    code, _, err = run("-C", str(root), "attendance", "import", sheet)
    assert code == 1
    assert without_warnings(err).startswith(
        f"记录数据库服务器上没有这个数据库 postgresql+psycopg://{user}@{server}/no_such_records："
    )
    assert err.endswith(" — 请先在服务器上建好它（例如 createdb），或改正地址中的数据库名\n")


def test_an_unusable_url_is_explained(project, tmp_path, run, monkeypatch):
    root = project()
    monkeypatch.setenv("PINGAN_DATABASE_URL", "mysql://clerk:s3cret@records.example/ledger")
    code, _, err = run("-C", str(root), "report", "--year", "2024")
    assert code == 1
    assert err.startswith("记录数据库地址 mysql://clerk@records.example/ledger 无法使用：No module named ")
    assert err.endswith(
        " — SQLite 写一个文件路径（如 records/pingan.db）；PostgreSQL 写 postgresql+psycopg://用户:密码@主机:端口/库名\n"
    )
