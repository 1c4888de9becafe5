"""Small request and response helpers shared by the API and the sign-in form."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import Scope


class TooLarge(Exception):
    """The body is over the size limit of its route (answered 413)."""


def client_of(request_or_scope: Request | Scope) -> str:
    """The client's address, as the socket sees it (no proxy headers are trusted)."""
    scope = request_or_scope.scope if isinstance(request_or_scope, Request) else request_or_scope
    client = scope.get("client")
    return client[0] if client else "?"


def error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"status": "error", "message": message, **extra}, status_code=status)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, or TooLarge past ``limit`` bytes (declared or actually sent)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge
    return bytes(body)
