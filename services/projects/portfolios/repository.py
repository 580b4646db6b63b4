from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Select, Uuid, any_, bindparam, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import visible_projects
from services.projects.models import Portfolio, Project, Task
from shared.auth import Principal
from shared.pagination import PageParams
from shared.reads import Query, QueryCache, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

SORTS: dict[str, ColumnElement[Any]] = {
    "created_at": Portfolio.created_at.expression,
    "name": Portfolio.name.expression,
}


PORTFOLIO_COLUMNS = tuple(Portfolio.__table__.c)
_GET = Query(
    select(*PORTFOLIO_COLUMNS).where(Portfolio.id == bindparam("portfolio_id", type_=Uuid))
)


def _rollup_queries(read_all: bool) -> tuple[Query, Query, Query]:
    """Three aggregates over the portfolio's visible projects, computed next to the rows."""
    projects = (
        select(Project.id, Project.status, Project.budget, Project.currency)
        .where(
            Project.portfolio_id == bindparam("portfolio_id", type_=Uuid),
            visible_projects(read_all),
        )
        .subquery()
    )
    by_status = select(projects.c.status, func.count().label("count")).group_by(projects.c.status)
    budgets = (
        select(projects.c.currency, func.sum(projects.c.budget).label("amount"))
        .where(projects.c.budget.is_not(None))
        .group_by(projects.c.currency)
        .order_by(projects.c.currency)
    )
    tasks = select(
        func.count(Task.id).label("task_count"),
        func.count(case((Task.percent_complete >= 100, 1))).label("tasks_completed"),
        func.avg(Task.percent_complete).label("average"),
    ).where(Task.project_id.in_(select(projects.c.id)))
    return Query(by_status), Query(budgets), Query(tasks)


_ROLLUPS = {read_all: _rollup_queries(read_all) for read_all in (True, False)}


class PortfolioRepository:
    def __init__(self) -> None:
        self._lists = QueryCache()

    async def get(self, reader: Reader, portfolio_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_GET, portfolio_id=portfolio_id)

    async def list(
        self, reader: Reader, page: PageParams, sort: SortSpec, ids: list[uuid.UUID] | None
    ) -> tuple[list[Any], str | None]:
        params = keyset_params(sort, page)
        if ids is not None:
            params["ids"] = ids
        names = frozenset(params)

        def build() -> Select[Any]:
            stmt = select(*PORTFOLIO_COLUMNS)
            if "ids" in names:
                stmt = stmt.where(Portfolio.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
            return keyset(stmt, sort, Portfolio.id.expression, after="after_id" in names)

        rows = await reader.all(self._lists.get((names, sort.name), build), **params)
        return page_of(rows, sort, str(sort.column.key), page)

    async def load_for_update(
        self, session: AsyncSession, portfolio_id: uuid.UUID
    ) -> Portfolio | None:
        return await session.get(Portfolio, portfolio_id, with_for_update=True)

    async def rollup(
        self, reader: Reader, portfolio_id: uuid.UUID, principal: Principal
    ) -> dict[str, Any]:
        by_status, budgets, tasks = _ROLLUPS[principal.can_read_all]
        params: dict[str, Any] = {"portfolio_id": portfolio_id}
        if not principal.can_read_all:
            params["subject"] = principal.subject
        statuses = {r["status"]: r["count"] for r in await reader.all(by_status, **params)}
        totals = await reader.all(budgets, **params)
        task_row = await reader.one(tasks, **params) or {}
        average = task_row.get("average")
        return {
            "portfolio_id": portfolio_id,
            "project_count": sum(statuses.values()),
            "projects_by_status": statuses,
            "budget_totals": [
                {"currency": r["currency"], "amount": str(r["amount"])} for r in totals
            ],
            "task_count": task_row.get("task_count", 0),
            "tasks_completed": task_row.get("tasks_completed", 0),
            "task_percent_complete": round(float(average), 2) if average is not None else None,
        }
