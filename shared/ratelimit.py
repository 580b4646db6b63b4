"""Rate limits per principal (the ``limits`` library), as an ASGI middleware.

Keyed by the verified token's subject (the client's IP when there is no valid token), with
separate budgets for reads (GET, HEAD, OPTIONS) and writes, per service. Settings
``PMO_RATE_LIMIT_*``: enabled, reads_per_minute, writes_per_minute, storage_url
(``memory://`` for one replica; ``redis://host:port/db`` for several, which then share
each principal's budget), key_prefix.

Strategy: the sliding window counter. ``limits`` offers no token bucket; of what it offers
the sliding window counter behaves most like one: the previous window's count is weighted
by how much of it still overlaps the last minute, so the budget refills continuously
instead of all at once at a window boundary (no double burst across it, as a fixed window
allows), and it keeps two counters per key, where the moving window stores every hit (600
timestamps per busy principal in Redis, and an O(n) count per request).

Every answer carries the IETF draft headers ``RateLimit-Limit``, ``RateLimit-Remaining``,
``RateLimit-Reset`` (seconds) and ``RateLimit-Policy`` (``<limit>;w=60``); a refused request
is a 429 problem with ``Retry-After``. ``/healthz``, ``/readyz`` and ``/metrics`` are exempt,
and so are our own services calling as themselves (``INTERNAL_ROLES``).

When the storage fails (Redis down or slow) requests go through without a limit and a
warning is logged (at most every 30 s): the limit protects the services from a noisy
client, and refusing every request because the limiter's store is down would turn a Redis
outage into a full outage, which is worse than a while without limits.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass

import structlog
from limits import RateLimitItem, RateLimitItemPerMinute
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.storage import storage_from_string
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.auth import GlobalRole
from shared.errors import ProblemError, TooManyRequests
from shared.problems import problem_response

log = structlog.get_logger("pmo.ratelimit")
INTERNAL_ROLES = frozenset({GlobalRole.governance_service})
EXEMPT_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STORAGE_TIMEOUT_SECONDS = 0.5
WARN_EVERY_SECONDS = 30.0


class RateLimitSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PMO_RATE_LIMIT_", extra="ignore")

    enabled: bool = True
    # Generous: a person in a browser or a gateway fanning out one query stays far below.
    reads_per_minute: int = Field(default=3000, ge=1)
    writes_per_minute: int = Field(default=1200, ge=1)
    storage_url: str = "memory://"
    key_prefix: str = "pmo-rl"


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int

    def headers(self) -> list[tuple[bytes, bytes]]:
        return [
            (b"ratelimit-limit", str(self.limit).encode()),
            (b"ratelimit-remaining", str(self.remaining).encode()),
            (b"ratelimit-reset", str(self.reset_seconds).encode()),
            (b"ratelimit-policy", f"{self.limit};w=60".encode()),
        ]


class RateLimiter:
    """One per app (shared by the gateway's entry points). The storage is built here, with
    the app (building a Redis one imports its client: seconds, never on a request); it
    connects on first use. ``reads_only``: every request counts against the read budget
    (the gateway, which cannot tell a GraphQL mutation without parsing the body; the
    services a mutation reaches count it against their write budgets)."""

    def __init__(
        self, settings: RateLimitSettings, *, service: str, reads_only: bool = False
    ) -> None:
        self.settings = settings
        self.service = service
        self.reads_only = reads_only
        self.reads = RateLimitItemPerMinute(settings.reads_per_minute, namespace="reads")
        self.writes = RateLimitItemPerMinute(settings.writes_per_minute, namespace="writes")
        self._strategy = _strategy(settings) if settings.enabled else None
        self._warned_at = -math.inf

    async def check(self, method: str, key: str) -> Verdict | None:
        """Counts the request; None when the storage failed (fail open, logged)."""
        item = self.reads if self.reads_only or method in READ_METHODS else self.writes
        try:
            return await asyncio.wait_for(self._hit(item, key), STORAGE_TIMEOUT_SECONDS * 2)
        except Exception as exc:
            now = time.monotonic()
            if now - self._warned_at >= WARN_EVERY_SECONDS:
                self._warned_at = now
                log.warning("rate_limit_storage_failed_open", error=repr(exc))
            return None

    async def _hit(self, item: RateLimitItem, key: str) -> Verdict:
        limiter = self._strategy
        assert limiter is not None  # the middleware checks only when enabled
        allowed = await limiter.hit(item, self.service, key)
        stats = await limiter.get_window_stats(item, self.service, key)
        reset = max(1, math.ceil(stats.reset_time - time.time()))
        return Verdict(allowed, item.amount, stats.remaining, reset)


def _strategy(settings: RateLimitSettings) -> SlidingWindowCounterRateLimiter:
    url = settings.storage_url
    uri = url if url.startswith("async+") else f"async+{url}"
    options: dict[str, float | str | bool] = {}
    if "redis" in uri:
        options = {
            "key_prefix": settings.key_prefix,
            "implementation": "redispy",
            "socket_timeout": STORAGE_TIMEOUT_SECONDS,
            "socket_connect_timeout": STORAGE_TIMEOUT_SECONDS,
        }
    storage = storage_from_string(uri, wrap_exceptions=True, **options)
    return SlidingWindowCounterRateLimiter(storage)  # type: ignore[arg-type]


class RateLimitMiddleware:
    """Counts every request but the exempt paths against its principal's budget."""

    def __init__(self, app: ASGIApp, *, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or not self.limiter.settings.enabled
            or scope["path"] in EXEMPT_PATHS
        ):
            await self.app(scope, receive, send)
            return
        key = await principal_key(scope)
        verdict = None if key is None else await self.limiter.check(scope["method"], key)
        if verdict is None:
            await self.app(scope, receive, send)
        elif not verdict.allowed:
            await _refuse(verdict, scope, receive, send)
        else:
            await self.app(scope, receive, _with_headers(send, verdict))


async def principal_key(scope: Scope) -> str | None:
    """``sub:<subject>`` of a valid bearer token, else ``ip:<client address>``; None for our
    own services calling as themselves (their jobs fan out by design, unthrottled)."""
    token = _bearer(scope)
    verifier = getattr(scope["app"].state, "token_verifier", None) if "app" in scope else None
    if token and verifier is not None:
        try:
            principal = await verifier.verify(token)
            if principal.roles & INTERNAL_ROLES:
                return None
            return "sub:" + principal.subject
        except ProblemError:
            pass  # the route answers 401/503 itself; this request counts against its address
    client = scope.get("client")
    return f"ip:{client[0] if client else 'unknown'}"


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" and token.strip() else None
    return None


def _with_headers(send: Send, verdict: Verdict) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", ()), *verdict.headers()]}
        await send(message)

    return wrapped


async def _refuse(verdict: Verdict, scope: Scope, receive: Receive, send: Send) -> None:
    error = TooManyRequests(
        f"Rate limit of {verdict.limit} requests a minute reached; retry in "
        f"{verdict.reset_seconds} s.",
        headers={"Retry-After": str(verdict.reset_seconds)},
    )
    response = problem_response(error, scope["path"])
    await response(scope, receive, _with_headers(send, verdict))
