from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import (
    batch_subject,
    ensure_can_read,
    ensure_can_write,
    load_role,
    read_role,
    readable,
)
from services.projects.models import StatusUpdate
from services.projects.status_updates.repository import (
    DEFAULT_SORT,
    SORTS,
    StatusUpdateRepository,
)
from services.projects.status_updates.schemas import StatusUpdateCreate
from shared.auth import Principal
from shared.errors import NotFound
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import pages_in_order, resolve_sort

repository = StatusUpdateRepository()


async def create_status_update(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, data: StatusUpdateCreate
) -> StatusUpdate:
    """Status updates are a record of what was reported: created, never changed."""
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    update = StatusUpdate(project_id=project_id, author=principal.subject, **data.model_dump())
    session.add(update)
    await session.flush()
    await session.refresh(update)
    return update


async def list_status_updates(
    reader: Reader,
    principal: Principal,
    project_id: uuid.UUID,
    page: PageParams,
    sort: str | None,
) -> tuple[list[Any], str | None]:
    ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
    spec = resolve_sort(sort, SORTS, DEFAULT_SORT)
    return await repository.list_for_project(reader, project_id, page, spec)


async def first_status_update_pages(
    reader: Reader, principal: Principal, project_ids: list[uuid.UUID], limit: int
) -> list[dict[str, Any]]:
    """Each project's first page, newest first; empty for projects the caller may not see."""
    pages = await repository.first_pages(reader, batch_subject(principal), project_ids, limit)
    return pages_in_order(project_ids, pages)


async def get_status_update(
    reader: Reader, principal: Principal, status_update_id: uuid.UUID
) -> dict[str, Any]:
    row = await repository.get(reader, status_update_id)
    missing = NotFound(f"Status update {status_update_id} not found.")
    return await readable(reader, principal, row, missing)
