"""Who may read or write a project (DESIGN §5): global roles, else project membership."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, String, Uuid, bindparam, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.models import Project, ProjectMember
from shared.auth import Principal
from shared.errors import Forbidden, NotFound
from shared.reads import Query, Reader


class ProjectRole(StrEnum):
    manager = "manager"
    member = "member"
    viewer = "viewer"


WRITER_ROLES = frozenset({ProjectRole.manager, ProjectRole.member})


def visible_projects(read_all: bool) -> ColumnElement[bool]:
    """A WHERE clause limiting ``projects`` to what the caller may read; binds ``:subject``
    unless the caller reads everything."""
    if read_all:
        return true()
    member_of = select(ProjectMember.project_id).where(
        ProjectMember.user_id == bindparam("subject", type_=String)
    )
    return Project.id.in_(member_of)


def my_role_column() -> Any:
    """The caller's (``:subject``) project role as a scalar subquery, so one SELECT loads
    both the row and the right to see it."""
    return (
        select(ProjectMember.role)
        .where(
            ProjectMember.project_id == Project.id,
            ProjectMember.user_id == bindparam("subject", type_=String),
        )
        .scalar_subquery()
        .label("my_role")
    )


_ROLE_STATEMENT = select(Project.id, my_role_column()).where(
    Project.id == bindparam("project_id", type_=Uuid)
)
_ROLE = Query(_ROLE_STATEMENT)


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


async def read_role(reader: Reader, principal: Principal, project_id: uuid.UUID) -> str | None:
    """The caller's role on a project (None: none); NotFound when the project is missing."""
    row = await reader.one(_ROLE, project_id=project_id, subject=principal.subject)
    if row is None:
        raise NotFound(f"Project {project_id} not found.")
    return row["my_role"]


async def load_role(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID
) -> str | None:
    """:func:`read_role` inside a write transaction (the session's connection)."""
    result = await session.execute(
        _ROLE_STATEMENT, {"subject": principal.subject, "project_id": project_id}
    )
    row = result.first()
    if row is None:
        raise NotFound(f"Project {project_id} not found.")
    return row.my_role
