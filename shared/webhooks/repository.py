"""Every SQL statement of webhooks: subscriptions and the delivery log (the API), the fan-out
of the outbox into deliveries, and claiming and recording deliveries (the dispatcher)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Table,
    Text,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from shared.events.horizon import settled_horizon
from shared.events.migration import NOTIFY_CHANNEL
from shared.events.retention_repository import RetentionRepository
from shared.events.tables import EventTables, Xid8
from shared.webhooks.owner_repository import ACTIVE as ACTIVE_SUBSCRIPTION
from shared.webhooks.owner_repository import OwnerRepository, confirmed, standing_values
from shared.webhooks.replay_repository import ReplayRepository, first_deliveries_between

Executor = AsyncSession | AsyncConnection
Row = dict[str, Any]
ATTEMPTS_SHOWN = 50
ACTIVE = ("pending", "delivering")


class WebhookRepository:
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
        self, db: Executor, owner: str | None, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Row]:
        subs = self.t.subscriptions
        statement = select(subs)
        if owner is not None:
            statement = statement.where(subs.c.owner == owner)
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

    # -- the dispatcher: fan-out ---------------------------------------------------------

    async def lock_cursor(self, db: AsyncConnection, name: str) -> tuple[str, int] | None:
        """The cursor (txid as text, position), locked; None while another replica holds it."""
        c = self.t.cursors
        await db.execute(pg_insert(c).values(name=name).on_conflict_do_nothing())
        statement = (
            select(c.c.txid.cast(text_type()), c.c.position)
            .where(c.c.name == name)
            .with_for_update(skip_locked=True)
        )
        row = (await db.execute(statement)).first()
        return (str(row[0]), int(row[1])) if row is not None else None

    async def events_after(
        self, db: AsyncConnection, txid: str, position: int, limit: int
    ) -> list[Row]:
        """Events after the cursor whose transactions have all ended (see tables.py)."""
        e = self.t.outbox
        after = tuple_(e.c.txid, e.c.position) > tuple_(_xid8("txid", txid), literal(position))
        settled = e.c.txid < settled_horizon()  # other databases' work never holds it
        statement = (
            select(e.c.id, e.c.txid.cast(text_type()).label("txid"), e.c.position)
            .where(after, settled)
            .order_by(e.c.txid, e.c.position)
            .limit(limit)
        )
        return [dict(r) for r in (await db.execute(statement)).mappings()]

    async def fan_out(self, db: AsyncConnection, event_ids: list[uuid.UUID]) -> int:
        """One delivery per (matching enabled and active subscription, event of a transaction
        not older than the subscription's start); existing ones stay."""
        d, e, s = self.t.deliveries, self.t.outbox, self.t.subscriptions
        wanted = or_(func.cardinality(s.c.event_types) == 0, e.c.type == func.any(s.c.event_types))
        in_portfolio = [s.c.portfolio_id == e.c.portfolio_id]
        if self.projects is not None:
            p = self.projects
            in_portfolio.append(
                e.c.project_id.in_(select(p.c.id).where(p.c.portfolio_id == s.c.portfolio_id))
            )
        matches = (
            select(func.gen_random_uuid(), s.c.id, e.c.id)
            .select_from(e.join(s, and_(s.c.enabled, s.c.status == ACTIVE_SUBSCRIPTION)))
            .where(
                e.c.id.in_(event_ids),
                e.c.txid >= s.c.start_txid,  # nothing from before the subscription began
                wanted,
                or_(s.c.project_id.is_(None), s.c.project_id == e.c.project_id),
                or_(s.c.portfolio_id.is_(None), *in_portfolio),
            )
        )
        statement = (
            pg_insert(d)
            .from_select(["id", "subscription_id", "event_id"], matches)
            .on_conflict_do_nothing()
        )
        result = await db.execute(statement)
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def move_cursor(self, db: AsyncConnection, name: str, txid: str, position: int) -> None:
        c = self.t.cursors
        await db.execute(
            update(c)
            .where(c.c.name == name)
            .values(
                txid=_xid8("new_txid", txid),
                position=position,
                updated_at=func.now(),
            )
        )

    # -- the dispatcher: deliveries ------------------------------------------------------

    async def claim(self, db: AsyncConnection, lease_seconds: float, limit: int) -> list[Row]:
        """Due deliveries (pending and due, or leased by a dispatcher that is gone) of
        enabled subscriptions whose owner is confirmed (:func:`confirmed`), leased to the
        caller; with what sending them needs."""
        d, e, s = self.t.deliveries, self.t.outbox, self.t.subscriptions
        due = or_(
            and_(d.c.status == "pending", d.c.next_attempt_at <= func.now()),
            and_(d.c.status == "delivering", d.c.leased_until < func.now()),
        )
        claimable = (
            select(d.c.id)
            .join(s, s.c.id == d.c.subscription_id)
            .where(due, s.c.enabled, confirmed(self.t))
            .order_by(d.c.next_attempt_at)
            .limit(limit)
            .with_for_update(of=d, skip_locked=True)
            .scalar_subquery()
        )
        lease = func.now() + func.make_interval(0, 0, 0, 0, 0, 0, lease_seconds)
        statement = (
            update(d)
            .where(d.c.id.in_(claimable), d.c.subscription_id == s.c.id, d.c.event_id == e.c.id)
            .values(status="delivering", leased_until=lease)
            .returning(
                d.c.id,
                d.c.event_id,
                d.c.attempts,
                d.c.leased_until,
                s.c.url,
                s.c.secret,
                s.c.previous_secret,
                s.c.previous_secret_expires_at,
                *[e.c[name] for name in EVENT_COLUMNS],
                func.now().label("now"),
            )
        )
        return [dict(r) for r in (await db.execute(statement)).mappings()]

    async def record(
        self,
        db: AsyncConnection,
        delivery_id: uuid.UUID,
        leased_until: datetime,
        outcome: Mapping[str, Any],
        attempt: Mapping[str, Any],
    ) -> bool:
        """The try's outcome, if the lease is still the caller's; the try is logged anyway."""
        d, a = self.t.deliveries, self.t.attempts
        await db.execute(insert(a).values(id=uuid.uuid4(), delivery_id=delivery_id, **attempt))
        statement = (
            update(d)
            .where(d.c.id == delivery_id, d.c.leased_until == leased_until)
            .values(**outcome, attempts=d.c.attempts + 1, leased_until=None)
        )
        result = await db.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def release(self, db: AsyncConnection, leases: list[tuple[uuid.UUID, datetime]]) -> int:
        """Claimed deliveries whose sends were abandoned (shutting down), given as
        ``(id, leased_until)``: pending and due again at once, attempts unchanged. Only
        leases still the caller's are released; returns how many were."""
        d = self.t.deliveries
        if not leases:
            return 0
        result = await db.execute(
            update(d)
            .where(
                or_(*(and_(d.c.id == id_, d.c.leased_until == until) for id_, until in leases)),
                d.c.status == "delivering",
            )
            .values(status="pending", leased_until=None, next_attempt_at=func.now())
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


EVENT_COLUMNS = (
    "type",
    "entity_type",
    "entity_id",
    "project_id",
    "portfolio_id",
    "actor",
    "occurred_at",
    "data",
)


def _xid8(name: str, value: str) -> Any:
    """A transaction id given as text (asyncpg has no codec for xid8)."""
    return cast(cast(bindparam(name, value, type_=Text), Text), Xid8())


def text_type() -> Text:
    return Text()
