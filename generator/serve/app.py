"""The session's ASGI application (Starlette): the built team site and a small live API.

    GET  /api/ping          the quiz asks whether it is served by `pingan serve`
    GET  /api/check         is this code (and PIN) right?              X-Pingan-Code [, X-Pingan-Pin]
    POST /api/results       one pingan-quiz-result/1 document          X-Pingan-Code
    POST /api/session       the trainer opens today's session          X-Pingan-Code, X-Pingan-Pin
    POST /api/attendance    one roll-call mark (or 全部出勤)             X-Pingan-Code, X-Pingan-Pin
    GET  /api/roll, /api/board   what the trainer's pages show          X-Pingan-Code, X-Pingan-Pin
    GET  /roll, /board      the trainer's pages;  GET/POST /signin  a member's own sign-in (a form)
    /serve-assets/…         their scripts and style;  /…  the team site

The API is called by our own scripts with custom headers, which a page from another
origin cannot send without a CORS preflight that this server never grants; the one
HTML form (/signin) carries a CSRF token. Every response gets no-sniff, no-framing and
no-referrer headers; the trainer's pages a strict Content-Security-Policy as well.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..content import Project
from ..errors import PinganError
from ..messages import serve as text
from .bodies import TooLarge, client_of, error, read_body
from .forms import SignInPages
from .guard import RateLimiter, WrongSecrets, same_secret
from .pages import PageRenderer
from .records import Refused, SessionRecords
from .settings import SessionSettings
from .views import board_of, roll_of

SERVE_ASSETS = Path(__file__).resolve().parent.parent / "assets" / "serve"
API_VERSION = 1
logger = logging.getLogger("pingan.serve")


class SessionApp:
    """The routes of one session, around its records and settings."""

    def __init__(self, project: Project, records: SessionRecords, settings: SessionSettings):
        self.project = project
        self.records = records
        self.settings = settings
        limits = settings.limits
        self.wrong = WrongSecrets(limits.wrong_secrets, limits.lockout_seconds, limits.clients)
        self.pages = PageRenderer(project)
        self.signin = SignInPages(self.pages, records, settings.limits, self.check_secrets)

    # --- secrets ---------------------------------------------------------------------------------

    def refusal(self, request: Request, need_pin: bool) -> JSONResponse | None:
        """None when the request carries the right code (and PIN); else the answer to send."""
        return self.check_secrets(
            client_of(request),
            request.headers.get("x-pingan-code"),
            request.headers.get("x-pingan-pin") if need_pin else None,
            need_pin,
        )

    def check_secrets(self, client: str, code: str | None, pin: str | None, need_pin: bool):
        if self.wrong.locked(client):
            return error(429, text.LOCKED_OUT.format(seconds=int(self.settings.limits.lockout_seconds)))
        if not same_secret(code, self.settings.code):
            self.wrong.failed(client)
            logger.warning(text.LOG_WRONG_CODE.format(client=client))
            return error(401, text.WRONG_CODE, need="code")
        if need_pin and not same_secret(pin, self.settings.pin):
            self.wrong.failed(client)
            logger.warning(text.LOG_WRONG_PIN.format(client=client))
            return error(401, text.WRONG_PIN, need="pin")
        return None

    async def json_body(self, request: Request, limit: int, parse: bool = True) -> Any:
        """The posted JSON document (or its text, for the scorer to parse); Refused when it is not one."""
        raw = await read_body(request, limit)
        try:
            decoded = raw.decode("utf-8")
            return json.loads(decoded) if parse else decoded
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise Refused(text.NOT_JSON) from None

    def logged(self, request: Request, answer: JSONResponse) -> JSONResponse:
        """A write refused before it reached the records (secrets, size, not JSON), in the log too."""
        reason = json.loads(answer.body)["message"]
        day = self.records.today()
        self.records.log.write(day, client_of(request), request.url.path, "refused", reason=reason)
        return answer

    async def write(
        self, request: Request, need_pin: bool, limit: int, action, parse: bool = True
    ) -> Response:
        """Check secrets and size, parse, run ``action(body, client)`` in a worker thread."""
        refused = self.refusal(request, need_pin)
        if refused is not None:
            return self.logged(request, refused)
        try:
            body = await self.json_body(request, limit, parse)
        except TooLarge:
            return self.logged(request, error(413, text.TOO_LARGE.format(limit=limit // 1024)))
        except Refused as exc:
            return self.logged(request, error(400, exc.message))
        try:
            outcome = await run_in_threadpool(action, body, client_of(request))
        except Refused as exc:  # already in the log, with what was refused
            return error(400, exc.message)
        except PinganError as exc:  # the database is locked, full, unreachable…: the tablet retries
            return self.logged(request, error(503, str(exc)))
        except Exception as exc:  # a bug: nothing was committed; the tablet keeps it and retries
            if os.environ.get("PINGAN_DEBUG"):
                raise
            detail = f"{type(exc).__name__}: {exc}"
            logger.error(text.LOG_INTERNAL.format(path=request.url.path, detail=detail))
            return error(500, text.INTERNAL)
        return JSONResponse(outcome)

    # --- API -------------------------------------------------------------------------------------

    async def ping(self, request: Request) -> Response:
        day = self.records.today().isoformat()
        return JSONResponse({"service": "pingan-serve", "api": API_VERSION, "date": day})

    async def check(self, request: Request) -> Response:
        need_pin = "x-pingan-pin" in request.headers
        refused = self.refusal(request, need_pin)
        return refused or JSONResponse({"status": "ok", "trainer": need_pin})

    async def results(self, request: Request) -> Response:
        def submit(body: Any, client: str) -> dict[str, Any]:
            return asdict(self.records.submit_result(body, client))

        return await self.write(request, False, self.settings.limits.result_bytes, submit, parse=False)

    async def attendance(self, request: Request) -> Response:
        def mark(body: Any, client: str) -> dict[str, Any]:
            return {"status": "saved", **asdict(self.records.mark_attendance(body, client))}

        return await self.write(request, True, self.settings.limits.attendance_bytes, mark)

    async def open_session(self, request: Request) -> Response:
        def open_it(body: Any, client: str) -> dict[str, Any]:
            return {"status": "opened", "session": self.records.open_session(body, client).as_json()}

        return await self.write(request, True, self.settings.limits.form_bytes, open_it)

    async def roll(self, request: Request) -> Response:
        refused = self.refusal(request, True)
        if refused is not None:
            return refused
        return JSONResponse(asdict(await run_in_threadpool(roll_of, self.project, self.records)))

    async def board(self, request: Request) -> Response:
        refused = self.refusal(request, True)
        if refused is not None:
            return refused
        return JSONResponse(asdict(await run_in_threadpool(board_of, self.project, self.records)))

    # --- the trainer's pages -----------------------------------------------------------------------

    async def roll_page(self, request: Request) -> Response:
        return self.pages.page("serve/roll.html.j2", text.ROLL_TITLE, "roll.js")

    async def board_page(self, request: Request) -> Response:
        return self.pages.page("serve/board.html.j2", text.BOARD_TITLE, "board.js")

    def routes(self) -> list:
        return [
            Route("/api/ping", self.ping),
            Route("/api/check", self.check),
            Route("/api/results", self.results, methods=["POST"]),
            Route("/api/session", self.open_session, methods=["POST"]),
            Route("/api/attendance", self.attendance, methods=["POST"]),
            Route("/api/roll", self.roll),
            Route("/api/board", self.board),
            Route("/roll", self.roll_page),
            Route("/board", self.board_page),
            Route("/signin", self.signin.form, methods=["GET"]),
            Route("/signin", self.signin.submit, methods=["POST"]),
            Mount("/serve-assets", app=StaticFiles(directory=SERVE_ASSETS)),
            Mount("/", app=StaticFiles(directory=self.project.paths.team_site, html=True)),
        ]


class Guard:
    """ASGI middleware: per-client rate limits (writes and reads apart) and safety headers."""

    def __init__(self, app: ASGIApp, settings: SessionSettings):
        self.app = app
        limits = settings.limits
        self.writes = RateLimiter(limits.writes_per_second, limits.write_burst, limits.clients)
        self.reads = RateLimiter(limits.reads_per_second, limits.read_burst, limits.clients)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = client_of(scope)
        limiter = self.reads if scope["method"] in ("GET", "HEAD") else self.writes
        if not limiter.allow(client):
            response = error(429, text.TOO_MANY_REQUESTS)
            response.headers["Retry-After"] = "2"
            await response(scope, receive, send)
            return
        path = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "no-referrer"
                if path.startswith("/api/"):
                    headers["Cache-Control"] = "no-store"
                if path in ("/roll", "/board", "/signin"):
                    headers["Content-Security-Policy"] = PAGE_POLICY
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(project: Project, records: SessionRecords, settings: SessionSettings) -> Starlette:
    session = SessionApp(project, records, settings)
    app = Starlette(routes=session.routes(), exception_handlers={500: _internal_error})
    return Guard(app, settings)  # type: ignore[return-value]


async def _internal_error(request: Request, exc: Exception) -> Response:
    logger.error(text.LOG_INTERNAL.format(path=request.url.path, detail=f"{type(exc).__name__}: {exc}"))
    return error(500, text.INTERNAL)


__all__ = ["SessionApp", "create_app"]
