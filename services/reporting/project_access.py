"""Who the caller is on a project, asked of the projects service (which owns membership):
reporting's writes about a project follow the projects service's own rules."""

from __future__ import annotations

import uuid

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.clients.projects.members import ProjectRole
from shared.errors import Forbidden


async def project_role(
    projects: ProjectsClient, principal: Principal, project_id: uuid.UUID
) -> ProjectRole | None:
    """The caller's membership role on the project (None: not a member); NotFound when
    the project does not exist or the caller may not see it."""
    return await projects.role_of(project_id, principal.subject)


async def ensure_can_manage(
    projects: ProjectsClient, principal: Principal, project_id: uuid.UUID
) -> None:
    """pmo and admin, or a manager of the project (after checking the project is visible)."""
    if principal.can_write_all:
        await projects.get_project(project_id)
        return
    if await project_role(projects, principal, project_id) != ProjectRole.manager:
        raise Forbidden("This change needs the manager role on the project, or pmo/admin.")


class WebhookScopes:
    """Who may subscribe to a project's or portfolio's reporting webhooks: asked of the
    projects service (shared/webhooks/access.py)."""

    async def check_project(
        self, request: Request, session: AsyncSession, principal: Principal, project_id: uuid.UUID
    ) -> None:
        await ensure_can_manage(request.app.state.projects_client, principal, project_id)

    async def check_portfolio(
        self, request: Request, session: AsyncSession, principal: Principal, portfolio_id: uuid.UUID
    ) -> None:
        projects: ProjectsClient = request.app.state.projects_client
        await projects.get_portfolio(portfolio_id)
