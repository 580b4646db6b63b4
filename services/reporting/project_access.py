"""Who the caller is on a project, asked of the projects service (which owns membership):
reporting's writes about a project follow the projects service's own rules."""

from __future__ import annotations

import uuid

from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.clients.projects.members import ProjectRole
from shared.errors import Forbidden
from shared.pagination import MAX_LIMIT


async def project_role(
    projects: ProjectsClient, principal: Principal, project_id: uuid.UUID
) -> ProjectRole | None:
    """The caller's membership role on the project (None: not a member). The projects
    service answers 404 for a project that does not exist or that the caller may not see,
    and that NotFound is what the caller gets."""
    cursor: str | None = None
    while True:
        page = await projects.list_members(project_id, limit=MAX_LIMIT, cursor=cursor)
        for member in page.items:
            if member.user_id == principal.subject:
                return member.role
        if page.next_cursor is None:
            return None
        cursor = page.next_cursor


async def ensure_can_manage(
    projects: ProjectsClient, principal: Principal, project_id: uuid.UUID
) -> None:
    """pmo and admin, or a manager of the project (after checking the project is visible)."""
    if principal.can_write_all:
        await projects.get_project(project_id)
        return
    if await project_role(projects, principal, project_id) != ProjectRole.manager:
        raise Forbidden("This change needs the manager role on the project, or pmo/admin.")
