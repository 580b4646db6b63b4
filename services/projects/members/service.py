from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import (
    batch_subject,
    ensure_can_manage,
    ensure_can_read,
    load_role,
    read_role,
)
from services.projects.members.repository import DEFAULT_SORT, SORTS, MemberRepository
from services.projects.members.schemas import MemberCreate, MemberUpdate
from services.projects.models import ProjectMember
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import Conflict, NotFound
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import pages_in_order, resolve_sort

repository = MemberRepository()


async def list_members(
    reader: Reader, principal: Principal, project_id: uuid.UUID, page: PageParams, sort: str | None
) -> tuple[list[Any], str | None]:
    ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
    spec = resolve_sort(sort, SORTS, DEFAULT_SORT)
    return await repository.list_for_project(reader, project_id, page, spec)


async def first_member_pages(
    reader: Reader, principal: Principal, project_ids: list[uuid.UUID], limit: int
) -> list[dict[str, Any]]:
    """Each project's first page, oldest first; empty for projects the caller may not see."""
    pages = await repository.first_pages(reader, batch_subject(principal), project_ids, limit)
    return pages_in_order(project_ids, pages)


async def add_member(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, data: MemberCreate
) -> ProjectMember:
    ensure_can_manage(principal, await load_role(session, principal, project_id), project_id)
    if await repository.is_member(session, project_id, data.user_id):
        raise Conflict(f"{data.user_id} is already a member of this project.")
    member = ProjectMember(project_id=project_id, user_id=data.user_id, role=data.role.value)
    session.add(member)
    await session.flush()
    return member


async def _load_member(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, member_id: uuid.UUID
) -> ProjectMember:
    ensure_can_manage(principal, await load_role(session, principal, project_id), project_id)
    member = await repository.load_for_update(session, member_id)
    if member is None or member.project_id != project_id:
        raise NotFound(f"Member {member_id} not found on project {project_id}.")
    return member


async def update_member(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    member_id: uuid.UUID,
    data: MemberUpdate,
    expected_versions: list[int] | None,
) -> ProjectMember:
    member = await _load_member(session, principal, project_id, member_id)
    check_version(member.version, expected_versions)
    member.role = data.role.value
    await session.flush()
    return member


async def remove_member(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    member_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> None:
    member = await _load_member(session, principal, project_id, member_id)
    check_version(member.version, expected_versions)
    await session.delete(member)
    await session.flush()
