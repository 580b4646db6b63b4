"""The dashboard's three statements, whatever the number of projects or tasks: the
projects with their per-project sums (correlated on indexed columns), the milestones due
(a partial index on unfinished milestones) and the top open risks."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    Integer,
    Numeric,
    String,
    Uuid,
    bindparam,
    cast,
    func,
    over,
    select,
)

from services.projects.access.filters import Viewer, visible_projects
from services.projects.models import ActualCost, Project, Risk, Task
from shared.reads import Query, Reader

_PORTFOLIO = bindparam("portfolio_id", type_=Uuid)
_AS_OF = bindparam("as_of", type_=Date)
_CURRENCY = bindparam("currency", type_=String)


def _in_portfolio(read_all: bool) -> tuple[Any, ...]:
    return (Project.portfolio_id == _PORTFOLIO, visible_projects(read_all))


def _projects_query(read_all: bool) -> Query:
    spent = (
        # Two decimals even when there is nothing to add up ("0.00", never "0").
        select(cast(func.coalesce(func.sum(ActualCost.amount), 0), Numeric(18, 2)))
        .where(
            ActualCost.project_id == Project.id,
            ActualCost.incurred_on <= _AS_OF,
            # Entries in another currency are refused when written; old ones are not added.
            ActualCost.currency == func.coalesce(Project.currency, _CURRENCY),
        )
        .scalar_subquery()
    )
    open_risks = (
        select(func.count())
        .select_from(Risk)
        .where(Risk.project_id == Project.id, Risk.status == "open")
        .scalar_subquery()
    )
    return Query(
        select(
            Project.id.label("project_id"),
            Project.code,
            Project.name,
            Project.status,
            Project.phase,
            Project.program_id,
            Project.currency,
            Project.budget,
            spent.label("actual_cost"),
            open_risks.label("open_risks"),
        )
        .where(*_in_portfolio(read_all))
        .order_by(Project.code)
    )


def _milestones_query(read_all: bool) -> Query:
    return Query(
        select(
            Task.project_id,
            Task.id.label("task_id"),
            Task.name,
            Task.wbs_code,
            Task.early_finish.label("finish"),
            Task.percent_complete,
            over(func.count()).label("total"),
        )
        .join(Project, Project.id == Task.project_id)
        .where(
            *_in_portfolio(read_all),
            # The same predicate as the partial index ix_tasks_unfinished_milestones.
            Task.is_milestone,
            Task.percent_complete < 100,
            Task.early_finish >= bindparam("from_time", type_=DateTime),
            Task.early_finish < bindparam("until_time", type_=DateTime),
        )
        .order_by(Task.early_finish, Project.code, Task.wbs_code, Task.id)
        .limit(bindparam("limit", type_=Integer))
    )


def _risks_query(read_all: bool) -> Query:
    score = Risk.probability * Risk.impact
    return Query(
        select(
            Risk.id.label("risk_id"),
            Risk.project_id,
            Risk.title,
            Risk.probability,
            Risk.impact,
            score.label("score"),
            Risk.owner,
            Risk.due_date,
        )
        .join(Project, Project.id == Risk.project_id)
        .where(*_in_portfolio(read_all), Risk.status == "open")
        .order_by(score.desc(), Risk.due_date.asc().nulls_last(), Risk.created_at, Risk.id)
        .limit(bindparam("limit", type_=Integer))
    )


_QUERIES = {
    read_all: (_projects_query(read_all), _milestones_query(read_all), _risks_query(read_all))
    for read_all in (True, False)
}


class DashboardRepository:
    async def projects(
        self, reader: Reader, scope: dict[str, Any], as_of: date, currency: str
    ) -> list[dict[str, Any]]:
        """``scope``: portfolio_id and, for a caller who does not read everything, subject."""
        query = _QUERIES["subject" not in scope][0]
        return await reader.all(query, **scope, as_of=as_of, currency=currency)

    async def milestones_due(
        self, reader: Reader, scope: dict[str, Any], window: tuple[date, date], limit: int
    ) -> list[dict[str, Any]]:
        """Unfinished milestones finishing from the first day of ``window`` to the end of
        its last day (the columns hold local wall-clock times)."""
        first, last = window
        query = _QUERIES["subject" not in scope][1]
        return await reader.all(
            query,
            **scope,
            from_time=datetime.combine(first, time()),
            until_time=datetime.combine(last + timedelta(days=1), time()),
            limit=limit,
        )

    async def top_risks(
        self, reader: Reader, scope: dict[str, Any], limit: int
    ) -> list[dict[str, Any]]:
        query = _QUERIES["subject" not in scope][2]
        return await reader.all(query, **scope, limit=limit)


def scope_of(portfolio_id: uuid.UUID, viewer: Viewer | None) -> dict[str, Any]:
    """The parameters that limit every statement to the portfolio's readable projects."""
    scope: dict[str, Any] = {"portfolio_id": portfolio_id}
    if viewer is not None:
        scope.update(viewer.params())
    return scope
