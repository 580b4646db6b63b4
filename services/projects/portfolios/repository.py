from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from services.projects.access import visible_projects
from services.projects.models import Portfolio, Project, Task
from shared.auth import Principal
from shared.pagination import PageParams
from shared.repository import SortSpec, keyset_page, page_of

PORTFOLIO_COLUMNS = (
    Portfolio.id,
    Portfolio.name,
    Portfolio.description,
    Portfolio.created_at,
    Portfolio.updated_at,
    Portfolio.version,
)


class PortfolioRepository:
    """Hot reads are Core selects on an autocommit connection; writes use the ORM session."""

    async def get(self, conn: AsyncConnection, portfolio_id: uuid.UUID) -> RowMapping | None:
        result = await conn.execute(select(*PORTFOLIO_COLUMNS).where(Portfolio.id == portfolio_id))
        return result.mappings().first()

    async def list(
        self, conn: AsyncConnection, page: PageParams, sort: SortSpec, ids: list[uuid.UUID] | None
    ) -> tuple[list[RowMapping], str | None]:
        stmt = select(*PORTFOLIO_COLUMNS)
        if ids is not None:
            stmt = stmt.where(Portfolio.id.in_(ids))
        rows = (await conn.execute(keyset_page(stmt, sort, Portfolio.id, page))).mappings().all()
        return page_of(rows, sort, sort.column.key, page)

    async def load_for_update(
        self, session: AsyncSession, portfolio_id: uuid.UUID
    ) -> Portfolio | None:
        return await session.get(Portfolio, portfolio_id, with_for_update=True)

    async def rollup(
        self, conn: AsyncConnection, portfolio_id: uuid.UUID, principal: Principal
    ) -> dict[str, Any]:
        projects = (
            select(Project.id, Project.status, Project.budget, Project.currency)
            .where(Project.portfolio_id == portfolio_id, visible_projects(principal))
            .subquery()
        )
        by_status = await conn.execute(
            select(projects.c.status, func.count()).group_by(projects.c.status)
        )
        budgets = await conn.execute(
            select(projects.c.currency, func.coalesce(func.sum(projects.c.budget), 0))
            .where(projects.c.budget.is_not(None))
            .group_by(projects.c.currency)
            .order_by(projects.c.currency)
        )
        tasks = await conn.execute(
            select(
                func.count(Task.id),
                func.count(case((Task.percent_complete >= 100, 1))),
                func.avg(Task.percent_complete),
            ).where(Task.project_id.in_(select(projects.c.id)))
        )
        task_count, done, avg = tasks.one()
        statuses = {status: count for status, count in by_status}
        return {
            "portfolio_id": portfolio_id,
            "project_count": sum(statuses.values()),
            "projects_by_status": statuses,
            "budget_totals": [
                {"currency": currency, "amount": str(amount)} for currency, amount in budgets
            ],
            "task_count": task_count,
            "tasks_completed": done,
            "task_percent_complete": round(float(avg), 2) if avg is not None else None,
        }
