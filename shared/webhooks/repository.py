"""Every SQL statement of webhooks: subscriptions and the delivery log (the API) here; the
fan-out of the outbox into deliveries, and claiming and recording deliveries (the
dispatcher) in :mod:`shared.webhooks.dispatch_queries`, which this repository includes."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from shared.events.migration import NOTIFY_CHANNEL
from shared.events.retention_repository import RetentionRepository
from shared.events.tables import EventTables
from shared.webhooks.dispatch_queries import DispatchQueries
from shared.webhooks.owner_repository import OwnerRepository, standing_values
from shared.webhooks.replay_repository import ReplayRepository, first_deliveries_between
from shared.webhooks.settings import INTERNAL_OWNER_KIND

Executor = AsyncSession | AsyncConnection
Row = dict[str, Any]
ATTEMPTS_SHOWN = 50


class WebhookRepository(DispatchQueries):
    """``projects``: the projects table (id, portfolio_id) where the service has one, so a
    portfolio subscription also takes events of the portfolio's projects that do not carry
    the portfolio themselves."""

    def __init__(self, tables: EventTables, projects: Table | None = None) -> None:
        self.t = tables
        self.projects = projects
        self.owners = OwnerRepository(tables)
        self.retention = RetentionRepository(tables)
        self.replays = ReplayRepository(tables)

    # -- subscriptions -------------------------------------------------------------------

    async def add_subscription(self, db: Executor, values: Mapping[str, Any], kind: str) -> Row:
        """A new subscription of an owner of ``kind``, receiving events from now on."""
        subs = self.t.subscriptions
        statement = insert(subs).values(**values, **standing_values(kind)).returning(*subs.c)
        return dict((await db.execute(statement)).mappings().one())

    async def subscription(
        self, db: Executor, subscription_id: uuid.UUID, *, for_update: bool = False
    ) -> Row | None:
        subs = self.t.subscriptions
        statement = select(subs).where(subs.c.id == subscription_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await db.execute(statement)).mappings().first()
        return dict(row) if row is not None else None

    async def subscriptions(
        self,
        db: Executor,
        owner: str | None,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
        *,
        internal: bool = True,
    ) -> list[Row]:
        """``owner``'s subscriptions (None: everyone's); ``internal=False`` leaves out our
        own services' (owner kind ``internal``)."""
        subs = self.t.subscriptions
        statement = select(subs)
        if owner is not None:
            statement = statement.where(subs.c.owner == owner)
        if not internal:
            statement = statement.where(subs.c.owner_kind != INTERNAL_OWNER_KIND)
        if after is not None:
            statement = statement.where(tuple_(subs.c.created_at, subs.c.id) < tuple_(*after))
        statement = statement.order_by(subs.c.created_at.desc(), subs.c.id.desc()).limit(limit)
        return [dict(r) for r in (await db.execute(statement)).mappings()]

    async def change_subscription(
        self,
        db: Executor,
        subscription_id: uuid.UUID,
        values: Mapping[str, Any],
        kind: str | None = None,
        reactivate: bool = False,
    ) -> Row:
        """With ``kind``: also records the owner's standing as confirmed now; with
        ``reactivate`` the subscription becomes active, receiving events from now on."""
        subs = self.t.subscriptions
        if kind is not None:
            values = {**values, **standing_values(kind, start_now=reactivate)}
        statement = (
            update(subs)
            .where(subs.c.id == subscription_id)
            .values(**values, version=subs.c.version + 1, updated_at=func.now())
            .returning(*subs.c)
        )
        return dict((await db.execute(statement)).mappings().one())

    async def remove_subscription(self, db: Executor, subscription_id: uuid.UUID) -> None:
        subs = self.t.subscriptions
        await db.execute(delete(subs).where(subs.c.id == subscription_id))

    # -- the delivery log ----------------------------------------------------------------

    def _delivery_columns(self) -> list[Any]:
        d, e = self.t.deliveries, self.t.outbox
        return [*d.c, e.c.type.label("event_type")]

    async def deliveries(
        self,
        db: Executor,
        subscription_id: uuid.UUID,
        statuses: Sequence[str],
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Row]:
        d, e = self.t.deliveries, self.t.outbox
        statement = (
            select(*self._delivery_columns())
            .join(e, e.c.id == d.c.event_id)
            .where(d.c.subscription_id == subscription_id)
        )
        if statuses:
            statement = statement.where(d.c.status.in_(list(statuses)))
        if after is not None:
            statement = statement.where(tuple_(d.c.created_at, d.c.id) < tuple_(*after))
        statement = statement.order_by(d.c.created_at.desc(), d.c.id.desc()).limit(limit)
        rows = [dict(r) for r in (await db.execute(statement)).mappings()]
        return await self._with_attempts(db, rows)

    async def delivery(self, db: Executor, delivery_id: uuid.UUID) -> Row | None:
        d, e = self.t.deliveries, self.t.outbox
        statement = (
            select(*self._delivery_columns())
            .join(e, e.c.id == d.c.event_id)
            .where(d.c.id == delivery_id)
        )
        row = (await db.execute(statement)).mappings().first()
        if row is None:
            return None
        return (await self._with_attempts(db, [dict(row)]))[0]

    async def _with_attempts(self, db: Executor, rows: list[Row]) -> list[Row]:
        if not rows:
            return rows
        a = self.t.attempts
        ranked = (
            select(
                a,
                func.row_number()
                .over(partition_by=a.c.delivery_id, order_by=a.c.attempted_at.desc())
                .label("rank"),
            )
            .where(a.c.delivery_id.in_([row["id"] for row in rows]))
            .subquery()
        )
        statement = (
            select(ranked)
            .where(ranked.c.rank <= ATTEMPTS_SHOWN)
            .order_by(ranked.c.attempted_at, ranked.c.id)
        )
        found: dict[uuid.UUID, list[Row]] = defaultdict(list)
        for attempt in (await db.execute(statement)).mappings():
            found[attempt["delivery_id"]].append(dict(attempt))
        for row in rows:
            row["attempt_log"] = found.get(row["id"], [])
        return rows

    async def replay_one(self, db: Executor, original: Mapping[str, Any]) -> uuid.UUID:
        d = self.t.deliveries
        new_id = uuid.uuid4()
        await db.execute(
            insert(d).values(
                id=new_id,
                subscription_id=original["subscription_id"],
                event_id=original["event_id"],
                replay_of=original["id"],
            )
        )
        return new_id

    async def replay_range(
        self,
        db: Executor,
        subscription_id: uuid.UUID,
        start: datetime,
        end: datetime,
        limit: int,
    ) -> list[uuid.UUID]:
        """A new delivery of every event of the subscription's (first) deliveries that
        occurred in [start, end], oldest first, at most ``limit``."""
        d = self.t.deliveries
        chosen = (
            first_deliveries_between(self.t, subscription_id, start, end).limit(limit).subquery()
        )
        statement = (
            insert(d)
            .from_select(
                ["id", "subscription_id", "event_id", "replay_of"],
                select(
                    func.gen_random_uuid(),
                    chosen.c.subscription_id,
                    chosen.c.event_id,
                    chosen.c.id,
                ),
            )
            .returning(d.c.id)
        )
        return list((await db.execute(statement)).scalars())

    async def notify(self, db: Executor) -> None:
        """Wakes the dispatchers (every replica listens) when the transaction commits."""
        await db.execute(select(func.pg_notify(NOTIFY_CHANNEL, "")))
