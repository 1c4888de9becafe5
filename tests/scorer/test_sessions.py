"""Sessions seen and corrected: list, show, remove, attendance set, the import log, reset and
demo-records --replace, through the CLI on SQLite and PostgreSQL (``db_url``)."""

from __future__ import annotations

import getpass
import hashlib
import subprocess
import sys

from sqlalchemy import select

from generator.scorer.database import RecordsDB
from generator.scorer.importlog import LOG_COLUMNS, log_rows
from generator.scorer.tables import Attendance, AttendanceCorrection, TrainingSession

from .test_imports import ATTENDANCE_HEADER, counts, write_xlsx

JUNE = [
    ATTENDANCE_HEADER,
    ["2024-06-05", "培训", "m01", "会议室", "乡平安办", "M001", "", "出勤"],
    ["2024-06-05", "培训", "m01", "会议室", "乡平安办", "M002", "", "缺勤"],
    ["2024-06-05", "培训", "m01", "会议室", "乡平安办", "M003", "", "出勤"],
    ["2024-07-02", "演练", "夜间巡逻处置", "场镇主街", "派出所", "M001", "", "迟到"],
]


def june(root):
    return write_xlsx(root / "6月考勤.xlsx", JUNE)


def session_ids(db_url) -> dict[str, int]:
    with RecordsDB(db_url) as db, db.session() as s:
        return {x.date.isoformat(): x.id for x in s.scalars(select(TrainingSession))}


def statuses(db_url, session_id) -> dict[str, str]:
    with RecordsDB(db_url) as db, db.session() as s:
        rows = s.execute(
            select(Attendance.member_id, Attendance.status).where(Attendance.session_id == session_id)
        )
        return dict(rows.all())


def pingan_typed(root, typed: str, *args: str) -> tuple[int, str, str]:
    """pingan in a child process with ``typed`` on its standard input (someone at the keyboard)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from generator.cli import main; sys.exit(main())",
            "-C",
            str(root),
            *args,
        ],
        input=typed,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def test_list_show_set_remove_round_trip(records_project, db_url, run):
    root = str(records_project)
    assert run("-C", root, "attendance", "import", str(june(records_project)))[0] == 0
    ids = session_ids(db_url)
    training, drill = ids["2024-06-05"], ids["2024-07-02"]

    code, out, err = run("-C", root, "sessions", "list", "--month", "2024-06")
    assert (code, err) == (0, "")
    assert "场次（2024-06）" in out and "巡查日志的填写" in out and "夜间巡逻处置" not in out
    code, out, _ = run("-C", root, "sessions", "list", "--quarter", "2024Q3")
    assert code == 0 and "夜间巡逻处置（内容外课程）" in out and "巡查日志的填写" not in out
    code, out, _ = run("-C", root, "sessions", "list")
    assert code == 0 and out.index("2024-06-05") < out.index("2024-07-02")

    code, out, _ = run("-C", root, "sessions", "show", str(training))
    assert code == 0
    assert out.startswith(
        f"场次 {training}（2024-06-05 培训 m01 会议室）\n课程：巡查日志的填写\n培训人：乡平安办\n"
    )
    assert "考勤 3 条：出勤 2，缺勤 1" in out

    # A correction by name, then by 编号: the previous value and the reason are kept.
    code, out, err = run(
        "-C", root, "attendance", "set", "乙二", str(training), "请假", "--reason", "  补交了\n请假条 "
    )
    assert (code, err) == (0, "")
    assert (
        out
        == f"已更正：场次 {training}（2024-06-05 培训 m01 会议室） M002（乙二）缺勤 → 请假，原因：补交了 请假条\n"
    )
    code, out, _ = run("-C", root, "attendance", "set", "M002", str(training), "请假", "--reason", "再次确认")
    assert out == f"未变：场次 {training}（2024-06-05 培训 m01 会议室） M002（乙二）已经是请假\n"
    with RecordsDB(db_url) as db, db.session() as s:
        (correction,) = s.scalars(select(AttendanceCorrection)).all()
        assert (correction.previous, correction.status, correction.reason) == (
            "absent",
            "excused",
            "补交了 请假条",
        )
        assert correction.os_user == getpass.getuser()
    code, out, _ = run("-C", root, "sessions", "show", str(training))
    assert "缺勤 → 请假（补交了 请假条；" in out

    # Importing the original sheet again keeps the correction.
    code, out, _ = run("-C", root, "attendance", "import", str(june(records_project)))
    assert code == 0 and "另有 1 条与手工更正不同，保留了更正" in out
    assert statuses(db_url, training)["M002"] == "excused"

    # Removing asks; --yes does it; the other session is untouched.
    code, out, err = run("-C", root, "sessions", "remove", str(drill), "--yes")
    assert (
        code == 0
        and out
        == f"已删除场次 {drill}（2024-07-02 演练 夜间巡逻处置 场镇主街）和 1 条考勤（导入记录里留有这次删除）\n"
    )
    assert set(session_ids(db_url).values()) == {training}
    assert counts(db_url)[:2] == (1, 3)


def test_remove_asks_and_no_changes_nothing(records_project, db_url, run):
    root = str(records_project)
    run("-C", root, "attendance", "import", str(june(records_project)))
    training = session_ids(db_url)["2024-06-05"]
    code, out, err = pingan_typed(records_project, "n\n", "sessions", "remove", str(training))
    assert code == 1
    assert f"将删除场次 {training}（2024-06-05 培训 m01 会议室），连同 3 条考勤。确定吗？" in err
    assert "已取消，什么也没有改变" in err
    assert counts(db_url)[:2] == (2, 4)
    code, out, err = pingan_typed(
        records_project, "", "sessions", "remove", str(training)
    )  # nobody to answer
    assert code == 1 and "没有可以回答的终端 — 确认无误后加 --yes 再运行" in err
    assert counts(db_url)[:2] == (2, 4)
    code, out, err = pingan_typed(records_project, "y\n", "sessions", "remove", str(training))
    assert code == 0 and "已删除" in out
    assert counts(db_url)[:2] == (1, 1)


def test_wrong_ids_statuses_and_members_are_clear_errors(records_project, db_url, run):
    root = str(records_project)
    run("-C", root, "attendance", "import", str(june(records_project)))
    training = str(session_ids(db_url)["2024-06-05"])
    before = counts(db_url)
    cases = [
        (("sessions", "show", "999"), "没有编号为 999 的场次 — 用 pingan sessions list 查看场次编号"),
        (("sessions", "remove", "999", "--yes"), "没有编号为 999 的场次"),
        (("sessions", "show", "十二"), "场次编号应是数字，“十二”不是 — 用 pingan sessions list 查看场次编号"),
        (("attendance", "set", "M001", "999", "请假", "--reason", "x"), "没有编号为 999 的场次"),
        (("attendance", "set", "M001", training, "到了", "--reason", "x"), "状态“到了”无法识别"),
        (("attendance", "set", "M999", training, "请假", "--reason", "x"), "不在花名册中"),
        (("attendance", "set", "同名", training, "请假", "--reason", "x"), "花名册中有 2 名队员叫“同名”"),
        (("attendance", "set", "M001", training, "请假", "--reason", "   "), "更正考勤必须写明原因"),
        (("attendance", "set", "M001", training, "请假"), "更正考勤必须写明原因 — 用 --reason 写明原因"),
        (("attendance", "set", "M001", training, "请假", "--reason", "长" * 501), "超过 500 个字的上限"),
        (("sessions", "list", "--month", "2024-13"), "2024-13"),
    ]
    for args, expected in cases:
        code, out, err = run("-C", root, *args)
        assert code != 0 and out == "", args
        assert expected in err, (args, err)
        assert "Traceback" not in err and "内部错误" not in err, (args, err)
    assert counts(db_url) == before


def test_a_chinese_name_typed_with_spaces_finds_the_member(records_project, db_url, run):
    root = str(records_project)
    run("-C", root, "attendance", "import", str(june(records_project)))
    training = str(session_ids(db_url)["2024-06-05"])
    code, out, err = run("-C", root, "attendance", "set", " 乙　二 ", training, "迟到", "--reason", "看错了")
    assert (code, err) == (0, ""), err
    assert "M002（乙二）缺勤 → 迟到" in out


def test_the_import_log_records_every_import_and_correction(records_project, db_url, run):
    root = str(records_project)
    sheet = june(records_project)
    digest = hashlib.sha256(sheet.read_bytes()).hexdigest()
    run("-C", root, "attendance", "import", str(sheet))
    run("-C", root, "attendance", "import", str(sheet))
    training = str(session_ids(db_url)["2024-06-05"])
    run("-C", root, "attendance", "set", "M001", training, "迟到", "--reason", "路上堵车")
    run("-C", root, "sessions", "remove", training, "--yes")
    run("-C", root, "records", "reset", "--yes")
    with RecordsDB(db_url) as db:
        rows = log_rows(db)
    user = getpass.getuser()
    assert [(r.action, r.source, r.sha256, r.added, r.changed, r.unchanged, r.user) for r in rows] == [
        ("考勤导入", "6月考勤.xlsx", digest, 4, 0, 0, user),
        ("考勤导入", "6月考勤.xlsx", digest, 0, 0, 4, user),
        ("考勤更正", f"场次 {training}（2024-06-05 培训 m01 会议室） 队员 M001", "", 0, 1, 0, user),
        ("删除场次", f"场次 {training}（2024-06-05 培训 m01 会议室）", "", 0, 3, 0, user),
        ("清空记录", db.label, "", 0, 2, 0, user),
    ]
    assert rows[2].note == "出勤 → 迟到；原因：路上堵车"
    assert rows[4].note == "删除了 1 个场次、1 条考勤、0 份作答"
    assert [r.at for r in rows] == sorted(r.at for r in rows)
    assert len(LOG_COLUMNS) == len(rows[0])
    code, out, _ = run("-C", root, "records", "log")
    assert code == 0
    for heading in LOG_COLUMNS:
        assert heading in out
    assert digest[:12] in out and "考勤更正" in out and "清空记录" in out


def test_reset_asks_and_clears_everything_but_the_log(records_project, db_url, run):
    root = str(records_project)
    code, out, _ = run("-C", root, "records", "reset", "--yes")
    assert code == 0 and "没有考勤或作答记录，不需要清空" in out
    run("-C", root, "attendance", "import", str(june(records_project)))
    code, _, err = pingan_typed(records_project, "n\n", "records", "reset")
    assert code == 1 and "2 个场次、4 条考勤和 0 份作答" in err and "已取消" in err
    assert counts(db_url) == (2, 4, 0)
    code, out, _ = pingan_typed(records_project, "y\n", "records", "reset")
    assert code == 0 and out == "已清空：2 个场次、4 条考勤、0 份作答（导入记录保留）\n"
    assert counts(db_url) == (0, 0, 0)
    with RecordsDB(db_url) as db:
        assert [r.action for r in log_rows(db)] == ["考勤导入", "清空记录"]


def test_demo_records_replace(records_project, db_url, run):
    root = str(records_project)
    run("-C", root, "attendance", "import", str(june(records_project)))
    code, _, err = run("-C", root, "demo-records", "--members", "3", "--months", "2")
    assert code == 1 and "--replace" in err
    assert counts(db_url)[:2] == (2, 4)
    code, _, err = run("-C", root, "demo-records", "--members", "3", "--months", "2", "--replace")
    assert code == 0, err
    with RecordsDB(db_url) as db, db.session() as s:
        places = {x.place for x in s.scalars(select(TrainingSession))}
        actions = [r.action for r in log_rows(db)]
    assert "会议室" not in places  # June's sessions are gone
    assert counts(db_url)[0] > 0
    assert actions[0] == "考勤导入" and actions[-1] == "演示记录"
