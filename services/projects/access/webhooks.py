"""Who may subscribe to a project's or a portfolio's webhooks in the projects service
(shared/webhooks/access.py): a project's managers and pmo/admin, and a service token for
the projects within its limits, read from this service's own tables."""

from __future__ import annotations

import uuid

from fastapi import FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import (
    ProjectRole,
    ensure_can_manage,
    ensure_can_write,
    load_role,
)
from services.projects.access.service import repository as access_repository
from services.projects.portfolios.service import get_portfolio
from shared.auth import Principal
from shared.reads import get_reader


class ProjectScopes:
    async def check_project(
        self, request: Request, session: AsyncSession, principal: Principal, project_id: uuid.UUID
    ) -> None:
        role = await load_role(session, principal, project_id)
        if principal.is_integration:
            # Within its limits (404 outside them); webhooks:write was checked already.
            ensure_can_write(principal, role, project_id)
            return
        ensure_can_manage(principal, role, project_id)

    async def check_portfolio(
        self, request: Request, session: AsyncSession, principal: Principal, portfolio_id: uuid.UUID
    ) -> None:
        await get_portfolio(await get_reader(request), portfolio_id)

    async def manager_lost(self, app: FastAPI, owner: str, project_id: uuid.UUID) -> str | None:
        row = await access_repository.role(app.state.reader, owner, project_id)
        if row is None:
            return f"project {project_id} no longer exists"
        if row["my_role"] != ProjectRole.manager:
            return f"{owner} is no longer a manager of project {project_id}"
        return None
