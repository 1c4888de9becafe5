"""Safety on a shared network: secrets compared in constant time, per-client rate limits,
a wait after repeated wrong codes or PINs, and CSRF tokens for the one HTML form.

Pure bookkeeping with an injectable clock, so the rules are tested without waiting.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


def same_secret(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.strip().encode(), expected.encode())


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """A token bucket per client: ``burst`` requests at once, then ``rate`` a second."""

    def __init__(self, rate: float, burst: int, clients: int, clock: Clock = time.monotonic):
        self.rate, self.burst, self.clients, self.clock = rate, burst, clients, clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def allow(self, client: str) -> bool:
        now = self.clock()
        bucket = self._buckets.pop(client, None) or _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        self._buckets[client] = bucket  # most recent last
        while len(self._buckets) > self.clients:
            self._buckets.popitem(last=False)
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True


class WrongSecrets:
    """After ``limit`` wrong codes or PINs a client waits ``seconds`` before it may try again."""

    def __init__(self, limit: int, seconds: float, clients: int, clock: Clock = time.monotonic):
        self.limit, self.seconds, self.clients, self.clock = limit, seconds, clients, clock
        self._failures: OrderedDict[str, list[float]] = OrderedDict()

    def locked(self, client: str) -> bool:
        recent = self._recent(client)
        return len(recent) >= self.limit

    def failed(self, client: str) -> None:
        recent = self._recent(client)
        recent.append(self.clock())
        self._failures[client] = recent
        while len(self._failures) > self.clients:
            self._failures.popitem(last=False)

    def _recent(self, client: str) -> list[float]:
        since = self.clock() - self.seconds
        recent = [t for t in self._failures.pop(client, []) if t > since]
        if recent:
            self._failures[client] = recent
        return recent


class CsrfTokens:
    """Signed double-submit tokens: the form carries one, a SameSite cookie carries the same.

    A token is ``nonce.signature`` with a secret made when the server starts, so a page
    from another site can neither read nor forge one.
    """

    def __init__(self, secret: bytes | None = None):
        self._secret = secret or secrets.token_bytes(32)

    def new(self) -> str:
        nonce = secrets.token_urlsafe(16)
        return f"{nonce}.{self._sign(nonce)}"

    def valid(self, form_token: str | None, cookie_token: str | None) -> bool:
        if not form_token or not cookie_token or not hmac.compare_digest(form_token, cookie_token):
            return False
        return self.signed(form_token)

    def signed(self, token: str | None) -> bool:
        """One of ours (a page keeps the token its tablet already has, so two tabs both work)."""
        nonce, _, signature = (token or "").partition(".")
        return bool(nonce) and hmac.compare_digest(signature, self._sign(nonce))

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._secret, nonce.encode(), hashlib.sha256).hexdigest()[:32]
