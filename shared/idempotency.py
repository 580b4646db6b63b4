"""``Idempotency-Key`` for POST, as pure ASGI middleware.

The first request with a key claims it in its own committed statement (so concurrent
duplicates see the claim), runs, and stores its response; a later request with the same
key and body gets that response replayed with ``Idempotency-Replayed: true``. The same key
with another body is a 422; a duplicate while the first is still running is a 409. A 5xx
releases the claim so the client may retry, unless the request's change was committed
(:mod:`shared.idempotency_claim`: the claim is marked in the request's own transaction, so
after a connection lost during COMMIT a retry gets a 409 ``already-applied`` instead of
applying the change twice). A claim whose request died is taken over after ``lock_seconds``.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    and_,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.asgi_body import read_body, replayed
from shared.errors import (
    AlreadyApplied,
    FieldError,
    IdempotencyInFlight,
    IdempotencyKeyReused,
    ProblemError,
    Unauthorized,
    ValidationFailed,
)
from shared.idempotency_claim import APPLIED, DONE, IN_FLIGHT, IdempotencyClaim, hold_claim
from shared.problems import problem_response

IDEMPOTENCY_HEADER = b"idempotency-key"
MAX_KEY_LENGTH = 255
# Visible ASCII: what survives every HTTP stack unchanged (UUIDs, ULIDs, base64 all fit).
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]+$"
_VALID_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)
_SKIPPED_HEADERS = frozenset({b"date", b"server", b"x-request-id", b"content-length"})


def idempotency_table(metadata: MetaData) -> Table:
    return Table(
        "idempotency_keys",
        metadata,
        Column("principal", String(255), primary_key=True),
        Column("key", String(MAX_KEY_LENGTH), primary_key=True),
        Column("fingerprint", String(64), nullable=False),
        Column("state", String(16), nullable=False),
        Column("status_code", Integer),
        Column("headers", JSONB),
        Column("body", LargeBinary),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("locked_until", DateTime(timezone=True), nullable=False),
    )


class IdempotencyMiddleware:
    def __init__(
        self, app: ASGIApp, *, table: Table, ttl_seconds: int = 86_400, lock_seconds: int = 60
    ) -> None:
        self.app = app
        self.table = table
        self.ttl = timedelta(seconds=ttl_seconds)
        self.lock = timedelta(seconds=lock_seconds)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, IDEMPOTENCY_HEADER)
        if scope["type"] != "http" or scope["method"] != "POST" or key is None:
            await self.app(scope, receive, send)
            return
        try:
            principal = await _principal(scope)
        except ProblemError:
            # Let the route answer 401 as it would without the header.
            await self.app(scope, receive, send)
            return
        try:
            await self._handle(scope, receive, send, key, principal)
        except ProblemError as error:
            await problem_response(error, scope["path"])(scope, receive, send)

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, key: str, principal: str
    ) -> None:
        if len(key) > MAX_KEY_LENGTH or not _VALID_KEY.fullmatch(key):
            rule = f"1 to {MAX_KEY_LENGTH} visible ASCII characters"
            raise ValidationFailed(
                f"Idempotency-Key must be {rule}.", errors=[FieldError("Idempotency-Key", rule)]
            )
        body = await read_body(receive)
        fingerprint = _fingerprint(scope, body)
        engine: AsyncEngine = scope["app"].state.engine
        stored = await self._claim(engine, principal, key, fingerprint)
        if stored is not None:
            await _replay(stored, send)
            return
        hold_claim(scope, IdempotencyClaim(self.table, principal, key))
        captured = _CapturedResponse()
        try:
            await self.app(scope, replayed(body, receive), captured.send)
        except BaseException:
            await self._release(engine, principal, key)
            raise
        if captured.status >= 500:
            await self._release(engine, principal, key)
        else:
            await self._store(engine, principal, key, captured)
        await captured.forward(send)

    async def _claim(
        self, engine: AsyncEngine, principal: str, key: str, fingerprint: str
    ) -> dict[str, Any] | None:
        """Take the key for this request (None: go ahead), or answer the stored response of
        the request that already completed with it."""
        now = datetime.now(UTC)
        async with engine.begin() as conn:
            if await self._insert_new(conn, principal, key, fingerprint, now):
                return None
            row = await self._locked_row(conn, principal, key)
            if row["created_at"] < now - self.ttl:
                # Forgotten after the TTL: the key starts a new request, as if never seen.
                fresh = {"fingerprint": fingerprint, "state": IN_FLIGHT, "created_at": now}
                fresh.update(status_code=None, headers=None, body=None)
                await self._relock(conn, principal, key, now, **fresh)
                return None
            if row["fingerprint"] != fingerprint:
                raise IdempotencyKeyReused(
                    "This Idempotency-Key was used with a different request body or path."
                )
            if row["state"] == DONE:
                return row
            if row["state"] == APPLIED:
                raise AlreadyApplied(
                    "The request with this Idempotency-Key was applied, but its answer was "
                    "lost (the database connection or the service failed after the commit); "
                    "read the resource back."
                )
            if row["locked_until"] > now:
                raise IdempotencyInFlight("A request with this Idempotency-Key is in progress.")
            await self._relock(conn, principal, key, now)  # its first request died: retry
            return None

    async def _insert_new(
        self, conn: AsyncConnection, principal: str, key: str, fingerprint: str, now: datetime
    ) -> bool:
        t = self.table
        claimed = await conn.execute(
            pg_insert(t)
            .values(
                principal=principal,
                key=key,
                fingerprint=fingerprint,
                state=IN_FLIGHT,
                locked_until=now + self.lock,
            )
            .on_conflict_do_nothing()
            .returning(t.c.key)
        )
        return claimed.first() is not None

    async def _locked_row(self, conn: AsyncConnection, principal: str, key: str) -> dict[str, Any]:
        t = self.table
        statement = select(t).where(t.c.principal == principal, t.c.key == key).with_for_update()
        return dict((await conn.execute(statement)).mappings().one())

    async def _relock(
        self, conn: AsyncConnection, principal: str, key: str, now: datetime, **values: Any
    ) -> None:
        t = self.table
        await conn.execute(
            update(t)
            .where(t.c.principal == principal, t.c.key == key)
            .values(locked_until=now + self.lock, **values)
        )

    async def _store(
        self, engine: AsyncEngine, principal: str, key: str, captured: _CapturedResponse
    ) -> None:
        t = self.table
        async with engine.begin() as conn:
            await conn.execute(
                update(t)
                .where(and_(t.c.principal == principal, t.c.key == key))
                .values(
                    state=DONE,
                    status_code=captured.status,
                    headers=captured.storable_headers(),
                    body=captured.body,
                )
            )

    async def _release(self, engine: AsyncEngine, principal: str, key: str) -> None:
        """Frees the key for a retry, unless the request's change was committed (an
        ``applied`` claim stays). A COMMIT still running on the server holds the claim's row
        lock: the delete waits for its outcome."""
        t = self.table
        async with engine.begin() as conn:
            await conn.execute(
                delete(t).where(t.c.principal == principal, t.c.key == key, t.c.state == IN_FLIGHT)
            )


async def purge_expired_keys(engine: AsyncEngine, table: Table, ttl_seconds: int) -> int:
    """Delete keys past their TTL (run at start-up; cheap with the table's small size)."""
    cutoff = datetime.now(UTC) - timedelta(seconds=ttl_seconds)
    async with engine.begin() as conn:
        result = await conn.execute(delete(table).where(table.c.created_at < cutoff))
        return result.rowcount or 0


class _CapturedResponse:
    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)

    def storable_headers(self) -> list[list[str]]:
        return [
            [k.decode("latin-1"), v.decode("latin-1")]
            for k, v in self.headers
            if k.lower() not in _SKIPPED_HEADERS
        ]

    async def forward(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body})


async def _replay(stored: dict[str, Any], send: Send) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored["headers"] or []]
    headers.append((b"idempotency-replayed", b"true"))
    await send({"type": "http.response.start", "status": stored["status_code"], "headers": headers})
    await send({"type": "http.response.body", "body": stored["body"] or b""})


def _fingerprint(scope: Scope, body: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(scope["path"].encode())
    digest.update(b"?" + scope.get("query_string", b""))
    digest.update(b"\0" + body)
    return digest.hexdigest()


async def _principal(scope: Scope) -> str:
    auth = _header(scope, b"authorization") or ""
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized()
    principal = await scope["app"].state.token_verifier.verify(token.strip())
    return str(principal.subject)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


__all__ = ["IdempotencyMiddleware", "idempotency_table", "purge_expired_keys"]
