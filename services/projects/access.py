"""Who may read or write a project (DESIGN §5): global roles, else project membership."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from services.projects.models import Project, ProjectMember
from shared.auth import Principal
from shared.errors import Forbidden, NotFound


class ProjectRole(StrEnum):
    manager = "manager"
    member = "member"
    viewer = "viewer"


WRITER_ROLES = frozenset({ProjectRole.manager, ProjectRole.member})


def visible_projects(principal: Principal) -> ColumnElement[bool]:
    """A WHERE clause limiting ``projects`` to what the principal may read."""
    if principal.can_read_all:
        return true()
    member_of = select(ProjectMember.project_id).where(ProjectMember.user_id == principal.subject)
    return Project.id.in_(member_of)


def my_role_column(principal: Principal) -> Any:
    """The caller's project role as a scalar subquery, so one SELECT loads row and right."""
    return (
        select(ProjectMember.role)
        .where(ProjectMember.project_id == Project.id, ProjectMember.user_id == principal.subject)
        .scalar_subquery()
        .label("my_role")
    )


def ensure_can_read(principal: Principal, role: str | None, project_id: uuid.UUID) -> None:
    if principal.can_read_all or role is not None:
        return
    # Same answer as for a missing project: do not reveal what exists.
    raise NotFound(f"Project {project_id} not found.")


def ensure_can_write(principal: Principal, role: str | None, project_id: uuid.UUID) -> None:
    if principal.can_write_all or role in WRITER_ROLES:
        return
    ensure_can_read(principal, role, project_id)
    raise Forbidden("Changing this project needs the manager or member role on it, or pmo/admin.")


def ensure_can_manage(principal: Principal, role: str | None, project_id: uuid.UUID) -> None:
    if principal.can_write_all or role == ProjectRole.manager:
        return
    ensure_can_read(principal, role, project_id)
    raise Forbidden("Managing members needs the manager role on this project, or pmo/admin.")


async def load_role(
    conn: AsyncConnection, principal: Principal, project_id: uuid.UUID
) -> str | None:
    row = (
        await conn.execute(
            select(Project.id, my_role_column(principal)).where(Project.id == project_id)
        )
    ).first()
    if row is None:
        raise NotFound(f"Project {project_id} not found.")
    return row.my_role
