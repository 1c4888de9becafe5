"""`pingan answers scan`: result payloads typed by a USB scanner, one a line, imported as they
arrive with one line of feedback each; idempotent; Ctrl-C keeps what was scanned.

pingan runs as a child process with a real pipe as its standard input (as a scanner in
keyboard mode, or a shell redirect, gives it), on SQLite and PostgreSQL (``db_url``)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

from sqlalchemy import select

from generator.scorer.database import RecordsDB
from generator.scorer.importlog import log_rows
from generator.scorer.tables import Attempt

PROGRAM = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())"]


def payload(member: str, answers: dict, finished: str = "2024-06-05T19:10:00+08:00") -> str:
    """What the quiz's QR code holds: the result file's JSON on one line (JSON.stringify)."""
    document = {
        "format": "pingan-quiz-result/1",
        "member": member,
        "bank": "basics",
        "started": "2024-06-05T19:00:00+08:00",
        "finished": finished,
        "answers": answers,
        "score": 0,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def scan(root, typed: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [*PROGRAM, "-C", str(root), "answers", "scan"],
        input=typed.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def attempts(db_url) -> dict[str, float]:
    with RecordsDB(db_url) as db, db.session() as s:
        return dict(s.execute(select(Attempt.member_id, Attempt.score)).all())


def test_three_lines_one_bad(records_project, db_url):
    typed = "\r\n".join(  # a scanner set to send CR LF; a blank line from a double Enter
        [
            payload("M001", {"q1": "B", "q2": True}),
            '{"format":"pingan-quiz-result/1","member":"M002","bank":"basics"',  # cut short
            "",
            payload("M002", {"q1": "A", "q2": True}, "2024-06-06T08:00:00+08:00"),
        ]
    )
    code, out, err = scan(records_project, typed + "\r\n")
    lines = out.splitlines()
    assert lines[0] == "第 1 行：甲一（M001） basics 100 分 及格 — 已导入"
    assert lines[1].startswith("第 2 行：未导入 — 不是 pingan 练习结果文件")
    assert lines[2] == "第 4 行：乙二（M002） basics 50 分 未及格 — 已导入"
    assert lines[3] == "扫码结束：共 3 行，新增 2 份，已导入过 0 份，未导入 1 行"
    assert code == 2
    assert err.startswith("有 1 行没有导入（见上面各行的原因） — ")
    assert "Traceback" not in err
    assert attempts(db_url) == {"M001": 100.0, "M002": 50.0}

    # Scanning the same codes again stores nothing twice.
    code, out, _ = scan(records_project, typed + "\r\n")
    assert out.splitlines()[0] == "第 1 行：甲一（M001） basics 100 分 及格 — 已经导入过，未重复记录"
    assert "新增 0 份，已导入过 2 份，未导入 1 行" in out
    assert attempts(db_url) == {"M001": 100.0, "M002": 50.0}
    with RecordsDB(db_url) as db:
        scans = [r for r in log_rows(db) if r.action == "扫码导入"]
    assert [(r.source, r.added, r.unchanged) for r in scans] == [
        ("扫码第 1 行", 1, 0),
        ("扫码第 4 行", 1, 0),
        ("扫码第 1 行", 0, 1),
        ("扫码第 4 行", 0, 1),
    ]
    assert len({r.sha256 for r in scans}) == 2 and all(len(r.sha256) == 64 for r in scans)


def test_what_a_clerk_may_scan_by_mistake(records_project, db_url):
    lines = [
        payload("M999", {"q1": "B"}),  # not in the roster
        payload("同名", {"q1": "B"}),  # a name: the quiz only ever writes a 编号
        payload("M001", {"q9": "B"}),  # no such question
        "6901234567892",  # a product barcode
        "ｍ００１",
        "x" * 10_000,  # a stuck key
    ]
    code, out, err = scan(records_project, "\n".join(lines) + "\n")
    assert code == 2 and "Traceback" not in err and "内部错误" not in err
    out_lines = out.splitlines()
    assert out_lines[0] == (
        "第 1 行：未导入 — member: 编号“M999”不在花名册中（核对编号，或先用 pingan roster import 导入花名册）"
    )
    assert out_lines[1].startswith("第 2 行：未导入 — member: 编号“同名”不在花名册中")
    assert out_lines[2].startswith("第 3 行：未导入 — answers.q9: 题库 basics 中没有题号“q9”")
    assert out_lines[3].startswith("第 4 行：未导入 — format: 不是 pingan 练习结果文件")
    assert out_lines[4].startswith("第 5 行：未导入 — 不是 pingan 练习结果文件")
    assert out_lines[5] == (
        "第 6 行：未导入 — 这一行超过 8192 字节，不是一个练习结果二维码（一次只扫一个二维码；不要把文件内容粘贴进来）"
    )
    assert out_lines[6] == "扫码结束：共 6 行，新增 0 份，已导入过 0 份，未导入 6 行"
    assert attempts(db_url) == {}


def test_ctrl_c_keeps_what_was_scanned(records_project, db_url):
    child = subprocess.Popen(
        [*PROGRAM, "-C", str(records_project), "answers", "scan"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    child.stdin.write((payload("M001", {"q1": "B", "q2": True}) + "\n").encode("utf-8"))
    child.stdin.flush()
    # The feedback line arrives while pingan waits for the next scan: the result is committed.
    assert child.stdout.readline().decode("utf-8") == "第 1 行：甲一（M001） basics 100 分 及格 — 已导入\n"
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 128 + signal.SIGINT
    assert err.decode("utf-8") == (
        "扫码已中断：中断前新增的 1 份都已保存；正在扫的那一个（如果有）没有导入，重扫即可\n"
    )
    # What the interrupt kept, said last (the interrupt may land while rich still holds the
    # feedback line in its buffer, which then comes out again: only the last line is checked).
    assert out.decode("utf-8").splitlines()[-1] == "扫码结束：共 1 行，新增 1 份，已导入过 0 份，未导入 0 行"
    assert attempts(db_url) == {"M001": 100.0}
