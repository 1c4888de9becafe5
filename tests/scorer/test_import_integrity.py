"""Imports never corrupt the records: an attempt is the same attempt in any time zone
and on any import day; answers must fit their question; a roster row never renames or
re-identifies someone else. Database tests run on SQLite and PostgreSQL (``db_url``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from generator.content import load_project
from generator.scorer.database import RecordsDB
from generator.scorer.tables import Attempt, AttemptAnswer

from .test_imports import ROSTER_HEADER, counts, result_file, write_csv, write_xlsx

SHEET_HEADER = ["编号", "题库", "题号", "答案"]
MIXED_BANK = """\
    id: mixed
    title: 综合练习
    mode: practice
    questions:
      - id: s1
        type: single
        stem: 发现可疑物品应当怎么做？
        options: {A: 自行处理, B: 保护现场并报告, C: 拍照发群, D: 不予理会}
        answer: B
      - id: m1
        type: multiple
        stem: 巡逻时应当携带哪些物品？
        options: {A: 手电筒, B: 对讲机, C: 巡查记录本, D: 零食}
        answer: [A, B, C]
      - id: t1
        type: true_false
        stem: 巡查日志可以事后补写。
        answer: false
    """


@pytest.fixture
def quiz_project(records_project, project):
    return project({"quizzes/mixed.yml": MIXED_BANK})


def import_answers(run, root: Path, *files: Path, day: str | None = None) -> tuple[int, str, str]:
    extra = ["--date", day] if day else []
    return run("-C", str(root), "answers", "import", *extra, *map(str, files))


def stored(db_url: str) -> list[tuple[str, str, dt.datetime, str, float]]:
    with RecordsDB(db_url) as db, db.session() as s:
        rows = s.execute(
            select(Attempt.member_id, Attempt.bank_id, Attempt.finished, Attempt.origin, Attempt.score)
        )
        return sorted(tuple(r) for r in rows)


# --- the same attempt, whatever the time zone or import day ------------------------------------


def test_a_result_file_rewritten_in_utc_is_the_same_attempt(quiz_project, db_url, tmp_path, run):
    original = result_file(tmp_path, "a.json", {"q1": "B", "q2": True})
    assert "新增 1 份" in import_answers(run, quiz_project, original)[1]
    data = json.loads(original.read_text(encoding="utf-8"))
    rewritten = tmp_path / "a-utc.json"  # another tool re-saved it: UTC, other key order, indented
    data.update(finished="2024-06-05T11:10:00Z", started="2024-06-05T11:00:00+00:00")
    rewritten.write_text(json.dumps(dict(reversed(data.items())), indent=2), encoding="utf-8")
    code, out, err = import_answers(run, quiz_project, rewritten)
    assert code == 0, err
    assert "作答已导入：1 份，新增 0 份，重复跳过 1 份" in out
    later = tmp_path / "b.json"  # one minute later is another attempt
    later.write_text(json.dumps({**data, "finished": "2024-06-05T19:11:00+08:00"}), encoding="utf-8")
    assert "新增 1 份" in import_answers(run, quiz_project, later)[1]
    assert [(m, f) for m, _, f, _, _ in stored(db_url)] == [
        ("M001", dt.datetime(2024, 6, 5, 19, 10)),
        ("M001", dt.datetime(2024, 6, 5, 19, 11)),
    ]


def test_an_answer_sheet_without_dates_imported_on_two_days_lands_once(quiz_project, db_url, tmp_path, run):
    sheet = write_csv(
        tmp_path / "答题卡.csv",
        [
            SHEET_HEADER,
            ["M003", "basics", "q1", "B"],
            ["M003", "basics", "q2", "对"],
            ["M002", "mixed", "m1", "A、C"],
        ],
    )
    code, out, err = import_answers(run, quiz_project, sheet, day="2024-06-05")
    assert code == 0, err
    assert "作答已导入：2 份，新增 2 份，重复跳过 0 份" in out
    code, out, err = import_answers(run, quiz_project, sheet, day="2024-06-06")
    assert code == 0, err
    assert "作答已导入：2 份，新增 0 份，重复跳过 2 份" in out
    assert stored(db_url) == [
        ("M002", "mixed", dt.datetime(2024, 6, 5, 12), "sheet", 0.0),
        ("M003", "basics", dt.datetime(2024, 6, 5, 12), "sheet", 100.0),
    ]
    # The same answers with a date are a dated attempt; imported again, still one.
    dated = write_csv(
        tmp_path / "答题卡-日期.csv",
        [
            [*SHEET_HEADER, "日期"],
            ["M003", "basics", "q1", "B", "2024-06-20"],
            ["M003", "basics", "q2", "对", "2024/6/20"],
        ],
    )
    assert "新增 1 份" in import_answers(run, quiz_project, dated)[1]
    assert "新增 0 份，重复跳过 1 份" in import_answers(run, quiz_project, dated, day="2024-07-01")[1]
    assert counts(db_url)[2] == 3


def test_a_bad_date_option_is_explained(quiz_project, tmp_path, run):
    sheet = write_csv(tmp_path / "a.csv", [SHEET_HEADER, ["M003", "basics", "q1", "B"]])
    code, _, err = import_answers(run, quiz_project, sheet, day="6月5日")
    assert code == 1
    assert err == "日期“6月5日”无法识别 — 写作 2024-06-05：答题卡上没有日期的作答记在这一天\n"


def legacy_fingerprint(member: str, bank: str, finished: dt.datetime, answers: dict) -> str:
    """What pingan 0.1 stored as an attempt's fingerprint (answers.py before content identity)."""
    payload = json.dumps(
        [member, bank, finished.isoformat(), sorted(answers.items(), key=str)],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def store_legacy(
    db_url: str, member: str, bank: str, finished: dt.datetime, origin: str, answers: dict
) -> None:
    """An attempt as pingan 0.1 stored it: raw answers, its old fingerprint."""
    with RecordsDB(db_url) as db, db.transaction() as s:
        attempt = Attempt(
            fingerprint=legacy_fingerprint(member, bank, finished, answers),
            member_id=member,
            bank_id=bank,
            finished=finished,
            origin=origin,
            score=100.0,
            passed=True,
            answered=len(answers),
            total=len(answers),
        )
        attempt.answers = [AttemptAnswer(question_id=q, response=r, credit=1.0) for q, r in answers.items()]
        s.add(attempt)


def test_attempts_stored_by_an_older_pingan_are_recognised(quiz_project, db_url, tmp_path, run):
    tablet = result_file(tmp_path, "a.json", {"q1": "B", "q2": True})
    store_legacy(db_url, "M001", "basics", dt.datetime(2024, 6, 5, 19, 10), "tablet", {"q1": "B", "q2": True})
    # pingan 0.1 gave an undated sheet the day it was imported (June 1st) and stored the cells as typed.
    store_legacy(db_url, "M003", "basics", dt.datetime(2024, 6, 1, 12), "sheet", {"q1": "b", "q2": "√"})
    sheet = write_csv(
        tmp_path / "卡.csv", [SHEET_HEADER, ["M003", "basics", "q1", "b"], ["M003", "basics", "q2", "√"]]
    )
    code, out, err = import_answers(run, quiz_project, tablet, sheet, day="2024-06-09")
    assert code == 0, err
    assert "作答已导入：2 份，新增 0 份，重复跳过 2 份" in out
    changed = write_csv(
        tmp_path / "卡2.csv", [SHEET_HEADER, ["M003", "basics", "q1", "A"], ["M003", "basics", "q2", "√"]]
    )
    assert "新增 1 份" in import_answers(run, quiz_project, changed, day="2024-06-09")[1]
    assert counts(db_url)[2] == 3


# --- each question once, answers of the right type and size -----------------------------------------


def test_a_question_answered_twice_in_a_sheet_names_both_rows(quiz_project, db_url, tmp_path, run):
    sheet = write_xlsx(
        tmp_path / "答题卡.xlsx",
        [
            SHEET_HEADER,
            ["M003", "basics", "q1", "A"],
            ["M003", "basics", "q2", "对"],
            ["M003", "basics", "q1", "B"],
        ],
    )
    code, _, err = import_answers(run, quiz_project, sheet)
    assert code == 2
    assert (
        f"{tmp_path}/答题卡.xlsx:4:3: 题号: 同一队员同一题库同一天的题 q1 已在第 2 行作答过 — "
        "每道题只保留一行；如果是两次不同的作答，请在“日期”列写明各自的日期"
    ) in err.splitlines()
    assert counts(db_url)[2] == 0


def test_a_result_file_naming_a_question_twice_is_refused(quiz_project, db_url, tmp_path, run):
    path = tmp_path / "dup.json"
    path.write_text(
        '{"format": "pingan-quiz-result/1", "member": "M001", "bank": "basics",'
        ' "finished": "2024-06-05T19:10:00+08:00", "answers": {"q1": "A", "q2": true, "q1": "B"}}',
        encoding="utf-8",
    )
    code, _, err = import_answers(run, quiz_project, path)
    assert code == 2
    assert (
        f"{tmp_path}/dup.json:1:1: q1: 不是 pingan 练习结果文件：“q1”在同一个对象里写了两次 — "
        "请使用平板上练习结束后“保存结果”得到的 .json 文件"
    ) in err.splitlines()
    assert counts(db_url)[2] == 0


def test_answers_of_the_wrong_type_are_each_named(quiz_project, db_url, tmp_path, run):
    tablet = tmp_path / "t.json"
    tablet.write_text(
        json.dumps(
            {
                "format": "pingan-quiz-result/1",
                "member": "M001",
                "bank": "mixed",
                "finished": "2024-06-05T19:10:00+08:00",
                "answers": {"s1": {"x": 1}, "m1": "B", "t1": "对"},
            }
        ),
        encoding="utf-8",
    )
    tablet2 = tmp_path / "t2.json"
    data = json.loads(tablet.read_text(encoding="utf-8"))
    tablet2.write_text(
        json.dumps({**data, "answers": {"s1": ["B"], "m1": [1, 2], "t1": 1}}), encoding="utf-8"
    )
    sheet = write_csv(
        tmp_path / "卡.csv",
        [
            SHEET_HEADER,
            ["M002", "mixed", "s1", "E"],
            ["M002", "mixed", "m1", "A,C,F"],
            ["M002", "mixed", "t1", "也许"],
            ["M003", "mixed", "s1", "AB"],
            ["M003", "mixed", "m1", "甲乙"],
            ["M003", "mixed", "t1", "×"],  # fine
        ],
    )
    code, out, err = import_answers(run, quiz_project, tablet, tablet2, sheet)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    options = "这道题的选项是 A、B、C、D；多选题可写 AC 或 A、C"
    for expected in [
        f'{tmp_path}/t.json:1:1: answers.s1: 单选题的答案应是一个选项字母，不是 {{"x": 1}} — 写作 "B"；请使用平板上练习结束后“保存结果”得到的原始文件',
        f"{tmp_path}/t.json:1:1: answers.t1: 判断题的答案“对”无法识别 — 结果文件里判断题的答案应是 true 或 false",
        f'{tmp_path}/t2.json:1:1: answers.s1: 单选题的答案应是一个选项字母，不是 ["B"] — 写作 "B"；请使用平板上练习结束后“保存结果”得到的原始文件',
        f'{tmp_path}/t2.json:1:1: answers.m1: 多选题的答案应是选项字母的列表，不是 [1, 2] — 写作 ["A", "C"]；请使用平板上练习结束后“保存结果”得到的原始文件',
        f"{tmp_path}/t2.json:1:1: answers.t1: 判断题的答案“1”无法识别 — 结果文件里判断题的答案应是 true 或 false",
        f"{tmp_path}/卡.csv:2:4: 答案: 选项 E 不是这道题的选项 — {options}",
        f"{tmp_path}/卡.csv:3:4: 答案: 选项 F 不是这道题的选项 — {options}",
        f"{tmp_path}/卡.csv:4:4: 答案: 判断题的答案“也许”无法识别 — 填写 对/错、√/×、是/否 或 true/false",
        f"{tmp_path}/卡.csv:5:4: 答案: 单选题只能选一个选项，答案“AB”不是一个选项 — 只填一个选项字母，例如 B",
        f"{tmp_path}/卡.csv:6:4: 答案: 答案“甲乙”不是选项字母 — {options}",
    ]:
        assert expected in lines, f"{expected}\n---\n{err}"
    assert len(lines) == 11  # the ten problems and the summary line; "m1": "B" and "×" are fine
    assert counts(db_url)[2] == 0


def test_spellings_of_one_answer_are_one_answer(quiz_project, db_url, tmp_path, run):
    sheet = write_csv(
        tmp_path / "卡.csv",
        [
            [*SHEET_HEADER, "日期"],
            ["M002", "mixed", "s1", "ｂ", "2024-06-05"],
            ["M002", "mixed", "m1", "c、a；B", "2024-06-05"],
            ["M002", "mixed", "t1", "错", "2024-06-05"],
        ],
    )
    assert "新增 1 份" in import_answers(run, quiz_project, sheet)[1]
    same = write_csv(
        tmp_path / "卡2.csv",
        [
            [*SHEET_HEADER, "日期"],
            ["M002", "mixed", "t1", "×", "2024/6/5"],
            ["M002", "mixed", "m1", "ABC", "2024/6/5"],
            ["M002", "mixed", "s1", "B", "2024/6/5"],
        ],
    )
    assert "新增 0 份，重复跳过 1 份" in import_answers(run, quiz_project, same)[1]
    with RecordsDB(db_url) as db, db.session() as s:
        responses = dict(s.execute(select(AttemptAnswer.question_id, AttemptAnswer.response)).all())
    assert responses == {"s1": "B", "m1": ["A", "B", "C"], "t1": False}
    assert stored(db_url)[0][4] == 100.0


def test_an_oversized_answer_and_an_oversized_file_are_refused(quiz_project, db_url, tmp_path, run):
    sheet = write_csv(
        tmp_path / "卡.csv",
        [SHEET_HEADER, ["M002", "mixed", "m1", "A" * 20_000], ["M002", "mixed", "s1", "B"]],
    )
    code, _, err = import_answers(run, quiz_project, sheet)
    assert code == 2
    assert (
        f"{tmp_path}/卡.csv:2:4: 答案: 答案有 20000 字节，超过上限 10240 字节 — 答案只应是选项字母或 对/错；请检查这一格是不是粘贴错了内容"
    ) in err.splitlines()
    assert "A" * 30 not in err
    big = tmp_path / "big.json"
    answers = {"q1": "B", "q2": True}
    big.write_text(
        json.dumps(
            {"format": "pingan-quiz-result/1", "member": "M001", "bank": "basics", "finished": "2024-06-05T19:10:00+08:00",
             "answers": answers, "padding": "x" * (6 * 1024 * 1024)}
        ),
        encoding="utf-8",
    )  # fmt: skip
    code, _, err = import_answers(run, quiz_project, big)
    assert code == 2
    assert (
        f"{tmp_path}/big.json:0:0: 文件有 6.1 MB，超过导入上限 5 MB — "
        "一次导入的文件不应这么大：请确认选对了文件；确实很大时，请拆成几个文件分别导入"
    ) in err.splitlines()
    assert counts(db_url)[2] == 0


# --- roster: never renames or re-identifies someone else -----------------------------------------

PATROL = "专（兼）职巡防队"
M001_ID_NUMBER = "500999199001010025"  # 甲一's, in records_project's roster


def id_number(first17: str) -> str:
    """A valid resident ID number (GB 11643 check digit) from its first 17 digits."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


@pytest.fixture
def roster_project(project):
    """A roster without a database: the roster import never opens one."""
    return project(
        {
            "content/roster.yml": """\
                teams:
                  - id: patrol
                    name: 专（兼）职巡防队
                  - id: guards
                    name: 保安联防队
                members:
                  - id: M001
                    name: 甲一
                    team: patrol
                    id_number: "500999199001010025"
                  - id: M002
                    name: 乙二
                    team: patrol
                  - id: M003
                    name: 丙三
                    team: guards
                """
        }
    )


ROSTER_CONFLICTS = [
    (
        ["", "张三", "男", M001_ID_NUMBER, "", PATROL, "", ""],
        "2:4: 身份证号: 本行身份证号在花名册中属于 M001（甲一），但本行姓名是“张三” — "
        "核对身份证号和姓名；如确实是这名队员改了名，请直接修改 content/roster.yml",
    ),
    (
        ["M002", "乙二", "", M001_ID_NUMBER, "", PATROL, "", ""],
        "2:4: 身份证号: 本行身份证号在花名册中属于 M001（甲一），但本行编号是 M002 — "
        "同一个人请用同一个编号；不是同一个人请核对身份证号",
    ),
    (
        ["X009", "乙二", "", "", "", PATROL, "", ""],
        "2:2: 姓名: 专（兼）职巡防队已有同名队员 M002（乙二），但本行编号是 X009 — "
        "同一个人请用花名册中的编号 M002；如确是同队同名的另一个人，请直接在 content/roster.yml 中添加",
    ),
    (
        ["", "甲一", "", id_number("50099919850505003"), "", PATROL, "", ""],
        "2:4: 身份证号: 专（兼）职巡防队的 M001（甲一）登记的身份证号与本行不同 — "
        "核对身份证号；如确是同队同名的另一个人，请直接在 content/roster.yml 中添加",
    ),
    (
        ["M001", "丙三", "", "", "", "保安联防队", "", ""],
        "2:1: 编号: 编号 M001 在花名册中属于“甲一”，与本行姓名“丙三”不一致 — "
        "核对编号是否填错；如确实更名，请直接修改 content/roster.yml",
    ),
]


@pytest.mark.parametrize(
    ("row", "expected"), ROSTER_CONFLICTS, ids=["idnum-name", "idnum-id", "name-id", "name-idnum", "id-name"]
)
def test_a_roster_row_pointing_at_two_members_is_a_conflict(roster_project, tmp_path, run, row, expected):
    before = (roster_project / "content/roster.yml").read_bytes()
    sheet = write_xlsx(tmp_path / "花名册.xlsx", [ROSTER_HEADER, row])
    code, out, err = run("-C", str(roster_project), "roster", "import", str(sheet))
    assert (code, out) == (2, "")
    assert f"{tmp_path}/花名册.xlsx:{expected}" in err.splitlines(), err
    assert (roster_project / "content/roster.yml").read_bytes() == before
    assert not any(len(word) >= 15 and word.isdigit() for word in err.replace("：", " ").split())


def test_rows_repeating_a_member_in_one_file_are_named_without_the_id_number(roster_project, tmp_path, run):
    before = (roster_project / "content/roster.yml").read_bytes()
    newcomer = id_number("50099919920202004")
    sheet = write_csv(
        tmp_path / "花名册.csv",
        [
            ROSTER_HEADER,
            ["", "新人", "", newcomer, "", PATROL, "", ""],
            ["", "新人丁", "", newcomer, "", "保安联防队", "", ""],
            ["M002", "乙二", "", "", "13800002222", PATROL, "", ""],
            ["", "乙二", "", "", "13800003333", PATROL, "", ""],
            ["M007", "戊七", "", "", "", PATROL, "", ""],
            ["M007", "己八", "", "", "", PATROL, "", ""],
        ],
    )
    code, _, err = run("-C", str(roster_project), "roster", "import", str(sheet))
    assert code == 2
    hint = "每名队员只保留一行；如确是同队同名的两个人，请给两行都填上各自的编号或身份证号"
    lines = err.splitlines()
    assert f"{tmp_path}/花名册.csv:3:4: 身份证号: 与第 2 行是同一名队员（身份证号相同） — {hint}" in lines
    assert f"{tmp_path}/花名册.csv:5:2: 姓名: 与第 4 行是同一名队员（同队同名） — {hint}" in lines
    assert f"{tmp_path}/花名册.csv:7:1: 编号: 与第 6 行是同一名队员（编号 M007 相同） — {hint}" in lines
    assert newcomer not in err
    assert (roster_project / "content/roster.yml").read_bytes() == before


def test_two_people_of_one_name_in_one_team_are_told_apart_by_their_ids(roster_project, tmp_path, run):
    sheet = write_csv(
        tmp_path / "花名册.csv",
        [
            ROSTER_HEADER,
            ["X101", "张伟", "", "", "", PATROL, "", ""],
            ["X102", "张伟", "", "", "", PATROL, "", ""],
            ["", "张伟", "", id_number("50099919900101001"), "", PATROL, "", ""],
        ],
    )
    code, out, err = run("-C", str(roster_project), "roster", "import", str(sheet))
    assert code == 0, err
    assert "新增 3 人" in out
    members = [m for m in load_project(roster_project).roster.members if m.name == "张伟"]
    assert len(members) == 3 and {"X101", "X102"} < {m.id for m in members}


def test_new_members_get_ids_that_no_row_of_the_file_uses(roster_project, tmp_path, run):
    sheet = write_csv(
        tmp_path / "花名册.csv",
        [
            ROSTER_HEADER,
            ["", "新人甲", "", "", "", PATROL, "", ""],
            ["M004", "新人乙", "", "", "", PATROL, "", ""],
        ],
    )
    code, out, err = run("-C", str(roster_project), "roster", "import", str(sheet))
    assert code == 0, err
    ids = {m.name: m.id for m in load_project(roster_project).roster.members}
    assert ids["新人乙"] == "M004" and ids["新人甲"] == "M005"  # not M004 twice
    assert "新增 2 人" in out
