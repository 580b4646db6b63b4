"""A project's deliverables register. Members who may change the project keep it; only
its manager, the PMO or an admin accept a deliverable (or delete one). Submitted and
accepted deliverables are present for the rules that require them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.deliverables.repository import SORTS, DeliverableRepository
from services.governance.deliverables.schemas import (
    PRESENT,
    DeliverableCreate,
    DeliverableStatus,
    DeliverableUpdate,
)
from services.governance.models import Deliverable
from services.governance.project_access import ensure_can_manage, ensure_can_write, project_role
from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import resolve_sort

repository = DeliverableRepository()


async def present_deliverables(
    session: AsyncSession, project_ids: list[uuid.UUID]
) -> dict[uuid.UUID, frozenset[str]]:
    """Keys of each project's submitted or accepted deliverables (the rules' facts); every
    project asked for has an entry."""
    keys = await repository.keys_with_status(session, project_ids, [s.value for s in PRESENT])
    return {project_id: frozenset(keys.get(project_id, ())) for project_id in project_ids}


async def list_deliverables(
    reader: Reader,
    principal: Principal,
    projects: ProjectsClient,
    project_id: uuid.UUID,
    page: PageParams,
    sort: str | None,
    status: str | None,
) -> tuple[list[Any], str | None]:
    await project_role(projects, principal, project_id)  # 404 unless the caller sees it
    spec = resolve_sort(sort, SORTS, "created_at")
    return await repository.list_for_project(reader, project_id, page, spec, status)


async def get_deliverable(
    reader: Reader,
    principal: Principal,
    projects: ProjectsClient,
    project_id: uuid.UUID,
    deliverable_id: uuid.UUID,
) -> dict[str, Any]:
    await project_role(projects, principal, project_id)
    row = await repository.get(reader, deliverable_id)
    if row is None or row["project_id"] != project_id:
        raise NotFound(f"Deliverable {deliverable_id} not found on project {project_id}.")
    return row


async def add_deliverable(
    session: AsyncSession,
    principal: Principal,
    projects: ProjectsClient,
    project_id: uuid.UUID,
    data: DeliverableCreate,
) -> Deliverable:
    role = await project_role(projects, principal, project_id)
    ensure_can_write(principal, role)
    if data.status == DeliverableStatus.accepted:
        ensure_can_manage(principal, role)
    if await repository.key_taken(session, project_id, data.key):
        raise Conflict(f"The project already has a deliverable {data.key!r}.")
    deliverable = Deliverable(
        project_id=project_id, key=data.key, name=data.name, url=data.url, evidence=data.evidence
    )
    _set_status(deliverable, data.status, principal)
    session.add(deliverable)
    await session.flush()
    return deliverable


async def update_deliverable(
    session: AsyncSession,
    principal: Principal,
    projects: ProjectsClient,
    ids: tuple[uuid.UUID, uuid.UUID],
    data: DeliverableUpdate,
    expected_versions: list[int] | None,
) -> Deliverable:
    project_id, deliverable_id = ids
    changes = data.model_dump(exclude_unset=True)
    for required in ("name", "status"):
        if required in changes and changes[required] is None:
            raise ValidationFailed(errors=[FieldError(required, "may not be null")])
    role = await project_role(projects, principal, project_id)
    ensure_can_write(principal, role)
    deliverable = await _load(session, project_id, deliverable_id, expected_versions)
    status = changes.pop("status", None)
    if DeliverableStatus.accepted in (status, deliverable.status) and status != deliverable.status:
        ensure_can_manage(principal, role)  # accepting, or taking an acceptance back
    for field, value in changes.items():
        setattr(deliverable, field, value)
    if status is not None and status != deliverable.status:
        _set_status(deliverable, DeliverableStatus(status), principal)
    await session.flush()
    return deliverable


async def delete_deliverable(
    session: AsyncSession,
    principal: Principal,
    projects: ProjectsClient,
    ids: tuple[uuid.UUID, uuid.UUID],
    expected_versions: list[int] | None,
) -> None:
    project_id, deliverable_id = ids
    ensure_can_manage(principal, await project_role(projects, principal, project_id))
    deliverable = await _load(session, project_id, deliverable_id, expected_versions)
    await session.delete(deliverable)
    await session.flush()


async def _load(
    session: AsyncSession,
    project_id: uuid.UUID,
    deliverable_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> Deliverable:
    deliverable = await repository.load_for_update(session, deliverable_id)
    if deliverable is None or deliverable.project_id != project_id:
        raise NotFound(f"Deliverable {deliverable_id} not found on project {project_id}.")
    check_version(deliverable.version, expected_versions)
    return deliverable


def _set_status(deliverable: Deliverable, status: DeliverableStatus, principal: Principal) -> None:
    """The status with its stamps: who submitted and accepted it, and when; going back to
    planned clears them, going back to submitted clears the acceptance."""
    now = datetime.now(UTC)
    deliverable.status = status.value
    if status == DeliverableStatus.planned:
        deliverable.submitted_by = deliverable.submitted_at = None
    elif status == DeliverableStatus.submitted or deliverable.submitted_at is None:
        deliverable.submitted_by, deliverable.submitted_at = principal.subject, now
    if status == DeliverableStatus.accepted:
        deliverable.accepted_by, deliverable.accepted_at = principal.subject, now
    else:
        deliverable.accepted_by = deliverable.accepted_at = None
