"""One subscriber's stream: where it starts in each feed, what it missed, then live events.

A subscriber registers with the hub first (its queue collects live events from then on),
then reads each feed itself, with the caller's token and ``project_id`` (the services check
access), from its start up to at least where the hub's tail started. The live events that
the catch-up already gave are skipped by their position, so every event of the project
after the start comes exactly once, in each service's feed order."""

from __future__ import annotations

import asyncio
import heapq
import uuid
from collections.abc import AsyncIterator, Mapping

from services.gateway.live import cursor as live_cursor
from services.gateway.live.cursor import Positions, point
from services.gateway.live.hub import FeedHub, Subscriber
from shared.clients.events import EventDTO, EventEndpoints
from shared.errors import ServiceUnavailable
from shared.events.feed.cursor import FeedPoint

CATCH_UP_LIMIT = 500
CATCH_UP_RETRY_SECONDS = 0.05

Item = tuple[str, EventDTO, str]  # service, event, the subscription cursor after it


async def starting_positions(
    clients: Mapping[str, EventEndpoints], project_id: uuid.UUID
) -> Positions:
    """Each feed's ``now`` for the project (each service checks the caller may read it)."""
    pages = await asyncio.gather(
        *(client.list_events(after="now", project_id=project_id) for client in clients.values())
    )
    return {name: page.next_cursor for name, page in zip(clients, pages, strict=True)}


async def _catch_up_one(
    client: EventEndpoints, project_id: uuid.UUID, after: str, tail_start: FeedPoint | None
) -> tuple[list[EventDTO], str]:
    events: list[EventDTO] = []
    while True:
        page = await client.list_events(after=after, project_id=project_id, limit=CATCH_UP_LIMIT)
        events += page.items
        after = page.next_cursor
        if len(page.items) == CATCH_UP_LIMIT:
            continue
        if tail_start is None or point(after) >= tail_start:
            return events, after
        await asyncio.sleep(CATCH_UP_RETRY_SECONDS)


async def project_stream(
    hub: FeedHub,
    clients: Mapping[str, EventEndpoints],
    subscriber: Subscriber,
    positions: Positions,
) -> AsyncIterator[Item]:
    """The project's events after ``positions``: first what the feeds hold, then live."""
    starts = await hub.tail_starts()
    caught = await asyncio.gather(
        *(
            _catch_up_one(client, subscriber.project_id, positions[name], starts.get(name))
            for name, client in clients.items()
        )
    )
    emitted = dict(positions)
    backlog = [
        [(name, event) for event in events]
        for name, (events, _) in zip(clients, caught, strict=True)
    ]
    for name, event in heapq.merge(*backlog, key=lambda item: item[1].occurred_at):
        emitted[name] = event.cursor
        yield name, event, live_cursor.encode(emitted)
    for name, (_, end) in zip(clients, caught, strict=True):
        emitted[name] = end
    subscriber.live.set()
    while True:
        name, event = await subscriber.queue.get()
        if subscriber.overflowed:
            raise ServiceUnavailable(
                "This subscription fell too far behind; subscribe again with after: "
                "the cursor of the last event received."
            )
        if point(event.cursor) <= point(emitted[name]):
            continue  # the catch-up gave it already
        emitted[name] = event.cursor
        yield name, event, live_cursor.encode(emitted)
