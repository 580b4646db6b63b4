"""The SQL of retention (:mod:`shared.events.retention`): the pruning lock and watermark
(the ``event_cursors`` row ``pruned``), old events the fan-out has passed, and finished
deliveries."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    Text,
    bindparam,
    cast,
    delete,
    exists,
    func,
    literal,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.events.tables import EventTables, Xid8

PRUNED = "pruned"
FANNED_OUT = "dispatcher"  # the dispatcher's fan-out cursor (shared/webhooks/dispatcher.py)
FINISHED = ("succeeded", "dead")
ACTIVE = "active"  # a subscription's status (the other: suspended)
Point = tuple[str, int]


def _xid8(name: str, value: str) -> Any:
    return cast(cast(bindparam(name, value, type_=Text), Text), Xid8())


def _days_ago(days: float) -> Any:
    return func.now() - func.make_interval(0, 0, 0, 0, 0, 0, days * 86400.0)


class RetentionRepository:
    def __init__(self, tables: EventTables) -> None:
        self.t = tables

    async def lock_watermark(self, db: AsyncConnection) -> Point | None:
        """The last pruned event's point, locked; None while another replica prunes."""
        c = self.t.cursors
        await db.execute(pg_insert(c).values(name=PRUNED).on_conflict_do_nothing())
        statement = (
            select(c.c.txid.cast(Text()), c.c.position)
            .where(c.c.name == PRUNED)
            .with_for_update(skip_locked=True)
        )
        row = (await db.execute(statement)).first()
        return (str(row[0]), int(row[1])) if row is not None else None

    async def fanned_out(self, db: AsyncConnection) -> Point:
        """How far the dispatcher's fan-out has come ((0, 0): not started)."""
        c = self.t.cursors
        statement = select(c.c.txid.cast(Text()), c.c.position).where(c.c.name == FANNED_OUT)
        row = (await db.execute(statement)).first()
        return (str(row[0]), int(row[1])) if row is not None else ("0", 0)

    async def next_events(
        self, db: AsyncConnection, after: Point, upto: Point, days: float, limit: int
    ) -> list[dict[str, Any]]:
        """The events after the watermark up to the fan-out's cursor, in feed order, each
        with whether it may go: older than ``days`` and no delivery of it still waiting.

        The events are locked first (``FOR UPDATE``) and their deliveries read after, in a
        statement of its own (a snapshot of its own): a replay inserting a delivery holds
        the event ``FOR KEY SHARE`` (the foreign key), so it either committed before the
        lock, and its delivery is seen, or waits and then finds the event gone."""
        e = self.t.outbox
        point = tuple_(e.c.txid, e.c.position)
        statement = (
            select(
                e.c.id,
                e.c.txid.cast(Text()).label("txid"),
                e.c.position,
                (e.c.occurred_at < _days_ago(days)).label("old"),
            )
            .where(
                point > tuple_(_xid8("after_txid", after[0]), literal(after[1])),
                point <= tuple_(_xid8("upto_txid", upto[0]), literal(upto[1])),
            )
            .order_by(e.c.txid, e.c.position)
            .limit(limit)
            .with_for_update()
        )
        rows = [dict(r) for r in (await db.execute(statement)).mappings()]
        waiting = await self._waiting(db, [row["id"] for row in rows if row["old"]])
        for row in rows:
            row["prunable"] = row["old"] and row["id"] not in waiting
        return rows

    async def _waiting(self, db: AsyncConnection, ids: list[uuid.UUID]) -> set[uuid.UUID]:
        """Those of the events with a delivery still to send: being delivered, or pending
        for an enabled, active subscription. A paused or suspended subscription's pending
        deliveries are never claimed, so they do not hold retention back (they go with
        their event: a subscription paused longer than the retention loses those)."""
        if not ids:
            return set()
        d, s = self.t.deliveries, self.t.subscriptions
        claimable = (d.c.status == "pending") & exists().where(
            s.c.id == d.c.subscription_id, s.c.enabled.is_(True), s.c.status == ACTIVE
        )
        statement = select(d.c.event_id).where(
            d.c.event_id.in_(ids), (d.c.status == "delivering") | claimable
        )
        return set((await db.execute(statement)).scalars())

    async def delete_events(self, db: AsyncConnection, ids: list[uuid.UUID]) -> None:
        """Their finished deliveries and tries go with them (foreign keys cascade)."""
        await db.execute(delete(self.t.outbox).where(self.t.outbox.c.id.in_(ids)))

    async def move_watermark(self, db: AsyncConnection, point: Point) -> None:
        c = self.t.cursors
        await db.execute(
            update(c)
            .where(c.c.name == PRUNED)
            .values(txid=_xid8("new_txid", point[0]), position=point[1], updated_at=func.now())
        )

    async def delete_finished_deliveries(self, db: AsyncConnection, days: float, limit: int) -> int:
        """Up to ``limit`` succeeded or dead deliveries created over ``days`` ago, with
        their tries and replays (cascade); how many. Deliveries of an event to a
        subscription (the first, its replays, replays of those) go only all together: one
        that is not finished and old keeps them all, since deleting its original (or an
        original's original) would delete it too."""
        d = self.t.deliveries
        sibling = d.alias("sibling")
        kept_sibling = exists().where(
            sibling.c.subscription_id == d.c.subscription_id,
            sibling.c.event_id == d.c.event_id,
            ~(sibling.c.status.in_(FINISHED) & (sibling.c.created_at < _days_ago(days))),
        )
        old = (
            select(d.c.id)
            .where(d.c.status.in_(FINISHED), d.c.created_at < _days_ago(days), ~kept_sibling)
            .limit(limit)
            .scalar_subquery()
        )
        result = await db.execute(delete(d).where(d.c.id.in_(old)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
