"""Dependencies between tasks: every change reschedules the project in the same transaction."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import viewer_of
from services.projects.access.service import (
    ensure_can_read,
    ensure_can_write,
    load_role,
    read_role,
    writable,
)
from services.projects.dependencies.repository import DependencyRepository
from services.projects.dependencies.schemas import DependencyCreate, DependencyUpdate
from services.projects.models import Dependency
from services.projects.schedule.service import lock_plan, lock_plan_and, reschedule
from services.projects.tasks.service import projects_of_tasks
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader

repository = DependencyRepository()


async def list_links(
    reader: Reader, principal: Principal, project_id: uuid.UUID, page: PageParams
) -> tuple[list[Any], str | None]:
    ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
    return await repository.list_for_project(reader, project_id, page)


async def links_into(
    reader: Reader, principal: Principal, successor_ids: list[uuid.UUID]
) -> list[dict[str, Any]]:
    viewer = viewer_of(principal)
    return await repository.into(reader, viewer, successor_ids)


async def _check_ends(session: AsyncSession, project_id: uuid.UUID, data: DependencyCreate) -> None:
    if data.predecessor_id == data.successor_id:
        raise ValidationFailed(
            "A task cannot depend on itself.",
            errors=[FieldError("successor_id", "same task as predecessor_id")],
        )
    found = await projects_of_tasks(session, [data.predecessor_id, data.successor_id])
    errors = [
        FieldError(field, "no such task in this project")
        for field, task_id in (
            ("predecessor_id", data.predecessor_id),
            ("successor_id", data.successor_id),
        )
        if found.get(task_id) != project_id
    ]
    if errors:
        raise ValidationFailed("Both tasks must belong to this project.", errors=errors)
    if await repository.exists(session, data.predecessor_id, data.successor_id):
        raise Conflict("These two tasks are already linked.")


async def add_link(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, data: DependencyCreate
) -> Dependency:
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    await lock_plan(session, project_id)
    await _check_ends(session, project_id, data)
    link = Dependency(project_id=project_id, **data.model_dump())
    session.add(link)
    await session.flush()
    await reschedule(session, project_id)
    await session.refresh(link)
    return link


async def _load_for_write(
    session: AsyncSession, principal: Principal, link_id: uuid.UUID
) -> Dependency:
    missing = NotFound(f"Dependency {link_id} not found.")
    link = await writable(session, principal, await session.get(Dependency, link_id), missing)
    await lock_plan_and(session, link.project_id, link)
    return link


async def update_link(
    session: AsyncSession,
    principal: Principal,
    link_id: uuid.UUID,
    data: DependencyUpdate,
    expected_versions: list[int] | None,
) -> Dependency:
    link = await _load_for_write(session, principal, link_id)
    check_version(link.version, expected_versions)
    for field, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(link, field, value)
    await session.flush()
    await reschedule(session, link.project_id)
    await session.refresh(link)
    return link


async def delete_link(
    session: AsyncSession,
    principal: Principal,
    link_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> None:
    link = await _load_for_write(session, principal, link_id)
    check_version(link.version, expected_versions)
    project_id = link.project_id
    await session.delete(link)
    await session.flush()
    await reschedule(session, project_id)
