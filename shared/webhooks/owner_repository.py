"""The SQL of the owners' re-check (:mod:`shared.webhooks.owners`): which project managers'
subscriptions have deliveries waiting for a confirmation, confirming them, suspending."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.events.tables import EventTables

Row = dict[str, Any]
PROJECT_MANAGER = "project_manager"
GLOBAL = "global"
ACTIVE = "active"
SUSPENDED = "suspended"
WAITING = ("pending", "delivering")


def confirmed(
    tables: EventTables, deliveries: Any = None, subscriptions: Any = None
) -> ColumnElement[bool]:
    """A delivery may go out: its subscription is active, and its owner is global or was
    confirmed a project manager no earlier than the delivery fell due. ``deliveries`` and
    ``subscriptions``: aliases of the tables to use instead."""
    d = tables.deliveries if deliveries is None else deliveries
    s = tables.subscriptions if subscriptions is None else subscriptions
    return and_(
        s.c.status == ACTIVE,
        or_(s.c.owner_kind != PROJECT_MANAGER, s.c.access_checked_at >= d.c.next_attempt_at),
    )


class OwnerRepository:
    def __init__(self, tables: EventTables) -> None:
        self.t = tables

    async def unconfirmed(
        self, db: AsyncConnection, limit: int, backing_off: Sequence[tuple[str, Any]] = ()
    ) -> tuple[datetime | None, list[Row]]:
        """The database's now (None when there are none), and the active project managers'
        subscriptions that have a due delivery waiting for a confirmation made after it fell
        due (one probe of ``ix_webhook_deliveries_waiting`` each); the longest unconfirmed
        first, without those whose ``(owner, project_id)`` is ``backing_off`` (their check
        failed just now), so that these do not take every place in the limit."""
        d, s = self.t.deliveries, self.t.subscriptions
        waiting = exists().where(
            d.c.subscription_id == s.c.id,
            d.c.status.in_(WAITING),
            d.c.next_attempt_at <= func.now(),
            or_(s.c.access_checked_at.is_(None), s.c.access_checked_at < d.c.next_attempt_at),
        )
        statement = (
            select(s.c.id, s.c.owner, s.c.project_id, func.now().label("now"))
            .where(s.c.status == ACTIVE, s.c.enabled, s.c.owner_kind == PROJECT_MANAGER, waiting)
            .where(*_not_among(s.c.owner, s.c.project_id, backing_off))
            .order_by(s.c.access_checked_at.asc().nulls_first(), s.c.id)
            .limit(limit)
        )
        rows = [dict(r) for r in (await db.execute(statement)).mappings()]
        if not rows:  # the usual case: one query, nothing to confirm
            return None, rows
        return rows[0]["now"], rows

    async def confirm(self, db: AsyncConnection, ids: list[uuid.UUID], at: datetime) -> None:
        s = self.t.subscriptions
        await db.execute(
            update(s)
            .where(s.c.id.in_(ids), s.c.status == ACTIVE)
            .values(access_checked_at=func.greatest(s.c.access_checked_at, at))
        )

    async def suspend(self, db: AsyncConnection, subscription_id: uuid.UUID, reason: str) -> bool:
        """Suspends an active subscription; its waiting deliveries die (they are of events
        after the owner may have lost access). False when it was not active any more."""
        s, d = self.t.subscriptions, self.t.deliveries
        result = await db.execute(
            update(s)
            .where(s.c.id == subscription_id, s.c.status == ACTIVE)
            .values(
                status=SUSPENDED,
                suspended_reason=reason,
                suspended_at=func.now(),
                version=s.c.version + 1,
                updated_at=func.now(),
            )
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        await db.execute(
            update(d)
            .where(d.c.subscription_id == subscription_id, d.c.status.in_(WAITING))
            .values(
                status="dead", leased_until=None, last_error=f"subscription suspended: {reason}"
            )
        )
        return True


def standing_values(kind: str, *, start_now: bool = True) -> dict[str, Any]:
    """A subscription's columns when someone who may subscribe creates, changes or
    reactivates it: confirmed now; created or reactivated (``start_now``), active and
    receiving events of transactions from now on."""
    values: dict[str, Any] = {"owner_kind": kind, "access_checked_at": func.now()}
    if start_now:
        values |= {
            "status": ACTIVE,
            "suspended_reason": None,
            "suspended_at": None,
            # Events of transactions committed by now are history to it (dispatch_queries).
            "start_snapshot": func.pg_current_snapshot(),
        }
    return values


def _not_among(owner: Any, project_id: Any, keys: Sequence[tuple[str, Any]]) -> list[Any]:
    """``(owner, project_id)`` not one of ``keys`` (no condition when there are none)."""
    if not keys:
        return []
    return [tuple_(owner, project_id).not_in([tuple_(o, p) for o, p in keys])]
