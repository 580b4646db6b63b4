"""Who the caller is on a project, asked of the projects service (which owns membership):
reporting's writes about a project follow the projects service's own rules."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from fastapi import FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.clients.projects.members import ProjectRole
from shared.errors import Forbidden
from shared.service_identity import ServiceIdentity
from shared.webhooks.access import manager_lost_upstream


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


class WebhookScopes:
    """Who may subscribe to a project's or portfolio's reporting webhooks: asked of the
    projects service (shared/webhooks/access.py); the dispatcher re-checks managers as the
    service itself (``identity``: it reads every project's members)."""

    def __init__(self, identity: Callable[[], ServiceIdentity]) -> None:
        self.identity = identity  # built when first needed: production needs its token

    async def check_project(
        self, request: Request, session: AsyncSession, principal: Principal, project_id: uuid.UUID
    ) -> None:
        projects: ProjectsClient = request.app.state.projects_client
        if principal.is_integration:
            # Within its limits: the projects service answers 404 outside them.
            await projects.get_project(project_id)
            return
        await ensure_can_manage(projects, principal, project_id)

    async def check_portfolio(
        self, request: Request, session: AsyncSession, principal: Principal, portfolio_id: uuid.UUID
    ) -> None:
        projects: ProjectsClient = request.app.state.projects_client
        await projects.get_portfolio(portfolio_id)

    async def manager_lost(self, app: FastAPI, owner: str, project_id: uuid.UUID) -> str | None:
        return await manager_lost_upstream(
            app.state.projects_client, self.identity(), owner, project_id
        )
