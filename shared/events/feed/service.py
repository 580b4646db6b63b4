"""Reading the feed: check the cursor, read a page, long-poll when nothing is new."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from shared.errors import CursorExpired
from shared.events.feed import cursor as cursors
from shared.events.feed.cursor import FeedPoint
from shared.events.feed.listener import OutboxListener, wait_for
from shared.events.feed.repository import FeedFilters, FeedPage, FeedRepository
from shared.events.payload import event_payload
from shared.reads import Reader

NOW = "now"
# Without a notification a waiter still reads again this often (a lost NOTIFY, a listener
# down); after one that brought nothing below the horizon (an older transaction still
# open), it retries quickly, backing off to RETRY_MAX_SECONDS.
SAFETY_POLL_SECONDS = 5.0
RETRY_FIRST_SECONDS = 0.05
RETRY_MAX_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class FeedRequest:
    after: str | None
    limit: int
    filters: FeedFilters
    wait: float


async def start_point(repository: FeedRepository, reader: Reader, after: str | None) -> FeedPoint:
    """Where the page starts: the feed's start, now (the horizon), or a cursor we issued."""
    if after is None:
        return cursors.START
    if after == NOW:
        return FeedPoint(await repository.horizon(reader), 0)
    point = cursors.decode(after)
    if point == cursors.START:
        return point
    # Horizons only ever come from snapshots taken earlier, all below today's xmax.
    check = await repository.check(reader, point)
    _ensure_not_pruned(point, check.pruned)
    if point.is_horizon and point.txid > check.xmax:
        raise cursors.invalid("The cursor is ahead of the feed: this feed never issued it.")
    if not point.is_horizon and not check.found and point != check.pruned:
        raise cursors.invalid("The cursor names no event of this feed.")
    return point


def _ensure_not_pruned(point: FeedPoint, pruned: FeedPoint) -> None:
    if point < pruned:
        raise CursorExpired(
            "Events after this cursor have been pruned (retention): read the feed again "
            "from its start (no ?after=) or from ?after=now."
        )


async def read_feed(
    repository: FeedRepository,
    reader: Reader,
    listener: OutboxListener | None,
    service: str,
    request: FeedRequest,
) -> dict[str, Any]:
    start = await start_point(repository, reader, request.after)
    from_cursor = request.after not in (None, NOW) and start != cursors.START
    loop = asyncio.get_running_loop()
    deadline = loop.time() + request.wait
    retry = SAFETY_POLL_SECONDS
    while True:
        signal = await listener.signal() if listener and request.wait > 0 else None
        page = await repository.page(reader, start, request.limit + 1, request.filters)
        if from_cursor:  # retention may have pruned past it since it was checked
            _ensure_not_pruned(start, page.pruned)
        remaining = deadline - loop.time()
        if page.rows or remaining <= 0 or signal is None or listener is None:
            return _answer(page, start, request.limit, service)
        if not listener.listening:
            retry = min(retry, RETRY_MAX_SECONDS)
        fired = await wait_for(signal, min(remaining, retry))
        retry = _next_retry(retry, fired)


def _next_retry(retry: float, fired: bool) -> float:
    if fired:
        return RETRY_FIRST_SECONDS
    if retry >= SAFETY_POLL_SECONDS:
        return SAFETY_POLL_SECONDS
    return min(retry * 2, RETRY_MAX_SECONDS)


def _answer(page: FeedPage, start: FeedPoint, limit: int, service: str) -> dict[str, Any]:
    rows = page.rows[:limit]
    items = []
    for row in rows:
        item = event_payload(row, service)
        item["cursor"] = FeedPoint(row["txid"], row["position"]).encode()
        items.append(item)
    if len(page.rows) > limit:
        following = FeedPoint(rows[-1]["txid"], rows[-1]["position"])
    else:
        # Everything below the horizon has been read: resume from the horizon, so a filtered
        # feed does not scan the same stretch again on the next call.
        # (Never behind the start: a horizon may come out lower than an earlier one.)
        following = max(FeedPoint(page.horizon, 0), start)
    return {"items": items, "next_cursor": following.encode()}
