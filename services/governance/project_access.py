"""Who the caller is on a project, asked of the projects service (which owns membership):
the same rules as the projects service's own (pmo and admin write everywhere, executives
read everywhere, members by their project role), so governance's records about a project
are as visible and as writable as the project itself."""

from __future__ import annotations

import uuid

from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.clients.projects.members import ProjectRole
from shared.errors import Forbidden

WRITER_ROLES = frozenset({ProjectRole.manager, ProjectRole.member})


async def project_role(
    projects: ProjectsClient, principal: Principal, project_id: uuid.UUID
) -> ProjectRole | None:
    """The caller's membership role on the project (None: not a member); NotFound when
    the project does not exist or the caller may not see it (for a service token: is
    outside its limits, which the projects service checks on the forwarded token)."""
    role = await projects.role_of(project_id, principal.subject)
    return None if principal.is_integration else role  # a service token is never a member


def ensure_can_write(principal: Principal, role: ProjectRole | None) -> None:
    """After :func:`project_role`: a service token that got this far reaches the project
    (its scope for the operation was checked with authentication)."""
    if principal.can_write_all or principal.is_integration or role in WRITER_ROLES:
        return
    raise Forbidden("This change needs the manager or member role on the project, or pmo/admin.")


def ensure_can_manage(principal: Principal, role: ProjectRole | None) -> None:
    if principal.is_integration:
        raise Forbidden("Integration tokens do not manage projects.")
    if principal.can_write_all or role == ProjectRole.manager:
        return
    raise Forbidden("This change needs the manager role on the project, or pmo/admin.")


async def ensure_manages(
    projects: ProjectsClient, principal: Principal, project_id: uuid.UUID
) -> None:
    """:data:`shared.webhooks.upstream_access.EnsureManager` for governance."""
    ensure_can_manage(principal, await project_role(projects, principal, project_id))
