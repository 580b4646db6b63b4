"""The published lifecycle revision another domain names, by key or by id (templates name
the lifecycle that applies to the projects made from them)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.lifecycles.repository import LifecycleRepository
from services.governance.lifecycles.schemas import LifecycleStatus
from services.governance.models import Lifecycle

repository = LifecycleRepository()


async def published_revision(
    session: AsyncSession, *, key: str | None = None, lifecycle_id: uuid.UUID | None = None
) -> Lifecycle | None:
    """By key: the key's published revision; by id: that revision if it is published;
    otherwise (or given neither) None. Takes no lock."""
    if lifecycle_id is not None:
        lifecycle = await repository.load(session, lifecycle_id)
        published = lifecycle is not None and lifecycle.status == LifecycleStatus.published
        return lifecycle if published else None
    if key is not None:
        return await repository.published_revision_of_key(session, key)
    return None
