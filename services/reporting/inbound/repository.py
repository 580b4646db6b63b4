"""The ids of the events reporting received, so a redelivered one is applied once."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.models import ReceivedEvent


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
