"""Every SQL statement of earned value: a fixed number of queries for any number of projects.

1. the projects (by id, by program or by portfolio, only those the caller may read), each
   with its current baseline (the highest-numbered, as the facts read it), BAC and EV
   summed over its leaf tasks in that baseline and AC up to its status date, all in SQL;
2. the baseline dates and budgets of their leaf tasks (what planned value is spread over);
3. their calendars and calendar exceptions.

On demand: every task with its baseline entry (``include=tasks``), the actual costs by task
and by day. The metrics batch adds what health reads about a project as scalar aggregates
(percent complete, float, milestones, risks, the last status update).

A status date is ``coalesce(:status_date, the project's status date, :today)`` in SQL, so
one statement serves a date asked for and each project's own.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

import asyncpg
from sqlalchemy import (
    ARRAY,
    Date,
    Float,
    Text,
    Uuid,
    and_,
    any_,
    bindparam,
    case,
    cast,
    func,
    select,
    true,
)

from services.projects.access.filters import Viewer, visible_projects
from services.projects.models import (
    ActualCost,
    Baseline,
    BaselineTask,
    Calendar,
    CalendarException,
    Portfolio,
    Program,
    Project,
    Risk,
    StatusUpdate,
    Task,
)
from services.projects.schedule.rows import CalendarRows
from shared.reads import Query, Reader

_AS_OF = func.coalesce(
    bindparam("status_date", type_=Date), Project.status_date, bindparam("today", type_=Date)
)
CURRENT_BASELINE = (
    select(Baseline.id, Baseline.number, Baseline.project_start, Baseline.project_finish)
    .where(Baseline.project_id == Project.id)
    .order_by(Baseline.number.desc())
    .limit(1)
    .lateral("current_baseline")
)
# One pass over the project's tasks, each with its entry in the current baseline (if any).
# Leaf tasks only carry budgets: a summary's is its children's (counting it would double
# it). The count and the digest of the budgeted leaves' ids say which baseline rows the
# planned value is spread from: with the baseline's id (its rows never change), they
# identify the curve (see cache.py).
_LEAF = Task.is_summary.is_(False)
_BUDGETED = and_(_LEAF, BaselineTask.task_id.is_not(None))
_BUDGET_COLUMNS = (
    func.sum(func.coalesce(BaselineTask.cost, 0)).filter(_BUDGETED).label("bac"),
    func.sum(BaselineTask.cost * Task.percent_complete / 100).filter(_BUDGETED).label("ev"),
    func.count().filter(_BUDGETED).label("leaf_count"),
    func.sum(func.hashtextextended(cast(BaselineTask.task_id, Text), 0))
    .filter(_BUDGETED)
    .label("leaf_digest"),
)
_LEAF_DURATION = func.sum(Task.duration_days).filter(_LEAF)
# Metrics: percent complete of the leaves weighted by duration (all of zero duration: the
# plain average), the least float of the unfinished critical tasks, and the unfinished
# milestones due (at their baseline finish, else their scheduled one) before the status date.
_METRIC_AGGREGATES = (
    func.round(
        case(
            (
                _LEAF_DURATION > 0,
                func.sum(Task.duration_days * Task.percent_complete).filter(_LEAF) / _LEAF_DURATION,
            ),
            else_=func.avg(Task.percent_complete).filter(_LEAF),
        ),
        2,
    ).label("percent_complete"),
    func.min(Task.total_float_days)
    .filter(_LEAF, Task.critical.is_(True), Task.percent_complete < 100)
    .label("critical_float_days"),
    func.count()
    .filter(
        Task.is_milestone.is_(True),
        Task.percent_complete < 100,
        cast(func.coalesce(BaselineTask.finish, Task.early_finish), Date) < _AS_OF,
    )
    .label("overdue_milestones"),
)


def _plan_aggregates(metrics: bool) -> Any:
    return (
        select(*_BUDGET_COLUMNS, *(_METRIC_AGGREGATES if metrics else ()))
        .select_from(Task)
        .outerjoin(
            BaselineTask,
            and_(
                BaselineTask.task_id == Task.id,
                BaselineTask.baseline_id == CURRENT_BASELINE.c.id,
            ),
        )
        .where(Task.project_id == Project.id)
        .lateral("plan")
    )


_ACTUAL_COST = (
    select(func.coalesce(func.sum(ActualCost.amount), 0))
    .where(ActualCost.project_id == Project.id, ActualCost.incurred_on <= _AS_OF)
    .scalar_subquery()
)


def _project_columns(plan: Any) -> tuple[Any, ...]:
    return (
        Project.id.label("project_id"),
        Project.portfolio_id,
        Project.program_id,
        Project.code,
        Project.name,
        Project.status,
        Project.phase,
        func.coalesce(Project.currency, Portfolio.currency).label("currency"),
        func.coalesce(Project.start_date, cast(Project.scheduled_start, Date)).label("start"),
        _AS_OF.label("as_of"),
        Project.calendar_id,
        CURRENT_BASELINE.c.id.label("baseline_id"),
        CURRENT_BASELINE.c.number.label("baseline_number"),
        plan.c.leaf_count,
        plan.c.leaf_digest,
        func.coalesce(plan.c.bac, 0).label("bac"),
        func.coalesce(plan.c.ev, 0).label("ev"),
        _ACTUAL_COST.label("ac"),
    )


_OPEN_RISKS = Risk.status == "open"


def _metric_columns(plan: Any) -> tuple[Any, ...]:
    return (
        Project.scheduled_finish,
        CURRENT_BASELINE.c.project_finish.label("baseline_finish"),
        plan.c.percent_complete,
        plan.c.critical_float_days,
        plan.c.overdue_milestones,
        select(func.count())
        .where(Risk.project_id == Project.id, _OPEN_RISKS)
        .scalar_subquery()
        .label("open_risks"),
        func.array(
            select((Risk.probability * Risk.impact).label("score"))
            .where(Risk.project_id == Project.id, _OPEN_RISKS)
            .order_by((Risk.probability * Risk.impact).desc(), Risk.created_at, Risk.id)
            .scalar_subquery()
        ).label("open_risk_scores"),
        select(func.max(StatusUpdate.as_of))
        .where(StatusUpdate.project_id == Project.id)
        .scalar_subquery()
        .label("last_status_update_on"),
    )


_IDS = bindparam("project_ids", type_=ARRAY(Uuid))
_SCOPES = {
    "ids": Project.id == any_(_IDS),
    "program": Project.program_id == bindparam("program_id", type_=Uuid),
    "portfolio": Project.portfolio_id == bindparam("portfolio_id", type_=Uuid),
}


def _projects(scope: str, read_all: bool, metrics: bool) -> Query:
    plan = _plan_aggregates(metrics)
    columns = _project_columns(plan) + (_metric_columns(plan) if metrics else ())
    statement = (
        select(*columns)
        .select_from(Project)
        .outerjoin(Portfolio, Portfolio.id == Project.portfolio_id)
        .outerjoin(CURRENT_BASELINE, true())
        .outerjoin(plan, true())
        .where(_SCOPES[scope], visible_projects(read_all))
        .order_by(Project.code)
    )
    return Query(statement)


_PROJECT_QUERIES = {
    (scope, read_all, metrics): _projects(scope, read_all, metrics)
    for scope in _SCOPES
    for read_all in (True, False)
    for metrics in (True, False)
    if scope == "ids" or not metrics
}
_BASELINE_IDS = bindparam("baseline_ids", type_=ARRAY(Uuid))
_SPREADS = Query(
    select(
        BaselineTask.baseline_id,
        BaselineTask.start,
        BaselineTask.finish,
        BaselineTask.duration_days,
        BaselineTask.cost,
    )
    .join(Task, Task.id == BaselineTask.task_id)
    .where(
        BaselineTask.baseline_id == any_(_BASELINE_IDS),
        Task.is_summary.is_(False),
        BaselineTask.start.is_not(None),
        BaselineTask.finish.is_not(None),
    )
)
_PROJECT_ID = bindparam("project_id", type_=Uuid)
_TASKS = Query(
    select(
        Task.id,
        Task.parent_id,
        Task.name,
        Task.wbs_code,
        Task.is_summary,
        Task.percent_complete,
        BaselineTask.task_id.is_not(None).label("in_baseline"),
        BaselineTask.start.label("baseline_start"),
        BaselineTask.finish.label("baseline_finish"),
        BaselineTask.duration_days.label("baseline_duration_days"),
        BaselineTask.cost.label("baseline_cost"),
    )
    .outerjoin(
        BaselineTask,
        and_(
            BaselineTask.task_id == Task.id,
            BaselineTask.baseline_id == bindparam("baseline_id", type_=Uuid),
        ),
    )
    .where(Task.project_id == _PROJECT_ID)
    .order_by(Task.position, Task.id)
)
_UP_TO = ActualCost.incurred_on <= bindparam("as_of", type_=Date)
_COSTS_BY_TASK = Query(
    select(ActualCost.task_id, func.sum(ActualCost.amount).label("amount"))
    .where(ActualCost.project_id == _PROJECT_ID, ActualCost.task_id.is_not(None), _UP_TO)
    .group_by(ActualCost.task_id)
)
_COSTS_BY_DAY = Query(
    select(ActualCost.incurred_on, func.sum(ActualCost.amount).label("amount"))
    .where(ActualCost.project_id == _PROJECT_ID, _UP_TO)
    .group_by(ActualCost.incurred_on)
    .order_by(ActualCost.incurred_on)
)
_CALENDAR_IDS = bindparam("calendar_ids", type_=ARRAY(Uuid))
_CALENDARS = Query(
    select(
        Calendar.id,
        Calendar.working_weekdays,
        cast(Calendar.hours_per_day, Float).label("hours_per_day"),
    ).where(Calendar.id == any_(_CALENDAR_IDS))
)
_EXCEPTIONS = Query(
    select(CalendarException.calendar_id, CalendarException.day, CalendarException.working)
    .where(CalendarException.calendar_id == any_(_CALENDAR_IDS))
    .order_by(CalendarException.calendar_id, CalendarException.day)
)
_PROGRAM = Query(
    select(Program.id, Program.portfolio_id, Portfolio.currency)
    .join(Portfolio, Portfolio.id == Program.portfolio_id)
    .where(Program.id == bindparam("program_id", type_=Uuid))
)
_PORTFOLIO = Query(
    select(Portfolio.id, Portfolio.currency).where(
        Portfolio.id == bindparam("portfolio_id", type_=Uuid)
    )
)


class EarnedValueRepository:
    async def projects(
        self,
        reader: Reader,
        viewer: Viewer | None,
        *,
        scope: str,
        key: Any,
        status_date: date | None,
        today: date,
        metrics: bool = False,
    ) -> list[asyncpg.Record]:
        """The projects of ``scope`` (``ids``: ``key`` is a list of ids; ``program`` or
        ``portfolio``: ``key`` is its id) that ``viewer`` may read (None: every project),
        with their measures at ``status_date`` (None: each project's own, else ``today``)."""
        params: dict[str, Any] = {
            {"ids": "project_ids"}.get(scope, f"{scope}_id"): key,
            "status_date": status_date,
            "today": today,
        }
        if viewer is not None:
            params.update(viewer.params())
        query = _PROJECT_QUERIES[(scope, viewer is None, metrics)]
        return await reader.records(query, **params)

    async def spreads(
        self, reader: Reader, baseline_ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, list[asyncpg.Record]]:
        """The leaf tasks' baseline dates and costs, by baseline."""
        ids = list(baseline_ids)
        grouped: dict[uuid.UUID, list[asyncpg.Record]] = {baseline_id: [] for baseline_id in ids}
        if ids:
            for row in await reader.records(_SPREADS, baseline_ids=ids):
                grouped[row["baseline_id"]].append(row)
        return grouped

    async def calendars(
        self, reader: Reader, calendar_ids: Iterable[uuid.UUID | None]
    ) -> dict[uuid.UUID, CalendarRows]:
        """The calendars the projects keep (as the engine reads them), by id."""
        ids = list({calendar_id for calendar_id in calendar_ids if calendar_id is not None})
        if not ids:
            return {}
        exceptions: dict[uuid.UUID, list[tuple[date, bool]]] = defaultdict(list)
        for row in await reader.records(_EXCEPTIONS, calendar_ids=ids):
            exceptions[row["calendar_id"]].append((row["day"], row["working"]))
        return {
            row["id"]: CalendarRows(
                working_weekdays=tuple(row["working_weekdays"]),
                hours_per_day=row["hours_per_day"],
                exceptions=tuple(exceptions[row["id"]]),
            )
            for row in await reader.records(_CALENDARS, calendar_ids=ids)
        }

    async def tasks(
        self, reader: Reader, project_id: uuid.UUID, baseline_id: uuid.UUID | None
    ) -> list[asyncpg.Record]:
        return await reader.records(_TASKS, project_id=project_id, baseline_id=baseline_id)

    async def costs_by_task(
        self, reader: Reader, project_id: uuid.UUID, as_of: date
    ) -> dict[uuid.UUID, Any]:
        rows = await reader.records(_COSTS_BY_TASK, project_id=project_id, as_of=as_of)
        return {row["task_id"]: row["amount"] for row in rows}

    async def costs_by_day(
        self, reader: Reader, project_id: uuid.UUID, as_of: date
    ) -> list[tuple[date, Any]]:
        rows = await reader.records(_COSTS_BY_DAY, project_id=project_id, as_of=as_of)
        return [(row["incurred_on"], row["amount"]) for row in rows]

    async def program(self, reader: Reader, program_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_PROGRAM, program_id=program_id)

    async def portfolio(self, reader: Reader, portfolio_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_PORTFOLIO, portfolio_id=portfolio_id)
