"""The SQL of replays' bounds: which first deliveries a range replay sends again, and how
many replays a subscription got lately (the hourly quota, :mod:`shared.webhooks.service`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from shared.events.tables import EventTables

Executor = AsyncSession | AsyncConnection


def first_deliveries_between(
    tables: EventTables, subscription_id: uuid.UUID, start: datetime, end: datetime
) -> Select[Any]:
    """The subscription's first deliveries of events that occurred in [start, end], in
    feed order."""
    d, e = tables.deliveries, tables.outbox
    return (
        select(d.c.id, d.c.subscription_id, d.c.event_id)
        .join(e, e.c.id == d.c.event_id)
        .where(
            d.c.subscription_id == subscription_id,
            d.c.replay_of.is_(None),
            e.c.occurred_at.between(start, end),
        )
        .order_by(e.c.txid, e.c.position)
    )


class ReplayRepository:
    def __init__(self, tables: EventTables) -> None:
        self.t = tables

    async def replays_since(
        self, db: Executor, subscription_id: uuid.UUID, seconds: float
    ) -> tuple[int, datetime | None]:
        """How many replays the subscription got in the last ``seconds``, and the oldest."""
        d = self.t.deliveries
        window = func.now() - func.make_interval(0, 0, 0, 0, 0, 0, seconds)
        statement = select(func.count(), func.min(d.c.created_at)).where(
            d.c.subscription_id == subscription_id,
            d.c.replay_of.is_not(None),
            d.c.created_at > window,
        )
        count, oldest = (await db.execute(statement)).one()
        return int(count), oldest

    async def range_size(
        self,
        db: Executor,
        subscription_id: uuid.UUID,
        start: datetime,
        end: datetime,
        limit: int,
    ) -> int:
        """How many events a range replay of [start, end] sends (at most ``limit``)."""
        chosen = first_deliveries_between(self.t, subscription_id, start, end).limit(limit)
        statement = select(func.count()).select_from(chosen.subquery())
        return int((await db.execute(statement)).scalar_one())
