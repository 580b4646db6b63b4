"""One LISTEN connection per process for every long-polling feed request.

The outbox trigger sends ``NOTIFY pmo_outbox`` when a transaction that wrote events
commits. Requests waiting for news share this connection: each takes the current
:meth:`OutboxListener.signal` *before* it reads (so a commit between its read and its wait
still wakes it), then waits on it. The connection opens with the first waiter and reopens
after a failure; while it is down, waiters fall back to polling (their timeouts).
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any

import asyncpg
import structlog

from shared.events.migration import NOTIFY_CHANNEL

log = structlog.get_logger("pmo.events.feed")
RECONNECT_AFTER_SECONDS = 2.0


class OutboxListener:
    def __init__(self, dsn: str, channel: str = NOTIFY_CHANNEL) -> None:
        self._dsn = dsn
        self._channel = channel
        self._connection: asyncpg.Connection | None = None
        self._signal: asyncio.Future[None] | None = None
        self._opening: asyncio.Lock | None = None
        self._retry_at = 0.0
        self.notifications = 0

    @property
    def listening(self) -> bool:
        return self._connection is not None and not self._connection.is_closed()

    async def signal(self) -> asyncio.Future[None]:
        """The future the next notification resolves (listening first, if not yet)."""
        await self._ensure_listening()
        if self._signal is None or self._signal.done():
            self._signal = asyncio.get_running_loop().create_future()
        return self._signal

    async def _ensure_listening(self) -> None:
        if self.listening:
            return
        loop = asyncio.get_running_loop()
        if loop.time() < self._retry_at:
            return
        self._opening = self._opening or asyncio.Lock()
        async with self._opening:
            if self.listening or loop.time() < self._retry_at:
                return
            try:
                connection = await asyncpg.connect(
                    self._dsn, server_settings={"application_name": "pmo-feed-listener"}
                )
                await connection.add_listener(self._channel, self._notified)
            except (OSError, asyncpg.PostgresError) as exc:
                self._retry_at = loop.time() + RECONNECT_AFTER_SECONDS
                log.warning("feed_listener_unavailable", error=str(exc))
                return
            connection.add_termination_listener(self._terminated)
            self._connection = connection

    def _notified(self, *_: Any) -> None:
        self.notifications += 1
        if self._signal is not None and not self._signal.done():
            self._signal.set_result(None)
        self._signal = None

    def _terminated(self, *_: Any) -> None:
        self._connection = None
        # Wake the waiters: they read again (and poll until the connection is back).
        self._notified()

    async def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with suppress(Exception):
                await connection.close(timeout=2)
        self._notified()


async def wait_for(signal: asyncio.Future[None], seconds: float) -> bool:
    """True when ``signal`` fired within ``seconds`` (it is shared: never cancelled)."""
    if seconds <= 0:
        return signal.done()
    try:
        async with asyncio.timeout(seconds):
            await asyncio.shield(signal)
    except TimeoutError:
        return False
    return True
