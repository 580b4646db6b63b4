"""Who the caller is on a project, asked of the projects service (which owns membership):
reporting's writes about a project follow the projects service's own rules."""

from __future__ import annotations

import uuid

from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.clients.projects.members import ProjectRole
from shared.errors import Forbidden


async def project_role(
    projects: ProjectsClient, principal: Principal, project_id: uuid.UUID
) -> ProjectRole | None:
    """The caller's membership role on the project (None: not a member); NotFound when
    the project does not exist or the caller may not see it (for a service token: is
    outside its limits, which the projects service checks on the forwarded token)."""
    role = await projects.role_of(project_id, principal.subject)
    return None if principal.is_integration else role  # a service token is never a member


async def ensure_can_manage(
    projects: ProjectsClient, principal: Principal, project_id: uuid.UUID
) -> None:
    """pmo and admin, or a manager of the project (after checking the project is visible);
    never a service token."""
    if principal.is_integration:
        await projects.get_project(project_id)  # 404 outside its limits
        raise Forbidden("Integration tokens do not manage projects.")
    if principal.can_write_all:
        await projects.get_project(project_id)
        return
    if await project_role(projects, principal, project_id) != ProjectRole.manager:
        raise Forbidden("This change needs the manager role on the project, or pmo/admin.")
