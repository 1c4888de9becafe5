"""The session API, through the real ASGI app on a real records database (SQLite and PostgreSQL):
every status code of the contract, idempotency, and that grading is `pingan answers import`'s."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from generator.quizformats import bank_digest
from generator.scorer.answers import import_submissions, read_submissions
from generator.scorer.database import RecordsDB
from generator.scorer.tables import Attempt, Attendance, TrainingSession
from generator.serve.settings import Limits

from .conftest import CODE, DAY, PIN

AUTH = {"X-Pingan-Code": CODE}
TRAINER = {"X-Pingan-Code": CODE, "X-Pingan-Pin": PIN}


def result(member="S001", finished=f"{DAY}T10:05:00+08:00", **changes) -> dict:
    document = {
        "format": "pingan-quiz-result/1",
        "member": member,
        "bank": "bank-serve",
        "started": f"{DAY}T09:55:00+08:00",
        "finished": finished,
        "answers": {"s1": "A", "s2": ["A", "C"], "s3": True},
        "score": 100,  # the tablet's own count: the server grades for itself
    }
    document.update(changes)
    return document


def mark(member="S001", status="出勤", **changes) -> dict:
    body = {
        "date": DAY.isoformat(),
        "type": "培训",
        "course": "m-serve",
        "place": "乡政府三楼会议室",
        "trainer": "王教员",
        "member": member,
        "status": status,
    }
    body.update(changes)
    return body


def count(session, table) -> int:
    with session.db.session() as db_session:
        return db_session.scalar(select(func.count()).select_from(table))


def test_ping_says_which_server_and_which_day(client):
    _, http = client
    answer = http.get("/api/ping")
    assert answer.status_code == 200
    assert answer.json() == {"service": "pingan-serve", "api": 1, "date": DAY.isoformat()}


def test_a_result_is_saved_once_and_graded_like_answers_import(client, tmp_path):
    session, http = client
    first = http.post("/api/results", json=result(), headers=AUTH)
    again = http.post("/api/results", json=result(), headers=AUTH)
    assert first.status_code == again.status_code == 200
    assert first.json()["status"] == "saved"
    assert again.json()["status"] == "duplicate"
    assert count(session, Attempt) == 1

    # The same document as a file through `pingan answers import`'s functions, into another database.
    path = tmp_path / "result.json"
    path.write_text(json.dumps(result()), encoding="utf-8")
    submissions, _ = read_submissions(session.project, [(path, "result.json")])
    with RecordsDB(f"sqlite:///{tmp_path / 'other.db'}") as other:
        import_submissions(session.project, other, submissions)
        with other.session() as db_session:
            by_file = db_session.scalars(select(Attempt)).one()
    with session.db.session() as db_session:
        by_server = db_session.scalars(select(Attempt)).one()
    assert first.json()["score"] == by_file.score == by_server.score
    assert 0 < by_server.score < 100  # s2 was half right: the tablet's "score": 100 was not believed
    assert by_server.fingerprint == by_file.fingerprint  # the same result sent or imported is one attempt


def test_a_result_already_imported_from_a_file_is_a_duplicate(client, tmp_path):
    session, http = client
    path = tmp_path / "result.json"
    path.write_text(json.dumps(result(member="S002")), encoding="utf-8")
    submissions, _ = read_submissions(session.project, [(path, "result.json")])
    import_submissions(session.project, session.db, submissions)
    answer = http.post("/api/results", json=result(member="S002"), headers=AUTH)
    assert answer.json()["status"] == "duplicate"
    assert count(session, Attempt) == 1


@pytest.mark.parametrize("headers", [{}, {"X-Pingan-Code": "000000"}, {"X-Pingan-Code": ""}])
def test_a_result_without_the_right_code_is_401_and_not_stored(client, headers):
    session, http = client
    answer = http.post("/api/results", json=result(), headers=headers)
    assert answer.status_code == 401
    assert answer.json()["message"] == "会话码不对"
    assert count(session, Attempt) == 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"{not json", "不是 pingan 练习结果文件"),
        ("成绩".encode("gbk"), "不是 JSON"),
        (json.dumps(result(format="other/1")).encode(), "format"),
        (json.dumps({k: v for k, v in result().items() if k != "finished"}).encode(), "缺少 finished"),
        (json.dumps(result(member="S999")).encode(), "编号“S999”不在花名册中"),
        (json.dumps(result(bank="no-such-bank")).encode(), "no-such-bank"),
        (json.dumps(result(answers={"s1": "A", "zz": "B"})).encode(), "zz"),
        (json.dumps(result(answers=["A"])).encode(), "answers"),
        (json.dumps(result(finished="昨天")).encode(), "finished"),
        (json.dumps(result(finished="2024-09-14T21:00:00+08:00")).encode(), "只接收 2024-09-15 的成绩"),
        (json.dumps([result()]).encode(), "format"),
        (json.dumps(result(answers={"s1": {"x": [1]}})).encode(), "answers.s1"),
        (json.dumps(result()).replace('"member"', '"member": "S002", "member"', 1).encode(), "member"),
        (b"[" * 100_000, "不是 pingan 练习结果文件"),  # too deep to parse: refused, not a crash
    ],
    ids=[
        "not-json",
        "not-utf8",
        "format",
        "missing",
        "unknown-member",
        "unknown-bank",
        "unknown-question",
        "answers-not-object",
        "bad-time",
        "other-day",
        "array",
        "answer-of-wrong-type",
        "key-twice",
        "deep",
    ],
)
def test_a_malformed_result_is_400_with_a_chinese_message(make_session, body, expected):
    from starlette.testclient import TestClient

    session = make_session(Limits(result_bytes=200_000))
    with TestClient(session.app) as http:
        answer = http.post("/api/results", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert answer.status_code == 400, answer.text
    assert expected in answer.json()["message"]
    assert count(session, Attempt) == 0
    logged = [json.loads(line) for line in session.log.path(DAY).read_text(encoding="utf-8").splitlines()]
    assert logged[-1]["outcome"] == "refused" and logged[-1]["client"] == "testclient"


def test_a_result_over_the_size_limit_is_413_whether_declared_or_streamed(make_session):
    from starlette.testclient import TestClient

    session = make_session(Limits(result_bytes=4096))
    big = result(answers={"s1": "A" * 5000})
    with TestClient(session.app) as http:
        declared = http.post("/api/results", json=big, headers=AUTH)

        def chunks():  # no Content-Length: the server counts what arrives
            body = json.dumps(big).encode()
            for start in range(0, len(body), 1000):
                yield body[start : start + 1000]

        streamed = http.post("/api/results", content=chunks(), headers=AUTH)
    assert declared.status_code == streamed.status_code == 413
    assert "太大" in declared.json()["message"]
    assert count(session, Attempt) == 0


def test_a_result_for_a_bank_that_changed_is_saved_with_a_warning(client):
    session, http = client
    bank = next(b for b in session.project.banks if b.id == "bank-serve")
    assert bank_digest(bank) != "0" * 64
    answer = http.post("/api/results", json=result(bank_digest="0" * 64), headers=AUTH)
    assert answer.status_code == 200
    assert answer.json()["status"] == "saved"
    assert any("修改过" in w for w in answer.json()["warnings"])
    current = http.post(
        "/api/results", json=result(member="S003", bank_digest=bank_digest(bank)), headers=AUTH
    )
    assert current.json()["warnings"] == []


def test_attendance_needs_the_pin_as_well_as_the_code(client):
    session, http = client
    assert http.post("/api/attendance", json=mark(), headers=AUTH).status_code == 401
    assert http.post("/api/attendance", json=mark(), headers={**AUTH, "X-Pingan-Pin": "999999"}).json() == {
        "status": "error",
        "message": "培训人员 PIN 不对",
        "need": "pin",
    }
    assert http.post("/api/attendance", json=mark(), headers={"X-Pingan-Pin": PIN}).status_code == 401
    assert count(session, Attendance) == 0


def test_each_tap_is_saved_and_a_changed_mark_updates_the_same_row(client):
    session, http = client
    assert http.post("/api/attendance", json=mark(status="出勤"), headers=TRAINER).json()["added"] == 1
    changed = http.post("/api/attendance", json=mark(status="迟到"), headers=TRAINER).json()
    assert (changed["added"], changed["updated"], changed["status"]) == (0, 1, "late")
    everyone = [f"S{n:03d}" for n in range(2, 41)]
    bulk = http.post("/api/attendance", json=mark(member=None, members=everyone), headers=TRAINER)
    assert bulk.json()["added"] == 39
    with session.db.session() as db_session:
        sessions = db_session.scalars(select(TrainingSession)).all()
        statuses = dict(db_session.execute(select(Attendance.member_id, Attendance.status)).all())
    assert [(s.date, s.kind, s.course, s.place, s.trainer) for s in sessions] == [
        (DAY, "training", "m-serve", "乡政府三楼会议室", "王教员")
    ]
    assert len(statuses) == 40 and statuses["S001"] == "late"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"date": "2024-09-16"}, "只接收 2024-09-15 的考勤"),
        ({"status": "来了"}, "状态“来了”无法识别"),
        ({"type": "开会"}, "类型“开会”无法识别"),
        ({"member": "S999"}, "编号“S999”不在花名册中"),
        ({"member": ""}, "member"),
        ({"place": "长" * 201}, "不超过 200 个字"),
        ({"course": ["m-serve"]}, "course"),
        ({"members": []}, "不能为空"),
        ({"date": "下周"}, "日期“下周”无法识别"),
    ],
)
def test_a_wrong_mark_is_400_with_the_importers_message(client, changes, expected):
    session, http = client
    answer = http.post("/api/attendance", json=mark(**changes), headers=TRAINER)
    assert answer.status_code == 400, answer.text
    assert expected in answer.json()["message"]
    assert count(session, Attendance) == 0


def test_a_bad_mark_among_many_rejects_all_of_them(client):
    session, http = client
    answer = http.post("/api/attendance", json=mark(members=["S001", "S002", "nobody"]), headers=TRAINER)
    assert answer.status_code == 400 and "nobody" in answer.json()["message"]
    assert count(session, Attendance) == 0


def test_attendance_over_the_size_limit_is_413(client):
    session, http = client
    answer = http.post("/api/attendance", json=mark(members=["S001"] * 5000), headers=TRAINER)
    assert answer.status_code == 413
    assert count(session, Attendance) == 0


def test_a_session_for_another_day_runs_with_date(make_session):
    from starlette.testclient import TestClient

    session = make_session(day=DAY.replace(day=16))
    with TestClient(session.app) as http:
        assert http.post("/api/attendance", json=mark(), headers=TRAINER).status_code == 400
        assert http.post("/api/attendance", json=mark(date="2024-09-16"), headers=TRAINER).status_code == 200


def test_wrong_secrets_lock_a_client_out_for_a_while(make_session):
    from starlette.testclient import TestClient

    session = make_session(Limits(wrong_secrets=3))
    with TestClient(session.app) as http:
        answers = [
            http.post("/api/results", json=result(), headers={"X-Pingan-Code": str(n) * 6}) for n in range(3)
        ]
        assert [a.status_code for a in answers] == [401, 401, 401]
        locked = http.post("/api/results", json=result(), headers=AUTH)  # even the right code must wait now
    assert locked.status_code == 429 and "错误次数太多" in locked.json()["message"]
    assert count(session, Attempt) == 0


def test_a_client_over_its_write_rate_gets_429(make_session):
    from starlette.testclient import TestClient

    session = make_session(Limits(write_burst=3, writes_per_second=0.001))
    with TestClient(session.app) as http:
        codes = [http.post("/api/results", json=result(), headers=AUTH).status_code for _ in range(5)]
        page = http.get("/api/ping")  # reads have their own budget
    assert codes == [200, 200, 200, 429, 429]
    assert page.status_code == 200


def test_the_trainer_pages_carry_a_strict_content_security_policy(client):
    _, http = client
    for path in ("/roll", "/board", "/signin"):
        page = http.get(path)
        assert page.status_code == 200
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-frame-options"] == "DENY"
    site = http.get("/")
    assert site.status_code == 200 and "首页" in site.text
    assert site.headers["x-content-type-options"] == "nosniff"
    assert http.get("/api/roll", headers=TRAINER).headers["cache-control"] == "no-store"


def test_no_phone_or_id_number_is_ever_served(client):
    _, http = client
    http.post("/api/attendance", json=mark(member="S040"), headers=TRAINER)
    http.post("/api/results", json=result(member="S040"), headers=AUTH)
    served = "".join(
        http.get(path, headers=TRAINER).text
        for path in ("/api/roll", "/api/board", "/roll", "/board", "/signin")
    )
    assert "S040" in served
    for secret in ("13912345678", "500999199001010025", "5678", "0025"):
        assert secret not in served


def test_trainer_data_needs_the_pin(client):
    _, http = client
    for path in ("/api/roll", "/api/board"):
        assert http.get(path, headers=AUTH).status_code == 401
        assert http.get(path).status_code == 401
    assert http.get("/api/check", headers=AUTH).json() == {"status": "ok", "trainer": False}
    assert http.get("/api/check", headers=TRAINER).json() == {"status": "ok", "trainer": True}
    assert http.get("/api/check", headers={**AUTH, "X-Pingan-Pin": "1"}).status_code == 401


def test_results_sent_at_once_are_committed_together_each_answered_once(make_session):
    """60 tablets hand in at the same moment, each result twice: 60 saved, 60 duplicates, 60 rows."""
    from concurrent.futures import ThreadPoolExecutor

    session = make_session()
    documents = [
        json.dumps(result(member=f"S{n % 40 + 1:03d}", finished=f"{DAY}T10:{n:02d}:00+08:00"))
        for n in range(60)
    ]
    with ThreadPoolExecutor(max_workers=30) as pool:
        outcomes = list(pool.map(lambda doc: session.records.submit_result(doc, "tablet"), documents * 2))
    statuses = {}
    for document, outcome in zip(documents * 2, outcomes, strict=True):
        statuses.setdefault(document, []).append(outcome.status)
    assert all(sorted(s) == ["duplicate", "saved"] for s in statuses.values())
    assert {o.score for o in outcomes} == {outcomes[0].score} and outcomes[0].score > 0
    assert count(session, Attempt) == 60
