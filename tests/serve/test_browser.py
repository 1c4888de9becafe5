"""`pingan serve` in real Chromium: tablets (browser contexts) take a quiz against a real uvicorn
server on 127.0.0.1, lose it and get it back, the trainer takes the roll of 40, wrong secrets
are refused, and a script sent in a field never runs on the board."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from generator.content import load_project
from generator.pipeline import build
from generator.scorer.tables import Attempt, Attendance

from .conftest import CODE, PIN, LiveServer, make_project, open_session
from .test_api import TRAINER

pytestmark = pytest.mark.browser

ZONE = "Asia/Shanghai"  # the tablets' and the session's time zone
TODAY = dt.datetime.now(ZoneInfo(ZONE)).date()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The 40-member project with this month's module, its team site built once."""
    root = make_project(tmp_path_factory.mktemp("served") / "proj", TODAY.strftime("%Y-%m"))
    build(load_project(root), prints=False)
    return load_project(root)


@pytest.fixture
def session(built, tmp_path):
    from generator.serve.settings import SessionSettings

    settings = SessionSettings(CODE, PIN, TODAY)
    opened = open_session(built, f"sqlite:///{tmp_path / 'records.db'}", tmp_path / "serve-log", settings)
    yield opened
    opened.db.close()


@pytest.fixture
def server(session):
    live = LiveServer(session.app).start()
    yield live
    live.stop()


@pytest.fixture
def tablet(browser, server):
    """A factory of tablet pages (each its own browser context) that may only reach the server."""
    contexts = []

    def open_tablet(viewport=None):
        context = browser.new_context(
            viewport=viewport or {"width": 768, "height": 1024}, has_touch=True, timezone_id=ZONE
        )
        contexts.append(context)
        page = context.new_page()
        page.outside, page.errors, page.dialogs = [], [], []

        def guard(route):
            if route.request.url.startswith((server.url, "data:", "blob:", "about:")):
                route.continue_()
            else:
                page.outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        return page

    yield open_tablet
    for context in contexts:
        context.close()


def attempts(session) -> list[Attempt]:
    with session.db.session() as db_session:
        return list(db_session.scalars(select(Attempt)))


def answer(page, option_text: str | list[str], last: bool = False) -> None:
    for text in [option_text] if isinstance(option_text, str) else option_text:
        page.locator(".pingan-quiz__option label", has_text=text).click()
    page.locator(".pingan-quiz__submit").click()
    page.locator(".pingan-quiz__finish" if last else ".pingan-quiz__next").click()


def start_quiz(page, url: str, member: str) -> None:
    page.goto(url)
    page.locator(".pingan-quiz__member").fill(member)
    page.locator(".pingan-quiz__start").click()


def test_a_quiz_on_a_tablet_is_graded_into_the_ledger(tablet, server, session, built, run, monkeypatch):
    page = tablet()
    start_quiz(page, f"{server.url}banks/bank-serve.html?code={CODE}", "S005")
    answer(page, "拨打 119")
    answer(page, ["人员到位", "隐患处置"])
    answer(page, "正确", last=True)
    status = page.locator(".pingan-quiz__server-status")
    status.filter(has_text="已提交").wait_for()
    assert "100 分" in status.inner_text() and "及格" in status.inner_text()
    assert page.locator(".pingan-quiz__send").is_hidden() and page.locator(".pingan-quiz__code").is_hidden()
    assert [(a.member_id, a.bank_id, a.score, a.origin) for a in attempts(session)] == [
        ("S005", "bank-serve", 100.0, "tablet")
    ]
    assert page.errors == [] and page.outside == []

    monkeypatch.setenv("PINGAN_DATABASE_URL", session.db.url)
    code, out, _ = run(
        "-C", str(built.root), "report", "--month", TODAY.strftime("%Y-%m"), "--format", "json"
    )
    assert code == 0
    assert "S005" in out and "bank-serve" in out and json.loads(out)


def test_a_tablet_that_loses_the_server_mid_quiz_sends_its_result_once_it_is_back(tablet, server, session):
    page = tablet()
    start_quiz(page, f"{server.url}banks/bank-serve.html?code={CODE}", "S006")
    answer(page, "拨打 119")
    answer(page, ["人员到位"])
    server.stop()  # the Wi-Fi drops, or the laptop's server is restarted
    answer(page, "错误", last=True)
    status = page.locator(".pingan-quiz__server-status")
    status.filter(has_text="暂时连不上培训电脑").wait_for()
    queued = page.evaluate("JSON.parse(localStorage.getItem('pingan-serve-queue'))")
    assert [item["doc"]["member"] for item in queued] == ["S006"]
    assert attempts(session) == []

    server.start()  # same port, same database
    status.filter(has_text="已提交").wait_for(timeout=60_000)
    page.reload()  # nothing left to send: a reload does not send it again
    page.locator(".pingan-quiz__server-status", has_text="已提交").wait_for()
    assert page.evaluate("JSON.parse(localStorage.getItem('pingan-serve-queue'))") == []
    stored = attempts(session)
    assert [(a.member_id, a.answered) for a in stored] == [("S006", 3)]
    assert page.errors == []


def test_the_roll_of_40_takes_a_dozen_taps(tablet, server, session):
    page = tablet({"width": 1280, "height": 800})  # the trainer's laptop
    taps = 0

    def tap(locator):
        nonlocal taps
        locator.click()
        taps += 1

    def type_into(locator, value):
        nonlocal taps
        locator.fill(value)
        taps += 1

    page.goto(f"{server.url}roll")
    type_into(page.locator("#serve-login input[name=code]"), CODE)
    type_into(page.locator("#serve-login input[name=pin]"), PIN)
    tap(page.locator("#serve-login button[type=submit]"))
    assert page.locator(".serve-session__form select[name=course]").input_value() == "m-serve"
    assert page.locator(".serve-session__form input[name=place]").input_value() == "乡政府三楼会议室"
    tap(page.locator(".serve-session__open"))
    tap(page.locator(".serve-all-present"))
    page.locator("#roll-counts", has_text="已点 40 / 40 人").wait_for()
    exceptions = {"S003": "late", "S017": "excused", "S029": "absent", "S040": "late"}
    for member, status in exceptions.items():
        type_into(page.locator(".serve-search"), member)
        row = page.locator(f".serve-member[data-member={member}]")
        tap(row.locator(f".serve-mark[data-status={status}]"))
        page.locator(f".serve-member[data-member={member}][data-status={status}]").wait_for()
    page.locator("#roll-counts", has_text="出勤 36，迟到 2，请假 1，缺勤 1").wait_for()

    with session.db.session() as db_session:
        marks = dict(db_session.execute(select(Attendance.member_id, Attendance.status)).all())
    assert len(marks) == 40
    assert {m: s for m, s in marks.items() if s != "present"} == exceptions
    assert taps == 13  # code, PIN, 进入, 开始点名, 其余全部出勤, and a search and a tap per exception
    assert page.errors == []


def test_search_finds_a_member_by_name_or_number(tablet, server):
    page = tablet({"width": 1280, "height": 800})
    page.goto(f"{server.url}roll")
    page.locator("#serve-login input[name=code]").fill(CODE)
    page.locator("#serve-login input[name=pin]").fill(PIN)
    page.locator("#serve-login button[type=submit]").click()
    page.locator(".serve-session__open").click()
    page.locator(".serve-search").fill("钱秀英")
    visible = page.locator(".serve-member:visible")
    visible.first.wait_for()
    assert visible.count() == 1 and visible.first.get_attribute("data-member") == "S022"
    page.locator(".serve-search").fill("s02")
    assert page.locator(".serve-member:visible").count() == 10  # S020–S029


def test_a_wrong_pin_or_code_is_refused(tablet, server, session):
    trainer = tablet({"width": 1280, "height": 800})
    trainer.goto(f"{server.url}roll")
    trainer.locator("#serve-login input[name=code]").fill(CODE)
    trainer.locator("#serve-login input[name=pin]").fill("999999")
    trainer.locator("#serve-login button[type=submit]").click()
    trainer.locator("#serve-login .serve-error", has_text="培训人员 PIN 不对").wait_for()
    assert trainer.locator("#roll").is_hidden() and trainer.locator("#roll-session").is_hidden()

    member = tablet()
    start_quiz(member, f"{server.url}banks/bank-serve.html?code=111111", "S007")
    answer(member, "拨打 119")
    answer(member, ["人员到位", "隐患处置"])
    answer(member, "正确", last=True)
    status = member.locator(".pingan-quiz__server-status")
    status.filter(has_text="会话码不对").wait_for()
    assert attempts(session) == []
    member.locator(".pingan-quiz__code").fill(CODE)
    member.locator(".pingan-quiz__send").click()
    status.filter(has_text="已提交").wait_for()
    assert "100 分" in status.inner_text()
    assert len(attempts(session)) == 1


def test_a_script_sent_in_a_field_never_runs_on_the_board(tablet, server, session):
    import httpx2

    payloads = {
        "course": "<script>window.__pwned = 'course'</script>自编课程",
        "place": "<img src=x onerror=\"window.__pwned='place'\">会议室",
        "trainer": "王教员</li><svg onload=\"window.__pwned='trainer'\">",
    }
    body = {"date": TODAY.isoformat(), "type": "培训", "member": "S001", "status": "出勤", **payloads}
    assert httpx2.post(f"{server.url}api/attendance", json=body, headers=TRAINER).status_code == 200
    page = tablet({"width": 1280, "height": 800})
    page.goto(f"{server.url}board")
    page.locator("#serve-login input[name=pin]").fill(PIN)
    page.locator("#serve-login input[name=code]").fill(CODE)
    page.locator("#serve-login button[type=submit]").click()
    page.locator(".serve-board__session", has_text="自编课程").wait_for()
    assert payloads["course"] in page.locator(".serve-board__session").inner_text()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#board script, #board img, #board svg").count() == 0
    assert page.dialogs == [] and page.errors == []
    assert page.locator(".serve-board__counts", has_text="已签到 1 人").count() == 1


def test_the_board_shows_signed_in_results_and_missing(tablet, server, session):
    import httpx2

    mark = {"date": TODAY.isoformat(), "type": "培训", "course": "m-serve", "place": "", "trainer": ""}
    httpx2.post(
        f"{server.url}api/attendance",
        json={**mark, "members": ["S001", "S002"], "status": "出勤"},
        headers=TRAINER,
    )
    result = {
        "format": "pingan-quiz-result/1",
        "member": "S002",
        "bank": "bank-serve",
        "finished": f"{TODAY}T10:00:00+08:00",
        "answers": {"s1": "B", "s2": ["A", "B"], "s3": True},
    }
    httpx2.post(f"{server.url}api/results", json=result, headers={"X-Pingan-Code": CODE})
    page = tablet({"width": 1280, "height": 800})
    page.goto(f"{server.url}board")
    page.locator("#serve-login input[name=code]").fill(CODE)
    page.locator("#serve-login input[name=pin]").fill(PIN)
    page.locator("#serve-login button[type=submit]").click()
    page.locator(".serve-board__counts", has_text="已签到 2 人").wait_for()
    assert "已交卷 1 人" in page.locator(".serve-board__counts").inner_text()
    assert "未到 38 人" in page.locator(".serve-board__counts").inner_text()
    results = page.locator(".serve-board__list").nth(1)
    assert "会场练习 66.7 分 及格 10:00" in results.inner_text()
    # A member signs in on their own tablet; the board picks it up by itself.
    httpx2.post(
        f"{server.url}api/attendance", json={**mark, "member": "S003", "status": "迟到"}, headers=TRAINER
    )
    page.locator(".serve-board__counts", has_text="已签到 3 人").wait_for(timeout=30_000)
