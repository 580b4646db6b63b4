"""One subscriber's stream: where it starts in each feed, what it missed, then live events.

A subscriber registers with the hub first (its queue collects live events from then on),
then reads each feed itself, with the caller's token and ``project_id`` (the services check
access), from its start up to at least where the hub's tail started. The missed events are
read one page per feed at a time and merged as they come (memory stays bounded whatever
the backlog). The live events that the catch-up already gave are skipped by their position,
so every event of the project after the start comes exactly once, in each service's feed
order."""

from __future__ import annotations

import asyncio
import heapq
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from services.gateway.live import cursor as live_cursor
from services.gateway.live.access import AccessGuard
from services.gateway.live.cursor import Positions, point
from services.gateway.live.errors import catch_up_too_large, from_feed
from services.gateway.live.hub import FeedHub, Subscriber
from shared.clients.events import EventDTO, EventEndpoints
from shared.errors import ServiceUnavailable
from shared.events.feed.cursor import FeedPoint

CATCH_UP_LIMIT = 500
# Counting a backlog keeps nothing, so it reads the feeds' largest pages.
COUNT_PAGE_SIZE = 500
CATCH_UP_RETRY_SECONDS = 0.05

Item = tuple[str, EventDTO, str]  # service, event, the subscription cursor after it


async def starting_positions(
    clients: Mapping[str, EventEndpoints], project_id: uuid.UUID
) -> Positions:
    """Each feed's ``now`` for the project (each service checks the caller may read it)."""
    pages = await asyncio.gather(
        *(
            from_feed(client.list_events(after="now", project_id=project_id))
            for client in clients.values()
        )
    )
    return {name: page.next_cursor for name, page in zip(clients, pages, strict=True)}


@dataclass
class FeedCatchUp:
    """One feed's events of the project after ``after``, a page at a time, until the feed
    has passed ``until`` (where the hub's tail started; None: until a page is not full)."""

    client: EventEndpoints
    project_id: uuid.UUID
    after: str
    until: FeedPoint | None = None
    page_size: int | None = None  # None: CATCH_UP_LIMIT

    async def pages(self) -> AsyncIterator[list[EventDTO]]:
        size = self.page_size or CATCH_UP_LIMIT
        while True:
            page = await from_feed(
                self.client.list_events(after=self.after, project_id=self.project_id, limit=size)
            )
            self.after = page.next_cursor
            if page.items:
                yield page.items
            if len(page.items) == size:
                continue
            if self.until is None or point(self.after) >= self.until:
                return
            await asyncio.sleep(CATCH_UP_RETRY_SECONDS)

    async def events(self) -> AsyncGenerator[EventDTO, None]:
        async for page in self.pages():
            for event in page:
                yield event


async def ensure_backlog_within(
    clients: Mapping[str, EventEndpoints], project_id: uuid.UUID, positions: Positions, most: int
) -> None:
    """CatchUpTooLarge when more than ``most`` events of the project follow ``positions``
    (counted a page at a time, and no further than that)."""
    counted = 0
    for name, client in clients.items():
        catch_up = FeedCatchUp(client, project_id, positions[name], page_size=COUNT_PAGE_SIZE)
        async for page in catch_up.pages():
            counted += len(page)
            if counted > most:
                raise catch_up_too_large(most)


async def _merged(catch_ups: Mapping[str, FeedCatchUp]) -> AsyncIterator[tuple[str, EventDTO]]:
    """The feeds' events merged by time (each feed's own order kept), one page each held."""
    streams = {name: catch_up.events() for name, catch_up in catch_ups.items()}
    heads: list[tuple[datetime, int, str, EventDTO]] = []
    order = {name: index for index, name in enumerate(streams)}

    async def pull(name: str) -> None:
        event = await anext(streams[name], None)
        if event is not None:
            heapq.heappush(heads, (event.occurred_at, order[name], name, event))

    try:
        await asyncio.gather(*(pull(name) for name in streams))
        while heads:
            _, _, name, event = heapq.heappop(heads)
            yield name, event
            await pull(name)
    finally:
        for events in streams.values():
            await events.aclose()


async def _next_live(subscriber: Subscriber, guard: AccessGuard) -> tuple[str, EventDTO, float]:
    """The next live event; the guard's checks run whenever they fall due meanwhile."""
    while True:
        try:
            async with asyncio.timeout(guard.seconds_left()):
                return await subscriber.queue.get()
        except TimeoutError:
            await guard.due()


async def project_stream(
    hub: FeedHub,
    clients: Mapping[str, EventEndpoints],
    subscriber: Subscriber,
    positions: Positions,
    guard: AccessGuard,
) -> AsyncIterator[Item]:
    """The project's events after ``positions``: first what the feeds hold, then live."""
    starts = await hub.tail_starts()
    catch_ups = {
        name: FeedCatchUp(client, subscriber.project_id, positions[name], starts.get(name))
        for name, client in clients.items()
    }
    emitted = dict(positions)
    async for name, event in _merged(catch_ups):
        await guard.screen(event)
        emitted[name] = event.cursor
        yield name, event, live_cursor.encode(emitted)
    for name, catch_up in catch_ups.items():
        emitted[name] = catch_up.after
    subscriber.live.set()
    while True:
        name, event, arrived_at = await _next_live(subscriber, guard)
        if subscriber.overflowed:
            raise ServiceUnavailable(
                "This subscription fell too far behind; subscribe again with after: "
                "the cursor of the last event received."
            )
        if point(event.cursor) <= point(emitted[name]):
            continue  # the catch-up gave it already
        await guard.screen(event, arrived_at)
        emitted[name] = event.cursor
        yield name, event, live_cursor.encode(emitted)
