from __future__ import annotations

import uuid

from fastapi import APIRouter

from services.projects.bulk import service
from services.projects.bulk.schemas import BulkRequest, BulkResult
from shared.auth import CurrentPrincipal
from shared.dependencies import Session

router = APIRouter(tags=["bulk"])


@router.post("/v1/projects/{project_id}/tasks:bulk", operation_id="bulk_upsert_tasks")
async def bulk_upsert_tasks(
    project_id: uuid.UUID, body: BulkRequest, principal: CurrentPrincipal, session: Session
) -> BulkResult:
    """Create or update up to 1,000 tasks by ``external_source`` + ``external_id``; the
    project is rescheduled once. ``atomic`` (default): one bad item fails the call with 422
    and per-item results, nothing written; ``per_item``: good items are written. An item
    takes a task's fields (progress too: ``percent_complete``, ``actual_start``,
    ``actual_finish``, ``actual_duration_days``, ``remaining_duration_days``, kept
    consistent by the same rules as on a task); an item that reports progress without
    actual dates keeps the ones the task already has."""
    return await service.upsert_tasks(session, principal, project_id, body)


@router.post("/v1/projects/{project_id}/dependencies:bulk", operation_id="bulk_upsert_dependencies")
async def bulk_upsert_dependencies(
    project_id: uuid.UUID, body: BulkRequest, principal: CurrentPrincipal, session: Session
) -> BulkResult:
    """Create or update up to 1,000 links by external key; tasks are named by id or by
    external id. Same modes and answers as ``bulk_upsert_tasks``."""
    return await service.upsert_dependencies(session, principal, project_id, body)
