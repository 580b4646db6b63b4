"""The dispatcher's SQL: the fan-out of the outbox into deliveries, and claiming, recording
and releasing deliveries. Part of :class:`shared.webhooks.repository.WebhookRepository`."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    Boolean,
    DateTime,
    Integer,
    Table,
    Text,
    Uuid,
    and_,
    bindparam,
    cast,
    column,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    tuple_,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.events.horizon import settled_horizon
from shared.events.tables import EventTables, Xid8
from shared.webhooks.owner_repository import ACTIVE as ACTIVE_SUBSCRIPTION
from shared.webhooks.owner_repository import confirmed

Row = dict[str, Any]
# A subscription's deliveries leased at a time, all replicas together (the setting's default).
DEFAULT_PER_SUBSCRIPTION = 64


class DispatchQueries:
    t: EventTables
    projects: Table | None

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
                began_before(e.c.txid, s.c.start_snapshot),
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

    async def claim(
        self,
        db: AsyncConnection,
        lease_seconds: float,
        limit: int,
        per_subscription: int = DEFAULT_PER_SUBSCRIPTION,
    ) -> list[Row]:
        """Due deliveries (pending and due, or leased by a dispatcher that is gone) of
        enabled subscriptions whose owner is confirmed (:func:`confirmed`), leased to the
        caller; with what sending them needs. A subscription has at most
        ``per_subscription`` deliveries leased at a time (all replicas together): one with a
        backlog leaves room in the claim for the others, and its receiver gets no more
        concurrent POSTs than that."""
        d, e, s = self.t.deliveries, self.t.outbox, self.t.subscriptions
        picked = d.alias("picked")
        claimable = (
            select(picked.c.id)
            .where(picked.c.id.in_(self._first_due(limit, per_subscription)), _due(picked))
            .with_for_update(of=picked, skip_locked=True)
        )
        # The planner guesses a tenth of each backlog per subscription: with many of them
        # its cost passes jit_above_cost, and compiling would take far longer than the
        # few index probes it runs (tests/perf/bench_claim.py).
        await db.execute(sql_text("SET LOCAL jit = off"))
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
                s.c.owner,
                s.c.owner_kind,
                s.c.secret,
                s.c.previous_secret,
                s.c.previous_secret_expires_at,
                *[e.c[name] for name in EVENT_COLUMNS],
                func.now().label("now"),
            )
        )
        return [dict(r) for r in (await db.execute(statement)).mappings()]

    def _first_due(self, limit: int, per_subscription: int) -> Any:
        """The ids of the ``limit`` due deliveries that fell due first among each enabled
        subscription's first ones (its room: ``per_subscription`` less those it has leased).
        Two index probes per subscription (``ix_webhook_deliveries_waiting`` and
        ``..._leased``), whatever its backlog (tests/perf/bench_claim.py)."""
        s = self.t.subscriptions.alias("subscription")
        waiting, leased = self.t.deliveries.alias("waiting"), self.t.deliveries.alias("leased")
        in_flight = (
            select(func.count())
            .where(
                leased.c.subscription_id == s.c.id,
                leased.c.status == "delivering",
                leased.c.leased_until >= func.now(),
            )
            .correlate(s)
            .scalar_subquery()
        )
        first = (
            select(waiting.c.id, waiting.c.next_attempt_at)
            .where(
                waiting.c.subscription_id == s.c.id,
                _due(waiting),
                confirmed(self.t, waiting, s),
            )
            .order_by(waiting.c.next_attempt_at)
            .limit(func.greatest(per_subscription - in_flight, 0))
            .lateral("first_due")
        )
        return (
            select(first.c.id)
            .select_from(s.join(first, true()))
            .where(s.c.enabled)
            .order_by(first.c.next_attempt_at)
            .limit(limit)
        )

    async def record(self, db: AsyncConnection, finished: Sequence[Finished]) -> set[uuid.UUID]:
        """The tries' outcomes, each only if its lease (``leased_until``) is still the
        caller's; every try is logged anyway. Returns the deliveries whose lease was kept
        (the others were claimed again meanwhile). One UPDATE and one INSERT for the batch."""
        d, a = self.t.deliveries, self.t.attempts
        if not finished:
            return set()
        await db.execute(
            insert(a),
            [{"id": uuid.uuid4(), "delivery_id": f.delivery_id, **f.attempt} for f in finished],
        )
        v = _outcomes(finished)
        statement = (
            update(d)
            .where(d.c.id == v.c.id, d.c.leased_until == v.c.leased_until)
            .values(
                status=v.c.status,
                last_status_code=v.c.last_status_code,
                last_error=v.c.last_error,
                delivered_at=func.coalesce(v.c.delivered_at, d.c.delivered_at),
                next_attempt_at=func.coalesce(v.c.next_attempt_at, d.c.next_attempt_at),
                attempts=d.c.attempts + 1,
                leased_until=None,
            )
            .returning(d.c.id)
        )
        return set((await db.execute(statement)).scalars())

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


@dataclass(frozen=True, slots=True)
class Finished:
    """One finished try to record: the delivery, its lease, its new state and the try."""

    delivery_id: uuid.UUID
    leased_until: datetime
    outcome: Mapping[str, Any]
    attempt: Mapping[str, Any]


# The columns of a delivery a try's outcome sets (absent ones are NULL), with their types.
OUTCOME_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("id", Uuid()),
    ("leased_until", DateTime(timezone=True)),
    ("status", Text()),
    ("last_status_code", Integer()),
    ("last_error", Text()),
    ("delivered_at", DateTime(timezone=True)),
    ("next_attempt_at", DateTime(timezone=True)),
)


def _outcomes(finished: Sequence[Finished]) -> Any:
    """The batch as a table (``unnest`` of one array per column): one statement text
    whatever the batch size, so asyncpg's prepared statement is reused."""
    rows = [{"id": f.delivery_id, "leased_until": f.leased_until, **f.outcome} for f in finished]
    arrays = [
        cast(bindparam(f"outcome_{name}", [r.get(name) for r in rows], ARRAY(kind)), ARRAY(kind))
        for name, kind in OUTCOME_COLUMNS
    ]
    columns = [column(name, kind) for name, kind in OUTCOME_COLUMNS]
    return func.unnest(*arrays).table_valued(*columns).render_derived(name="outcome")


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


def _due(d: Any) -> Any:
    """Pending and due, or leased by a dispatcher whose lease ran out."""
    return or_(
        and_(d.c.status == "pending", d.c.next_attempt_at <= func.now()),
        and_(d.c.status == "delivering", d.c.leased_until < func.now()),
    )


def began_before(txid: Any, start: Any) -> Any:
    """The event's transaction had not committed when the subscription began (``start``,
    its snapshot then; NULL: it takes every event). Not the horizon (oldest running
    transaction): with a long transaction open, that would take in the events committed
    since it began, history to the new subscription."""
    visible = func.pg_visible_in_snapshot(txid, start, type_=Boolean)
    return or_(start.is_(None), ~visible)


def _xid8(name: str, value: str) -> Any:
    """A transaction id given as text (asyncpg has no codec for xid8)."""
    return cast(cast(bindparam(name, value, type_=Text), Text), Xid8())


def text_type() -> Text:
    return Text()
