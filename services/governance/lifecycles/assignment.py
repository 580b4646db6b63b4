"""Which lifecycle revision a project follows. Only a published revision can be assigned;
the project keeps the revision it was given even when a newer one is published (a new
revision is assigned explicitly)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.lifecycles.repository import LifecycleRepository
from services.governance.lifecycles.schemas import LifecycleStatus
from services.governance.models import Lifecycle, ProjectLifecycle
from shared.auth import GlobalRole, Principal
from shared.clients.projects import ProjectsClient
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.reads import Reader

repository = LifecycleRepository()

ASSIGNERS = (GlobalRole.admin, GlobalRole.pmo)


async def assign_lifecycle(
    session: AsyncSession,
    principal: Principal,
    projects: ProjectsClient,
    project_id: uuid.UUID,
    lifecycle_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> ProjectLifecycle:
    """``PUT /v1/projects/{id}/lifecycle``: PMO staff and admins, on a project that exists
    (the projects service answers 404 for an unknown or invisible one)."""
    principal.require_any(*ASSIGNERS)
    await projects.get_project(project_id)
    return await attach_lifecycle(
        session,
        project_id,
        lifecycle_id,
        assigned_by=principal.subject,
        expected_versions=expected_versions,
    )


async def attach_lifecycle(
    session: AsyncSession,
    project_id: uuid.UUID,
    lifecycle_id: uuid.UUID,
    *,
    assigned_by: str,
    expected_versions: list[int] | None = None,
) -> ProjectLifecycle:
    """Give the project the lifecycle revision (idempotent: the same one again changes
    nothing). No authorization here: for callers that have already checked it, such as
    template instantiation, which assigns the template's lifecycle to the project it made."""
    await published_lifecycle(session, lifecycle_id)
    current = await repository.load_assignment(session, project_id)
    if current is not None:
        check_version(current.version, expected_versions)
        if current.lifecycle_id != lifecycle_id:
            current.lifecycle_id = lifecycle_id
            current.assigned_at, current.assigned_by = datetime.now(UTC), assigned_by
            await session.flush()
        return current
    assignment = ProjectLifecycle(
        project_id=project_id,
        lifecycle_id=lifecycle_id,
        assigned_at=datetime.now(UTC),
        assigned_by=assigned_by,
    )
    session.add(assignment)
    await session.flush()
    return assignment


async def published_lifecycle(session: AsyncSession, lifecycle_id: uuid.UUID) -> Lifecycle:
    lifecycle = await repository.load(session, lifecycle_id)
    if lifecycle is None:
        raise ValidationFailed(
            f"Lifecycle {lifecycle_id} does not exist.",
            errors=[FieldError("lifecycle_id", "unknown lifecycle")],
        )
    if lifecycle.status != LifecycleStatus.published:
        raise Conflict(
            f"Lifecycle {lifecycle.key!r} revision {lifecycle.revision} is {lifecycle.status}; "
            "only a published revision can be assigned to a project."
        )
    return lifecycle


async def get_assignment(
    reader: Reader, projects: ProjectsClient, project_id: uuid.UUID
) -> dict[str, Any]:
    """The project's assignment, for a caller who may see the project."""
    await projects.get_project(project_id)
    row = await repository.assignment(reader, project_id)
    if row is None:
        raise NotFound(f"Project {project_id} has no lifecycle assigned.")
    return row


async def lifecycle_of_project(session: AsyncSession, project_id: uuid.UUID) -> Lifecycle | None:
    """The lifecycle revision the project follows, if any (for gate reviews)."""
    assignment = await repository.load_assignment(session, project_id, lock=False)
    if assignment is None:
        return None
    return await repository.load(session, assignment.lifecycle_id)
