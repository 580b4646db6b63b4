"""The dispatcher: an asyncio task in every service process.

0. Three loops: fan-out (and now and then retention), the owners' review, delivery.
1. Fan-out: reads the outbox after its cursor (``event_cursors`` row ``dispatcher``), in
   ``(txid, position)`` order and only events whose transactions have all ended (see
   :mod:`shared.events.tables`), and makes one delivery per matching subscription; the
   cursor moves in the same transaction. The cursor row is taken ``FOR UPDATE SKIP
   LOCKED``: one replica fans out at a time, the others skip.
2. Delivery: claims due deliveries ``FOR UPDATE SKIP LOCKED`` and leases them (status
   ``delivering``, ``leased_until``), commits, POSTs each signed event, then records the
   outcome and the try (:mod:`shared.webhooks.recorder`: the outcomes that finished
   meanwhile in one transaction, each only if its lease is still ours). A lease that runs
   out (its replica died, or could not record in time) makes the delivery due again. A
   send that raises before it has an answer (a signing error, any bug) is recorded as a
   failed try with the error, so it is retried and in the end dead like any other failure.
   At most ``batch_size`` deliveries are claimed and not yet recorded at a time; claims
   wait until a quarter of them is free, so that one claim takes many. A subscription has
   at most ``max_in_flight_per_subscription`` leased at a time (a backlog leaves room for
   the others in every claim), and one receiver host gets at most
   ``max_connections_per_host`` POSTs at once from this process.

Fan-out, review and delivery are three loops: a delivery finishing does not run a fan-out
or a review, nor a fan-out or a slow projects service hold up the sends. The dispatcher has
its own small connection pool (``db_pool_size``), apart from the requests' pool, so that
under load its claims and records do not queue behind the requests; keep-alive connections
to the receivers are reused (each was made to an address checked at its resolution), at
most ``max_connections_per_host`` to one receiver.
3. Owners' review (:mod:`shared.webhooks.owners`), a loop of its own, woken when a fan-out
   made deliveries and every ``poll_interval_seconds`` (retries fall due): a project
   manager's subscription sends only after its owner was confirmed a manager since the
   delivery fell due (the claim checks it); one who lost the project gets the subscription
   suspended. A confirmation wakes the delivery loop.
4. Retention (:mod:`shared.events.retention`), in the fan-out loop, every
   ``retention_interval_seconds``.

Delivery is at-least-once, not exactly-once: a try whose outcome is not recorded within
its lease (the database was out longer, the replica died mid-send, the send was abandoned
on shutdown) is sent again. Receivers deduplicate by the ``webhook-id`` header (the event
id, the same on every try). ``lease_seconds`` exceeds ``timeout_seconds`` (see
:class:`WebhookSettings`) so that a send that is merely slow is not re-sent meanwhile.

Both loops wake on ``LISTEN pmo_outbox`` (every outbox insert and every replay notifies) and
poll every ``poll_interval_seconds`` besides; a fan-out that made deliveries wakes the
delivery loop. :meth:`Dispatcher.stop` stops claiming, lets the sends in flight finish and
be recorded (at most ``shutdown_grace_seconds``), cancels the rest (a send waiting for its
record included) and releases their deliveries (pending, due at once, attempts unchanged)
so that another dispatcher sends them without waiting out the lease, then closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime
from typing import Any

import aiohttp
import asyncpg
import structlog
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db import make_engine
from shared.events.migration import NOTIFY_CHANNEL
from shared.events.retention import Pruned, Retention
from shared.reads import asyncpg_dsn
from shared.webhooks import sender
from shared.webhooks.owners import OwnerCheck, OwnerReview
from shared.webhooks.recorder import Recorder
from shared.webhooks.repository import WebhookRepository
from shared.webhooks.settings import WebhookSettings

log = structlog.get_logger("pmo.webhooks")
CURSOR = "dispatcher"
# Claims wait until this share of batch_size is free (one claim takes many deliveries).
REFILL_SHARE = 4
LISTEN_RETRY_SECONDS = 2.0


class Dispatcher:
    def __init__(
        self,
        engine: AsyncEngine,
        database_url: str,
        repository: WebhookRepository,
        settings: WebhookSettings,
        service: str,
        owners: OwnerCheck | None = None,
    ) -> None:
        """``owners`` re-checks project managers' subscriptions (without it their
        deliveries wait: :mod:`shared.webhooks.owners`)."""
        self.engine = engine
        self.dsn = asyncpg_dsn(database_url)
        self.repository = repository
        self.settings = settings
        self.service = service
        self._fan_out_due = asyncio.Event()
        self._claim_due = asyncio.Event()
        self._review_due = asyncio.Event()
        # Sends recorded since the last claim, and how many of them wake the next one.
        self._finished = 0
        self._wake_after = 1
        self._recorder = Recorder(engine, repository, settings.batch_size, service)
        self._stopping = asyncio.Event()
        self._inflight: set[asyncio.Task[None]] = set()
        # Claimed deliveries whose sends were cancelled before their outcome was recorded.
        self._abandoned: list[dict[str, Any]] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._http: aiohttp.ClientSession | None = None
        # Our own services' subscriptions (reporting's), allowed the internal networks too.
        self._internal_http: aiohttp.ClientSession | None = None
        self._review = (
            OwnerReview(engine, repository.owners, owners, settings.access_recheck_seconds, service)
            if owners is not None
            else None
        )
        self._retention = Retention(engine, repository.retention, settings, service)

    # -- life ----------------------------------------------------------------------------

    async def start(self) -> None:
        self._http = sender.open_session(self.settings)
        if self.settings.internal_allowed_cidrs:
            internal = self.settings.internal_networks()
            self._internal_http = sender.open_session(self.settings, internal)
        self._recorder.start()
        self._tasks = [
            asyncio.create_task(self._fan_out_loop(), name=f"webhooks-fan-out-{self.service}"),
            asyncio.create_task(self._delivery_loop(), name=f"webhooks-{self.service}"),
            asyncio.create_task(self._review_loop(), name=f"webhooks-review-{self.service}"),
            asyncio.create_task(self._listen(), name=f"webhooks-listen-{self.service}"),
        ]

    async def stop(self) -> None:
        """Stop claiming; finish and record the sends in flight (bounded); cancel the rest
        and release their deliveries; close."""
        self._stopping.set()
        self.wake()
        if self._tasks:
            *loops, review, listen = self._tasks
            review.cancel()  # nothing of it to finish (a review in progress rolls back)
            listen.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await review
            for loop in loops:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await asyncio.wait_for(loop, timeout=self.settings.shutdown_grace_seconds + 5)
            with contextlib.suppress(asyncio.CancelledError):
                await listen
        if self._inflight:
            done, pending = await asyncio.wait(
                set(self._inflight), timeout=self.settings.shutdown_grace_seconds
            )
            for task in pending:  # each puts its delivery in self._abandoned
                task.cancel()
            if pending:
                await asyncio.wait(pending)
            log.info("webhooks_flushed", finished=len(done), abandoned=len(pending))
        await self._recorder.stop()
        await self._release_abandoned()
        for http in (self._http, self._internal_http):
            if http is not None:
                await http.close()

    async def _release_abandoned(self) -> None:
        """Gives the cancelled sends' deliveries back at once (at-least-once: a receiver
        that got one before the cancel gets it again). If the database does not answer,
        their leases run out instead."""
        if not self._abandoned:
            return
        leases = [(row["id"], row["leased_until"]) for row in self._abandoned]
        self._abandoned = []
        try:
            async with asyncio.timeout(5.0):
                async with self.engine.begin() as db:
                    released = await self.repository.release(db, leases)
            log.info("webhooks_released", service=self.service, released=released)
        except Exception:
            log.warning("webhooks_release_failed", service=self.service, exc_info=True)

    def wake(self) -> None:
        self._fan_out_due.set()
        self._claim_due.set()
        self._review_due.set()

    # -- the loops -----------------------------------------------------------------------

    async def _fan_out_loop(self) -> None:
        await self._loop(self._fan_out_and_prune, self._fan_out_due)

    async def _fan_out_and_prune(self) -> bool:
        busy = await self.fan_out()
        await self._retention.run_if_due()
        return busy

    async def _delivery_loop(self) -> None:
        await self._loop(self._claim_and_send, self._claim_due)

    async def _review_loop(self) -> None:
        """Apart from the sends: the review's transaction and its calls to the projects
        service neither take the delivery loop's turn nor delay other subscriptions."""
        if self._review is not None:
            await self._loop(self._review_and_wake, self._review_due)

    async def _review_and_wake(self) -> bool:
        reviewed = await self.review_owners()
        if reviewed:
            self._claim_due.set()
        return reviewed

    async def _loop(self, step: Any, due: asyncio.Event) -> None:
        """Runs ``step`` while it finds work; else sleeps until ``due`` or the poll."""
        failures = 0
        while not self._stopping.is_set():
            try:
                busy = await step()
                failures = 0
            except Exception:
                failures += 1
                log.warning("webhooks_dispatch_failed", service=self.service, exc_info=True)
                await _sleep(due, min(self.settings.poll_interval_seconds * failures, 30.0))
                continue
            if not busy:
                await _sleep(due, self.settings.poll_interval_seconds)

    async def _listen(self) -> None:
        """Holds a LISTEN connection, reconnecting when it drops; each notification wakes
        the loop. Without it the loop still polls."""
        while not self._stopping.is_set():
            connection = None
            try:
                connection = await asyncpg.connect(self.dsn)
                lost = asyncio.Event()
                connection.add_termination_listener(_setter(lost))
                await connection.add_listener(NOTIFY_CHANNEL, lambda *_a: self.wake())
                self.wake()
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
            self._claim_due.set()
            self._review_due.set()
            log.debug("webhooks_fanned_out", events=len(events), deliveries=made)
        return True

    async def prune(self) -> Pruned:
        """One retention run now (the loop runs one every ``retention_interval_seconds``)."""
        return await self._retention.run()

    async def review_owners(self) -> bool:
        """Confirms or suspends project managers' subscriptions with deliveries waiting."""
        return await self._review.run() if self._review is not None else False

    # -- deliveries ----------------------------------------------------------------------

    async def _claim_and_send(self) -> bool:
        """Claims as many due deliveries as there is room for and starts their sends; True
        when it claimed any or waited for room."""
        size = self.settings.batch_size
        free = size - len(self._inflight)
        if free < max(1, size // REFILL_SHARE):
            await asyncio.wait(
                set(self._inflight),
                timeout=self.settings.poll_interval_seconds,
                return_when=asyncio.FIRST_COMPLETED,
            )
            return True
        async with self.engine.begin() as db:
            per_subscription = self.settings.max_in_flight_per_subscription
            rows = await self.repository.claim(
                db, self.settings.lease_seconds, free, per_subscription
            )
        # Due deliveries may be held back by their subscriptions' caps until sends finish:
        # half of those in flight finishing wakes the next claim (not each one: a claim
        # per finished send would cost a transaction each).
        self._finished = 0
        self._wake_after = max(1, (len(self._inflight) + len(rows)) // 2)
        for row in rows:
            task = asyncio.create_task(self._deliver(row))
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)
            task.add_done_callback(_log_unexpected)
        return bool(rows)

    async def _deliver(self, row: dict[str, Any]) -> None:
        try:
            answer = await self._send(row)
            now = datetime.now(UTC)
            outcome = sender.outcome_of(answer, row["attempts"], self.settings, now)
            attempt = sender.attempt_of(answer, now)
            await self._recorder.record(row, outcome, attempt)
            self._finished += 1
            if self._finished >= self._wake_after:
                self._claim_due.set()
        except asyncio.CancelledError:  # stop() releases it
            self._abandoned.append(row)
            raise

    async def _send(self, row: dict[str, Any]) -> sender.Answer:
        """The answer to one try; an exception before there is one (a secret that does not
        sign, a bug) is a failed try with its error, not a delivery stuck ``delivering``."""
        assert self._http is not None
        started = time.monotonic()
        try:
            body, headers = sender.signed(row, self.service)
            networks = self.settings.networks_of(row["owner_kind"])
            internal = self._internal_http is not None and self.settings.is_internal(
                row["owner_kind"]
            )
            http = self._internal_http if internal else self._http
            assert http is not None
            return await sender.post(http, row["url"], body, headers, networks)
        except Exception as exc:
            log.error(
                "webhooks_send_failed",
                service=self.service,
                delivery=str(row["id"]),
                exc_info=True,
            )
            error = f"{type(exc).__name__}: {exc}"[: sender.MAX_ERROR_CHARS]
            elapsed = int((time.monotonic() - started) * 1000)
            return sender.Answer(None, error, None, elapsed)


def _log_unexpected(task: asyncio.Task[None]) -> None:
    """Retrieves a send task's exception (none is expected: failures are recorded)."""
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.error("webhooks_delivery_task_failed", exc_info=exc)


async def _sleep(due: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(due.wait(), timeout=seconds)
    due.clear()


def _setter(event: asyncio.Event) -> Any:
    return lambda *_args: event.set()


def dispatcher_of(app: FastAPI) -> Dispatcher | None:
    found: Dispatcher | None = getattr(app.state, "webhook_dispatcher", None)
    return found


async def start_dispatcher(
    app: FastAPI, repository: WebhookRepository, service: str, owners: OwnerCheck | None = None
) -> None:
    """Starts the app's dispatcher (``app.state.webhook_dispatcher``) unless disabled;
    ``owners`` defaults to the app's (``app.state.webhook_owners``, set by the wiring)."""
    settings: WebhookSettings = app.state.settings.webhooks
    owners = owners or getattr(app.state, "webhook_owners", None)
    app.state.webhook_dispatcher = None
    if not settings.dispatcher_enabled:
        return
    url = app.state.settings.database_url
    # Its own pool: under load its claims and records do not queue behind the requests.
    engine = make_engine(url, pool_size=settings.db_pool_size, max_overflow=1)
    dispatcher = Dispatcher(engine, url, repository, settings, service, owners)
    await dispatcher.start()
    app.state.webhook_dispatcher = dispatcher


async def stop_dispatcher(app: FastAPI) -> None:
    dispatcher = dispatcher_of(app)
    if dispatcher is not None:
        await dispatcher.stop()
        await dispatcher.engine.dispose()
        app.state.webhook_dispatcher = None
