"""Deliverables planned on a project by another domain that has already authorized the
write (a template's required deliverables, when a project is made from it)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.deliverables.repository import DeliverableRepository
from services.governance.deliverables.schemas import DeliverableStatus
from services.governance.models import Deliverable

repository = DeliverableRepository()


async def plan_deliverables(
    session: AsyncSession, project_id: uuid.UUID, deliverables: Sequence[tuple[str, str]]
) -> int:
    """Adds each ``(key, name)`` the project's register lacks as ``planned``; answers how
    many were added (a key already there is left as it is)."""
    added = 0
    for key, name in deliverables:
        if await repository.key_taken(session, project_id, key):
            continue
        session.add(
            Deliverable(
                project_id=project_id, key=key, name=name, status=DeliverableStatus.planned.value
            )
        )
        added += 1
    await session.flush()
    return added
