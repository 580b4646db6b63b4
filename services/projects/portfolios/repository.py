from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Select, Uuid, any_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from services.projects.access.filters import viewer_of, visible_projects
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
    return Query(by_status), Query(budgets), Query(_task_progress(select(projects.c.id)))


def _task_progress(project_ids: Select[Any]) -> Select[Any]:
    """Task counts and percent complete the way MS Project rolls a summary task up:
    sum(duration x percent complete) / sum(duration) over leaf tasks (a summary's own row
    would count its children twice). Zero-duration leaves (milestones) weigh nothing, unless
    every leaf has zero duration: then the plain average of the leaves."""
    child = aliased(Task)
    # Leaves by structure, not by the scheduler's is_summary: right even before a plan's
    # first scheduling (the start-up catch-up schedules old plans in the background).
    parents = (
        select(child.parent_id.label("id"))
        .where(child.project_id.in_(project_ids), child.parent_id.is_not(None))
        .distinct()
        .subquery("parents")
    )
    rows = (
        select(
            Task.duration_days.label("duration"),
            Task.percent_complete.label("percent"),
            parents.c.id.is_(None).label("leaf"),
        )
        .outerjoin(parents, parents.c.id == Task.id)
        .where(Task.project_id.in_(project_ids))
        .subquery("task_rows")
    )
    leaf = rows.c.leaf
    weighted = func.sum(rows.c.duration * rows.c.percent).filter(leaf)
    weight = func.sum(rows.c.duration).filter(leaf)
    percent = func.coalesce(
        weighted / func.nullif(weight, 0), func.avg(rows.c.percent).filter(leaf)
    )
    return select(
        func.count().label("task_count"),
        func.count().filter(rows.c.percent >= 100).label("tasks_completed"),
        func.round(percent, 2).label("percent_complete"),
    )


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
        if (viewer := viewer_of(principal)) is not None:
            params.update(viewer.params())
        statuses = {r["status"]: r["count"] for r in await reader.all(by_status, **params)}
        totals = await reader.all(budgets, **params)
        task_row = await reader.one(tasks, **params) or {}
        percent = task_row.get("percent_complete")
        return {
            "portfolio_id": portfolio_id,
            "project_count": sum(statuses.values()),
            "projects_by_status": statuses,
            "budget_totals": [
                {"currency": r["currency"], "amount": str(r["amount"])} for r in totals
            ],
            "task_count": task_row.get("task_count", 0),
            "tasks_completed": task_row.get("tasks_completed", 0),
            "task_percent_complete": float(percent) if percent is not None else None,
        }
