"""The dispatcher: an asyncio task in every service process.

1. Fan-out: reads the outbox after its cursor (``event_cursors`` row ``dispatcher``), in
   ``(txid, position)`` order and only events whose transactions have all ended (see
   :mod:`shared.events.tables`), and makes one delivery per matching subscription; the
   cursor moves in the same transaction. The cursor row is taken ``FOR UPDATE SKIP
   LOCKED``: one replica fans out at a time, the others skip.
2. Delivery: claims due deliveries ``FOR UPDATE SKIP LOCKED`` and leases them (status
   ``delivering``, ``leased_until``), commits, POSTs each signed event, then records the
   outcome and the try. A lease that runs out (its replica died) makes the delivery due
   again. Recording is retried until the database takes it: a try is never sent twice
   because its outcome could not be written.

It wakes on ``LISTEN pmo_outbox`` (every outbox insert and every replay notifies) and polls
every ``poll_interval_seconds`` besides. :meth:`Dispatcher.stop` stops claiming, lets the
sends in flight finish and be recorded (at most ``shutdown_grace_seconds``), then closes.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime
from typing import Any

import aiohttp
import asyncpg
import structlog
from fastapi import FastAPI
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.events.migration import NOTIFY_CHANNEL
from shared.reads import asyncpg_dsn
from shared.webhooks import sender
from shared.webhooks.repository import WebhookRepository
from shared.webhooks.settings import WebhookSettings

log = structlog.get_logger("pmo.webhooks")
CURSOR = "dispatcher"
RECORD_BACKOFF = (0.1, 0.5, 1.0, 2.0, 5.0)
LISTEN_RETRY_SECONDS = 2.0


class Dispatcher:
    def __init__(
        self,
        engine: AsyncEngine,
        database_url: str,
        repository: WebhookRepository,
        settings: WebhookSettings,
        service: str,
    ) -> None:
        self.engine = engine
        self.dsn = asyncpg_dsn(database_url)
        self.repository = repository
        self.settings = settings
        self.service = service
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._inflight: set[asyncio.Task[None]] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._http: aiohttp.ClientSession | None = None

    # -- life ----------------------------------------------------------------------------

    async def start(self) -> None:
        self._http = sender.open_session(self.settings)
        self._tasks = [
            asyncio.create_task(self._run(), name=f"webhooks-{self.service}"),
            asyncio.create_task(self._listen(), name=f"webhooks-listen-{self.service}"),
        ]

    async def stop(self) -> None:
        """Stop claiming; finish and record the sends in flight (bounded); close."""
        self._stopping.set()
        self._wake.set()
        if self._tasks:
            run, listen = self._tasks
            listen.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(run, timeout=self.settings.shutdown_grace_seconds + 5)
            with contextlib.suppress(asyncio.CancelledError):
                await listen
        if self._inflight:
            done, pending = await asyncio.wait(
                set(self._inflight), timeout=self.settings.shutdown_grace_seconds
            )
            for task in pending:  # their leases run out; another replica sends them again
                task.cancel()
            if pending:
                await asyncio.wait(pending)
            log.info("webhooks_flushed", finished=len(done), abandoned=len(pending))
        if self._http is not None:
            await self._http.close()

    def wake(self) -> None:
        self._wake.set()

    # -- the loop ------------------------------------------------------------------------

    async def _run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                busy = await self.fan_out()
                busy = await self._claim_and_send() or busy
                failures = 0
            except Exception:
                failures += 1
                log.warning("webhooks_dispatch_failed", service=self.service, exc_info=True)
                busy = False
                await self._sleep(min(self.settings.poll_interval_seconds * failures, 30.0))
                continue
            if not busy:
                await self._sleep(self.settings.poll_interval_seconds)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        self._wake.clear()

    async def _listen(self) -> None:
        """Holds a LISTEN connection, reconnecting when it drops; each notification wakes
        the loop. Without it the loop still polls."""
        while not self._stopping.is_set():
            connection = None
            try:
                connection = await asyncpg.connect(self.dsn)
                lost = asyncio.Event()
                connection.add_termination_listener(_setter(lost))
                await connection.add_listener(NOTIFY_CHANNEL, lambda *_a: self._wake.set())
                self._wake.set()
                await lost.wait()
            except Exception:  # the database is down or restarting: poll meanwhile
                log.info("webhooks_listen_unavailable", service=self.service)
            finally:
                if connection is not None:
                    with contextlib.suppress(Exception):
                        await asyncio.shield(connection.close(timeout=2))
            await asyncio.sleep(LISTEN_RETRY_SECONDS)

    # -- fan-out -------------------------------------------------------------------------

    async def fan_out(self) -> bool:
        """One batch of events into deliveries; True when there were events."""
        repo = self.repository
        async with self.engine.begin() as db:
            cursor = await repo.lock_cursor(db, CURSOR)
            if cursor is None:
                return False
            events = await repo.events_after(db, *cursor, self.settings.fanout_batch_size)
            if not events:
                return False
            made = await repo.fan_out(db, [event["id"] for event in events])
            last = events[-1]
            await repo.move_cursor(db, CURSOR, last["txid"], last["position"])
        if made:
            log.debug("webhooks_fanned_out", events=len(events), deliveries=made)
        return True

    # -- deliveries ----------------------------------------------------------------------

    async def _claim_and_send(self) -> bool:
        free = self.settings.batch_size - len(self._inflight)
        if free <= 0:
            await asyncio.wait(
                set(self._inflight),
                timeout=self.settings.poll_interval_seconds,
                return_when=asyncio.FIRST_COMPLETED,
            )
            return True
        async with self.engine.begin() as db:
            rows = await self.repository.claim(db, self.settings.lease_seconds, free)
        for row in rows:
            task = asyncio.create_task(self._deliver(row))
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)
        return bool(rows)

    async def _deliver(self, row: dict[str, Any]) -> None:
        assert self._http is not None
        body, headers = sender.signed(row, self.service)
        answer = await sender.post(self._http, row["url"], body, headers, self.settings.networks())
        now = datetime.now(UTC)
        outcome = sender.outcome_of(answer, row["attempts"], self.settings, now)
        attempt = sender.attempt_of(answer, now)
        await self._record(row, outcome, attempt)

    async def _record(
        self, row: dict[str, Any], outcome: dict[str, Any], attempt: dict[str, Any]
    ) -> None:
        """Writes the outcome, retrying while the database is unavailable: the try was
        made, and sending it again only because its outcome was lost is what we avoid."""
        tries = 0
        while True:
            try:
                async with self.engine.begin() as db:
                    kept = await self.repository.record(
                        db, row["id"], row["leased_until"], outcome, attempt
                    )
                if not kept:
                    log.warning("webhooks_lease_lost", delivery=str(row["id"]))
                return
            except IntegrityError:  # the subscription was deleted meanwhile, with its log
                log.info("webhooks_delivery_gone", delivery=str(row["id"]))
                return
            except Exception:
                delay = RECORD_BACKOFF[min(tries, len(RECORD_BACKOFF) - 1)]
                tries += 1
                log.warning("webhooks_record_retry", delivery=str(row["id"]), exc_info=True)
                await asyncio.sleep(delay)


def _setter(event: asyncio.Event) -> Any:
    return lambda *_args: event.set()


def dispatcher_of(app: FastAPI) -> Dispatcher | None:
    found: Dispatcher | None = getattr(app.state, "webhook_dispatcher", None)
    return found


async def start_dispatcher(app: FastAPI, repository: WebhookRepository, service: str) -> None:
    """Starts the app's dispatcher (``app.state.webhook_dispatcher``) unless disabled."""
    settings: WebhookSettings = app.state.settings.webhooks
    app.state.webhook_dispatcher = None
    if not settings.dispatcher_enabled:
        return
    dispatcher = Dispatcher(
        app.state.engine, app.state.settings.database_url, repository, settings, service
    )
    await dispatcher.start()
    app.state.webhook_dispatcher = dispatcher


async def stop_dispatcher(app: FastAPI) -> None:
    dispatcher = dispatcher_of(app)
    if dispatcher is not None:
        await dispatcher.stop()
        app.state.webhook_dispatcher = None
