""":class:`~shared.webhooks.access.ScopeAccess` for the services that ask the projects
service who may see and manage a project (governance, reporting)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.clients.projects.members import ProjectRole
from shared.errors import NotFound
from shared.service_identity import ServiceIdentity

# Returns when the caller manages the project (or is pmo/admin); 403/404 otherwise.
EnsureManager = Callable[[ProjectsClient, Principal, uuid.UUID], Awaitable[None]]


class UpstreamScopes:
    """Who may subscribe to a project's or portfolio's webhooks, asked of the projects
    service as the caller; the dispatcher re-checks managers as the service itself
    (``identity``: it reads every project's members)."""

    def __init__(
        self, identity: Callable[[], ServiceIdentity], ensure_manager: EnsureManager
    ) -> None:
        self.identity = identity  # built when first needed: production needs its token
        self.ensure_manager = ensure_manager

    async def check_project(
        self, request: Request, session: AsyncSession, principal: Principal, project_id: uuid.UUID
    ) -> None:
        projects: ProjectsClient = request.app.state.projects_client
        if principal.is_integration:
            # Within its limits: the projects service answers 404 outside them.
            await projects.get_project(project_id)
            return
        await self.ensure_manager(projects, principal, project_id)

    async def check_portfolio(
        self, request: Request, session: AsyncSession, principal: Principal, portfolio_id: uuid.UUID
    ) -> None:
        projects: ProjectsClient = request.app.state.projects_client
        await projects.get_portfolio(portfolio_id)

    async def manager_lost(self, app: FastAPI, owner: str, project_id: uuid.UUID) -> str | None:
        projects: ProjectsClient = app.state.projects_client
        try:
            with self.identity().acting():
                role = await projects.role_of(project_id, owner)
        except NotFound:
            return f"project {project_id} no longer exists"
        if role != ProjectRole.manager:
            return f"{owner} is no longer a manager of project {project_id}"
        return None
