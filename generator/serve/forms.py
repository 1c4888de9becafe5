"""/signin: a member types the session code and their 编号 on a tablet (a plain HTML form).

It works without JavaScript, so it is a real form post, protected by a signed CSRF token
in a hidden field and the same token in a SameSite=Strict cookie (double submit).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ..messages import serve as text
from .bodies import TooLarge, client_of, read_body
from .guard import CsrfTokens
from .pages import PageRenderer
from .records import Refused, SessionRecords
from .settings import Limits

SecretCheck = Callable[[str, str | None, str | None, bool], Response | None]

CSRF_COOKIE = "pingan_csrf"


class SignInPages:
    def __init__(self, pages: PageRenderer, records: SessionRecords, limits: Limits, check: SecretCheck):
        self.pages, self.records, self.limits, self.check = pages, records, limits, check
        self.tokens = CsrfTokens()

    def _page(self, request: Request, status: int = 200, **context) -> Response:
        kept = request.cookies.get(CSRF_COOKIE)
        token = kept if self.tokens.signed(kept) else self.tokens.new()
        response = self.pages.page(
            "serve/signin.html.j2",
            text.SIGNIN_TITLE,
            "signin.js",
            status=status,
            csrf=token,
            **{"message": "", "ok": False, "member": "", **context},
        )
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/signin")
        return response

    async def form(self, request: Request) -> Response:
        return self._page(request)

    async def submit(self, request: Request) -> Response:
        try:
            raw = await read_body(request, self.limits.form_bytes)
        except TooLarge:
            return self._page(request, 413, message=text.TOO_LARGE_FORM)
        fields = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
        member_id = fields.get("member", "").strip()[:50]
        if not self.tokens.valid(fields.get("csrf"), request.cookies.get(CSRF_COOKIE)):
            return self._page(request, 403, message=text.CSRF_FAILED, member=member_id)
        client = client_of(request)
        refused = self.check(client, fields.get("code"), None, False)
        if refused is not None:
            message = text.WRONG_CODE if refused.status_code == 401 else text.TOO_MANY_WRONG
            return self._page(request, refused.status_code, message=message, member=member_id)
        if not member_id:
            return self._page(request, 400, message=text.SIGNIN_NEED_MEMBER)
        try:
            member, new = await run_in_threadpool(self.records.sign_in, member_id, client)
        except Refused as exc:
            return self._page(request, 400, message=exc.message, member=member_id)
        done = text.SIGNIN_OK if new else text.SIGNIN_ALREADY
        return self._page(request, 200, message=done.format(name=member.name, id=member.id), ok=True)
