"""One process's tails of the services' feeds and its subscribers, by project.

A tail is one task per service that long-polls ``GET /v1/events`` with the gateway's own
identity (it reads every event) and hands each event to the subscribers of its project.
Tails start with the first subscriber and stop when the last one leaves; a tail starts at
the feed's ``now``, and a subscriber reads what came before that (and since its own start)
from the feeds itself (:mod:`.stream`), so joining a running or a new tail loses nothing.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field

import structlog

from services.gateway.live.cursor import point
from shared.clients.events import EventDTO, EventEndpoints
from shared.errors import ServiceUnavailable
from shared.events.feed.cursor import FeedPoint
from shared.service_identity import ServiceIdentity

log = structlog.get_logger("pmo.gateway.live")

TAIL_WAIT_SECONDS = 20.0
TAIL_LIMIT = 500
# A subscriber that falls this far behind is dropped (it resumes with its last cursor).
QUEUE_SIZE = 10_000
READY_TIMEOUT_SECONDS = 10.0
RETRY_FIRST_SECONDS = 0.5
RETRY_MAX_SECONDS = 10.0


@dataclass(frozen=True)
class LiveLimits:
    """``recheck_seconds``: how often a running subscription checks its caller may still
    read the project; ``max_catch_up_events``: the most missed events a resumed one sends
    (a cursor further behind is refused: page ``GET /v1/events`` first)."""

    recheck_seconds: float = 60.0
    max_catch_up_events: int = 10_000


@dataclass(eq=False)
class Subscriber:
    project_id: uuid.UUID
    # (service, event, when it arrived: time.monotonic())
    queue: asyncio.Queue[tuple[str, EventDTO, float]] = field(
        default_factory=lambda: asyncio.Queue(QUEUE_SIZE)
    )
    overflowed: bool = False
    # Set once the subscriber has caught up and waits for live events only.
    live: asyncio.Event = field(default_factory=asyncio.Event)

    def offer(self, service: str, event: EventDTO) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait((service, event, time.monotonic()))
        except asyncio.QueueFull:
            self.overflowed = True


class Tail:
    """Long-polls one service's feed from ``now`` on and hands every event to ``hub``."""

    def __init__(
        self, service: str, client: EventEndpoints, identity: ServiceIdentity, hub: FeedHub
    ) -> None:
        self.service = service
        self.client = client
        self.identity = identity
        self.hub = hub
        self.cursor: str | None = None
        self.start: FeedPoint | None = None
        self.ready = asyncio.Event()
        self.polls = 0
        self.task = asyncio.create_task(self._run(), name=f"feed-tail-{service}")

    async def _run(self) -> None:
        retry = RETRY_FIRST_SECONDS
        while True:
            try:
                await self._poll()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("feed_tail_failed", service=self.service, error=repr(exc))
                await asyncio.sleep(retry)
                retry = min(retry * 2, RETRY_MAX_SECONDS)
            else:
                retry = RETRY_FIRST_SECONDS

    async def _poll(self) -> None:
        with self.identity.acting():
            if self.cursor is None:
                page = await self.client.list_events(after="now")
            else:
                page = await self.client.list_events(
                    after=self.cursor, limit=TAIL_LIMIT, wait=TAIL_WAIT_SECONDS
                )
        self.polls += 1
        for event in page.items:
            self.hub.deliver(self.service, event)
        self.cursor = page.next_cursor
        if self.start is None:
            self.start = point(page.next_cursor)
            self.ready.set()

    async def stop(self) -> None:
        self.task.cancel()
        with suppress(asyncio.CancelledError):
            await self.task


class FeedHub:
    """``clients``: a feed client per service, with a read timeout above the long poll's;
    ``identity``: the gateway's own (None: live updates are not configured); ``limits``:
    what each subscription is held to."""

    def __init__(
        self,
        clients: Mapping[str, EventEndpoints],
        identity: ServiceIdentity | None,
        limits: LiveLimits | None = None,
    ) -> None:
        self.clients = dict(clients)
        self.identity = identity
        self.limits = limits or LiveLimits()
        self.subscribers: dict[uuid.UUID, set[Subscriber]] = {}
        self.tails: dict[str, Tail] = {}
        self.delivered = 0

    @property
    def subscriber_count(self) -> int:
        return sum(len(group) for group in self.subscribers.values())

    @asynccontextmanager
    async def subscription(self, project_id: uuid.UUID) -> AsyncIterator[Subscriber]:
        if self.identity is None:
            raise ServiceUnavailable(
                "Live updates are not configured: the gateway has no service token "
                "(PMO_AUTH_SERVICE_TOKEN) to read the change feeds with."
            )
        subscriber = Subscriber(project_id)
        self.subscribers.setdefault(project_id, set()).add(subscriber)
        if not self.tails:
            identity = self.identity
            self.tails = {
                name: Tail(name, client, identity, self) for name, client in self.clients.items()
            }
        try:
            yield subscriber
        finally:
            group = self.subscribers.get(project_id, set())
            group.discard(subscriber)
            if not group:
                self.subscribers.pop(project_id, None)
            if not self.subscribers:
                await self._stop_tails()

    async def tail_starts(self) -> dict[str, FeedPoint]:
        """Where each running tail started (waiting for its first answer)."""
        tails = dict(self.tails)
        try:
            async with asyncio.timeout(READY_TIMEOUT_SECONDS):
                await asyncio.gather(*(tail.ready.wait() for tail in tails.values()))
        except TimeoutError as exc:
            raise ServiceUnavailable("The change feeds do not answer; try again.") from exc
        return {name: tail.start for name, tail in tails.items() if tail.start is not None}

    def deliver(self, service: str, event: EventDTO) -> None:
        if event.project_id is None:
            return
        for subscriber in self.subscribers.get(event.project_id, ()):
            subscriber.offer(service, event)
            self.delivered += 1

    async def _stop_tails(self) -> None:
        tails, self.tails = self.tails, {}
        await asyncio.gather(*(tail.stop() for tail in tails.values()))

    async def aclose(self) -> None:
        await self._stop_tails()
        await asyncio.gather(*(client.aclose() for client in self.clients.values()))
