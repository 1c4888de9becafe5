"""The session's rules: where it listens, secrets and limits, the sign-in form and its CSRF
token, what survives a restart, and when the site is built first."""

from __future__ import annotations

import ipaddress
import os
import re

import pytest
from sqlalchemy import select

from generator.content import load_project
from generator.scorer.tables import Attendance
from generator.serve.errors import ServeError
from generator.serve.guard import CsrfTokens, RateLimiter, WrongSecrets
from generator.serve.network import choose_listeners, lan_addresses, shown_urls
from generator.serve.settings import make_settings
from generator.serve.sitestate import SiteState, site_state

from .conftest import CODE, DAY, PIN, make_project
from .test_api import TRAINER, mark

IP = ipaddress.ip_address
LAPTOP = [IP("127.0.0.1"), IP("::1"), IP("192.168.1.20"), IP("169.254.3.4"), IP("10.0.0.5"), IP("fe80::1")]
ON_INTERNET = [*LAPTOP, IP("8.8.4.4")]  # a public address (never contacted: the rule is pure)


# --- where it listens -------------------------------------------------------------------------


def test_by_default_it_listens_on_loopback_and_each_lan_address_only():
    listeners = choose_listeners(None, ON_INTERNET)
    assert [listener.host for listener in listeners] == ["127.0.0.1", "10.0.0.5", "192.168.1.20"]
    assert lan_addresses(ON_INTERNET) == [IP("10.0.0.5"), IP("192.168.1.20")]
    urls = shown_urls(listeners, ON_INTERNET, 8000)
    assert urls == ["http://10.0.0.5:8000/", "http://192.168.1.20:8000/", "http://127.0.0.1:8000/"]


@pytest.mark.parametrize("host", ["8.8.8.8", "1.0.0.1", "2001:4860:4860::8888"])
def test_a_public_host_is_refused_unless_allowed(host):
    with pytest.raises(ServeError) as refused:
        choose_listeners(host, LAPTOP)
    assert "公网" in refused.value.message and "--allow-public" in refused.value.hint
    assert [listener.host for listener in choose_listeners(host, LAPTOP, allow_public=True)] == [host]


def test_every_interface_is_refused_when_one_of_them_is_public():
    with pytest.raises(ServeError) as refused:
        choose_listeners("0.0.0.0", ON_INTERNET)
    assert "8.8.4.4" in refused.value.message
    assert [listener.host for listener in choose_listeners("0.0.0.0", LAPTOP)] == ["0.0.0.0"]
    everywhere = choose_listeners("0.0.0.0", LAPTOP)
    assert "http://192.168.1.20:8000/" in shown_urls(everywhere, LAPTOP, 8000)


@pytest.mark.parametrize(
    "host", ["192.168.1.20", "10.0.0.5", "172.16.4.4", "127.0.0.1", "localhost", "100.64.0.9"]
)
def test_lan_loopback_and_carrier_nat_hosts_are_accepted(host):
    assert choose_listeners(host, LAPTOP)


def test_a_host_that_is_no_address_is_a_clear_error():
    with pytest.raises(ServeError) as refused:
        choose_listeners("不是地址.invalid", LAPTOP)
    assert "无法识别监听地址" in refused.value.message


# --- secrets and limits ---------------------------------------------------------------------------


def test_code_and_pin_are_random_digits_unless_given():
    settings = make_settings(None, None, None)
    assert re.fullmatch(r"\d{6}", settings.code) and re.fullmatch(r"\d{6}", settings.pin)
    assert {make_settings(None, None, None).code for _ in range(20)} != {settings.code}
    given = make_settings("1234", "987654", DAY)
    assert (given.code, given.pin, given.today()) == ("1234", "987654", DAY)


@pytest.mark.parametrize(("code", "pin"), [("12", None), ("abcd", None), (None, "12 34"), ("1234", "1234")])
def test_a_bad_code_or_pin_is_refused(code, pin):
    with pytest.raises(ServeError):
        make_settings(code, pin, None)


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_rate_limiter_allows_a_burst_then_the_rate_per_client():
    clock = FakeClock()
    limiter = RateLimiter(rate=2.0, burst=3, clients=2, clock=clock)
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # another tablet has its own budget
    clock.now += 0.5  # one more token for "a"
    assert [limiter.allow("a"), limiter.allow("a")] == [True, False]
    limiter.allow("c")  # remembers two clients: "b" is forgotten, and starts afresh
    assert [limiter.allow("b") for _ in range(3)] == [True, True, True]


def test_wrong_secrets_lock_a_client_until_they_age_out():
    clock = FakeClock()
    wrong = WrongSecrets(limit=3, seconds=60, clients=10, clock=clock)
    for _ in range(3):
        assert not wrong.locked("a")
        wrong.failed("a")
    assert wrong.locked("a") and not wrong.locked("b")
    clock.now += 61
    assert not wrong.locked("a")


def test_csrf_tokens_are_signed_and_must_match_the_cookie():
    tokens = CsrfTokens()
    token = tokens.new()
    assert tokens.valid(token, token)
    assert not tokens.valid(token, tokens.new())  # another page's cookie
    assert not tokens.valid(token, None)
    nonce = token.split(".")[0]
    forged = f"{nonce}.{'0' * 32}"
    assert not tokens.valid(forged, forged)
    assert not CsrfTokens().valid(token, token)  # a token from before a restart


# --- the sign-in form ---------------------------------------------------------------------------


def csrf_of(page_text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page_text).group(1)


def test_signin_needs_an_open_session_a_token_and_the_code(client):
    session, http = client
    form = http.get("/signin")
    token = csrf_of(form.text)
    assert http.cookies.get("pingan_csrf") == token

    closed = http.post("/signin", data={"csrf": token, "code": CODE, "member": "S001"})
    assert closed.status_code == 400 and "还没有开始点名" in closed.text

    http.post(
        "/api/session",
        json={k: v for k, v in mark().items() if k not in ("member", "status")},
        headers=TRAINER,
    )
    token = csrf_of(http.get("/signin").text)
    forged = http.post("/signin", data={"csrf": "x.y", "code": CODE, "member": "S001"})
    assert forged.status_code == 403
    wrong = http.post("/signin", data={"csrf": token, "code": "000000", "member": "S001"})
    assert wrong.status_code == 401 and "会话码不对" in wrong.text
    unknown = http.post("/signin", data={"csrf": token, "code": CODE, "member": "S999"})
    assert unknown.status_code == 400 and "S999" in unknown.text

    signed = http.post("/signin", data={"csrf": token, "code": CODE, "member": "S001"})
    assert signed.status_code == 200 and "签到成功" in signed.text
    again = http.post("/signin", data={"csrf": token, "code": CODE, "member": "S001"})
    assert "已经点过名" in again.text
    with session.db.session() as db_session:
        assert db_session.execute(select(Attendance.member_id, Attendance.status)).all() == [
            ("S001", "present")
        ]
    assert http.get("/api/roll", headers=TRAINER).json()["self_signed"] == ["S001"]


def test_a_form_from_another_site_without_the_cookie_is_refused(client):
    session, http = client
    http.post(
        "/api/session",
        json={k: v for k, v in mark().items() if k not in ("member", "status")},
        headers=TRAINER,
    )
    token = csrf_of(http.get("/signin").text)
    http.cookies.clear()  # a cross-site post: SameSite=Strict keeps the cookie home
    refused = http.post("/signin", data={"csrf": token, "code": CODE, "member": "S002"})
    assert refused.status_code == 403
    with session.db.session() as db_session:
        assert db_session.scalars(select(Attendance)).all() == []


def test_signin_never_overrides_the_trainers_mark(client):
    session, http = client
    http.post("/api/attendance", json=mark(member="S003", status="迟到"), headers=TRAINER)
    token = csrf_of(http.get("/signin").text)
    answer = http.post("/signin", data={"csrf": token, "code": CODE, "member": "S003"})
    assert "已经点过名" in answer.text
    with session.db.session() as db_session:
        assert db_session.scalar(select(Attendance.status)) == "late"


def test_a_sign_in_form_that_names_a_script_shows_it_as_text(client):
    _, http = client
    http.post(
        "/api/session",
        json={k: v for k, v in mark().items() if k not in ("member", "status")},
        headers=TRAINER,
    )
    token = csrf_of(http.get("/signin").text)
    answer = http.post("/signin", data={"csrf": token, "code": CODE, "member": '"><script>alert(1)</script>'})
    assert answer.status_code == 400
    assert "<script>alert(1)" not in answer.text and "&lt;script&gt;" in answer.text


# --- restart ------------------------------------------------------------------------------------


def test_a_restarted_server_knows_the_open_session_and_who_signed_in(make_session):
    from starlette.testclient import TestClient

    first = make_session()
    with TestClient(first.app) as http:
        http.post("/api/attendance", json=mark(member="S010", status="请假"), headers=TRAINER)
        token = csrf_of(http.get("/signin").text)
        http.post("/signin", data={"csrf": token, "code": CODE, "member": "S011"})
    second = first.restarted()
    with TestClient(second.app) as http:
        roll = http.get("/api/roll", headers=TRAINER).json()
        board = http.get("/api/board", headers=TRAINER).json()
    assert roll["session"]["course"] == "m-serve"
    assert roll["statuses"] == {"S010": "excused", "S011": "present"}
    assert roll["self_signed"] == ["S011"]
    assert board["signed_in"] == 1 and board["missing"] == 38
    second.db.close()


def test_every_write_is_logged_with_the_client_address(client):
    session, http = client
    http.post("/api/attendance", json=mark(), headers=TRAINER)
    http.post("/api/attendance", json=mark(), headers={"X-Pingan-Code": CODE, "X-Pingan-Pin": "1"})
    entries = list(session.log.entries(DAY))
    assert [(e["client"], e["action"], e["outcome"]) for e in entries] == [
        ("testclient", "attendance", "saved"),
        ("testclient", "/api/attendance", "refused"),
    ]
    assert entries[1]["reason"] == "培训人员 PIN 不对"
    assert PIN not in session.log.path(DAY).read_text(encoding="utf-8")


# --- the site is built first when missing or stale ------------------------------------------------


def test_site_state_tells_missing_stale_and_fresh(tmp_path):
    root = make_project(tmp_path / "proj", "2024-09")
    project = load_project(root)
    assert site_state(project) is SiteState.MISSING
    from generator.pipeline import build

    build(project, prints=False)
    assert site_state(project) is SiteState.FRESH
    bank = root / "quizzes" / "bank-serve.yml"
    built = (project.paths.team_site / "index.html").stat().st_mtime
    os.utime(bank, (built + 5, built + 5))  # edited after the build
    assert site_state(project) is SiteState.STALE
    os.utime(bank, (built - 5, built - 5))
    assert site_state(project) is SiteState.FRESH
    quiz = project.paths.team_site / "assets" / "javascripts" / "pingan-quiz.js"
    quiz.write_text("/* built by an older pingan */", encoding="utf-8")
    assert site_state(project) is SiteState.STALE


# --- the command ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--host", "8.8.8.8"], "公网地址"),
        (["--code", "12"], "会话码“12”不合格"),
        (["--code", "123456", "--pin", "123456"], "不能相同"),
        (["--date", "明天"], "日期“明天”无法识别"),
    ],
)
def test_serve_refuses_bad_options_before_listening(run, args, expected):
    code, _, err = run("serve", *args)
    assert code == 1 and expected in err and "Traceback" not in err


def test_serve_without_a_built_site_and_no_build_says_so(run, tmp_path):
    root = make_project(tmp_path / "proj", "2024-09")
    code, _, err = run("serve", str(root), "--host", "127.0.0.1", "--no-build")
    assert code == 1 and "找不到团队站点" in err and "pingan build" in err


def test_a_busy_port_is_a_clear_error(run, tmp_path):
    import socket

    root = make_project(tmp_path / "proj", "2024-09")
    (root / "site" / "team").mkdir(parents=True)
    (root / "site" / "team" / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run("serve", str(root), "--host", "127.0.0.1", "--port", str(port), "--no-build")
    assert code == 1 and f"无法在 127.0.0.1:{port} 上监听" in err and f"--port {port + 1}" in err


def test_the_banner_shows_where_to_go_the_qr_code_and_the_secrets():
    from generator.serve.server import banner

    settings = make_settings(CODE, PIN, DAY)
    lines = banner(["http://192.168.1.20:8000/", "http://127.0.0.1:8000/"], settings, "log.jsonl", False)
    shown = "\n".join(lines)
    assert "  http://192.168.1.20:8000/" in lines and "http://127.0.0.1:8000/" not in shown
    assert f"会话码：{CODE}" in shown and f"PIN：{PIN}" in shown
    assert "http://192.168.1.20:8000/roll" in shown
    assert "█" in shown  # the QR code, drawn with block characters
    local = "\n".join(banner(["http://127.0.0.1:8000/"], settings, "log.jsonl", True))
    assert "只在本机地址上监听" in local and "  http://127.0.0.1:8000/" in local
