from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ARRAY,
    DateTime,
    Integer,
    Numeric,
    Uuid,
    and_,
    bindparam,
    cast,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import Viewer, batch_params, in_visible_projects
from services.projects.models import Baseline, BaselineTask, Task
from shared.pagination import PageParams
from shared.reads import Query, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

# The planned dates a baseline keeps: the task's scheduled dates, else the computed ones.
PLANNED_START = func.coalesce(cast(Task.start_date, DateTime), Task.early_start)
PLANNED_FINISH = func.coalesce(cast(Task.finish_date, DateTime), Task.early_finish)
POSITION_SORT = SortSpec(name="position", column=Task.position.expression)

_TASK_COUNT = (
    select(func.count())
    .where(BaselineTask.baseline_id == Baseline.id)
    .scalar_subquery()
    .label("task_count")
)
_BASELINE_COLUMNS = (
    Baseline.id,
    Baseline.project_id,
    Baseline.number,
    Baseline.name,
    Baseline.created_at.label("captured_at"),
    Baseline.captured_by,
    Baseline.project_start,
    Baseline.project_finish,
    Baseline.total_cost,
    Baseline.version,
    _TASK_COUNT,
)
_IN_PROJECT = Baseline.project_id == bindparam("project_id", type_=Uuid)
_LIST = Query(select(*_BASELINE_COLUMNS).where(_IN_PROJECT).order_by(Baseline.number))
# Every baseline (at most eleven a project) of the visible projects among ``:project_ids``.
_OF_PROJECTS = {
    read_all: Query(
        select(*_BASELINE_COLUMNS)
        .where(*in_visible_projects(Baseline.project_id.expression, read_all))
        .order_by(Baseline.project_id, Baseline.number)
    )
    for read_all in (True, False)
}
_GET = Query(
    select(*_BASELINE_COLUMNS).where(
        _IN_PROJECT, Baseline.number == bindparam("number", type_=Integer)
    )
)
_CURRENT_TOTALS = Query(
    select(
        func.min(PLANNED_START).label("project_start"),
        func.max(PLANNED_FINISH).label("project_finish"),
        # Summary tasks roll their children up: counting them too would double the cost.
        func.sum(Task.cost).filter(Task.is_summary.is_(False)).label("total_cost"),
    ).where(Task.project_id == bindparam("project_id", type_=Uuid))
)
_VARIANCE_ROWS = (
    select(
        Task.id,
        Task.name,
        Task.position,
        PLANNED_START.label("current_start"),
        PLANNED_FINISH.label("current_finish"),
        Task.duration_days.label("current_duration_days"),
        Task.cost.label("current_cost"),
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
    .where(Task.project_id == bindparam("project_id", type_=Uuid))
)
_VARIANCE_PAGES = {
    after: Query(keyset(_VARIANCE_ROWS, POSITION_SORT, Task.id.expression, after=after))
    for after in (False, True)
}


class BaselineRepository:
    async def list_for_project(self, reader: Reader, project_id: uuid.UUID) -> list[dict[str, Any]]:
        return await reader.all(_LIST, project_id=project_id)

    async def of_projects(
        self, reader: Reader, viewer: Viewer | None, project_ids: list[uuid.UUID]
    ) -> dict[uuid.UUID, list[dict[str, Any]]]:
        """Project id -> its baselines by number, for the projects ``viewer`` may see
        (``None``: every project); projects with none are absent."""
        query = _OF_PROJECTS[viewer is None]
        grouped: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
        for row in await reader.all(query, **batch_params(viewer, project_ids)):
            grouped[row["project_id"]].append(row)
        return grouped

    async def get(
        self, reader: Reader, project_id: uuid.UUID, number: int
    ) -> dict[str, Any] | None:
        return await reader.one(_GET, project_id=project_id, number=number)

    async def current_totals(self, reader: Reader, project_id: uuid.UUID) -> dict[str, Any]:
        row = await reader.one(_CURRENT_TOTALS, project_id=project_id)
        assert row is not None  # an aggregate always answers one row
        return row

    async def variance_rows(
        self, reader: Reader, project_id: uuid.UUID, baseline_id: uuid.UUID, page: PageParams
    ) -> tuple[list[Any], str | None]:
        params = keyset_params(POSITION_SORT, page)
        query = _VARIANCE_PAGES["after_id" in params]
        rows = await reader.all(query, project_id=project_id, baseline_id=baseline_id, **params)
        return page_of(rows, POSITION_SORT, "position", page)

    async def lock(
        self, session: AsyncSession, project_id: uuid.UUID, number: int
    ) -> Baseline | None:
        statement = (
            select(Baseline)
            .where(Baseline.project_id == project_id, Baseline.number == number)
            .with_for_update()
        )
        return await session.scalar(statement)

    async def copy_tasks(
        self, session: AsyncSession, baseline_id: uuid.UUID, project_id: uuid.UUID
    ) -> None:
        """Every task of the project into the baseline, in one INSERT ... SELECT."""
        rows = select(
            bindparam("baseline_id", baseline_id, type_=Uuid),
            Task.id,
            PLANNED_START,
            PLANNED_FINISH,
            Task.duration_days,
            Task.cost,
        ).where(Task.project_id == project_id)
        columns = ["baseline_id", "task_id", "start", "finish", "duration_days", "cost"]
        await session.execute(insert(BaselineTask).from_select(columns, rows))

    async def add_resource_costs(
        self, session: AsyncSession, baseline_id: uuid.UUID, costs: dict[uuid.UUID, Decimal]
    ) -> None:
        """Add each task's resource cost to its captured cost, in one UPDATE."""
        costs = {task_id: cost for task_id, cost in costs.items() if cost}
        if not costs:
            return
        given = select(
            func.unnest(bindparam("task_ids", type_=ARRAY(Uuid))).label("task_id"),
            func.unnest(bindparam("costs", type_=ARRAY(Numeric(18, 2)))).label("cost"),
        ).subquery()
        statement = (
            update(BaselineTask)
            .where(BaselineTask.baseline_id == baseline_id, BaselineTask.task_id == given.c.task_id)
            .values(cost=func.coalesce(BaselineTask.cost, 0) + given.c.cost)
            .execution_options(synchronize_session=False)
        )
        await session.execute(statement, {"task_ids": list(costs), "costs": list(costs.values())})

    async def captured_totals(self, session: AsyncSession, baseline_id: uuid.UUID) -> Any:
        """Project start, finish and cost from what the baseline captured."""
        statement = (
            select(
                func.min(BaselineTask.start),
                func.max(BaselineTask.finish),
                func.sum(BaselineTask.cost).filter(Task.is_summary.is_(False)),
            )
            .join(Task, Task.id == BaselineTask.task_id)
            .where(BaselineTask.baseline_id == baseline_id)
        )
        return (await session.execute(statement)).one()

    async def task_count(self, session: AsyncSession, baseline_id: uuid.UUID) -> int:
        statement = select(func.count()).where(BaselineTask.baseline_id == baseline_id)
        return int(await session.scalar(statement) or 0)
