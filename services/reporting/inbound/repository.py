"""The ids of the events reporting received, so a redelivered one is applied once, and the
projects whose refresh they asked for, until it is done."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.models import PendingRefresh, ReceivedEvent


async def record(
    session: AsyncSession, webhook_id: str, event_type: str, project_id: uuid.UUID | None
) -> bool:
    """True when the event is new; False when its id was received before."""
    stmt = (
        pg_insert(ReceivedEvent)
        .values(webhook_id=webhook_id, event_type=event_type, project_id=project_id)
        .on_conflict_do_nothing(index_elements=["webhook_id"])
        .returning(ReceivedEvent.webhook_id)
    )
    return (await session.execute(stmt)).first() is not None


async def forget_before(session: AsyncSession, cutoff: datetime) -> int:
    """Drop the ids received before ``cutoff`` (redeliveries stop long before)."""
    result = await session.execute(delete(ReceivedEvent).where(ReceivedEvent.received_at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def mark_pending(session: AsyncSession, project_id: uuid.UUID) -> None:
    """The project's refresh is asked for (again: its time moves on, so a refresh running
    now does not clear the new request)."""
    stmt = pg_insert(PendingRefresh).values(
        project_id=project_id, requested_at=func.clock_timestamp()
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["project_id"], set_={"requested_at": func.clock_timestamp()}
    )
    await session.execute(stmt)


async def pending(
    session: AsyncSession, project_ids: list[uuid.UUID] | None = None
) -> dict[uuid.UUID, datetime]:
    """Project id -> when its refresh was last asked for (of ``project_ids``; None: all)."""
    stmt = select(PendingRefresh.project_id, PendingRefresh.requested_at)
    if project_ids is not None:
        stmt = stmt.where(PendingRefresh.project_id.in_(project_ids))
    return {row.project_id: row.requested_at for row in await session.execute(stmt)}


async def forget_pending(session: AsyncSession, refreshed: dict[uuid.UUID, datetime]) -> None:
    """Done: the requests read before a refresh; one asked for since stays."""
    if not refreshed:
        return
    matches = [
        and_(PendingRefresh.project_id == pid, PendingRefresh.requested_at == at)
        for pid, at in refreshed.items()
    ]
    await session.execute(delete(PendingRefresh).where(or_(*matches)))
