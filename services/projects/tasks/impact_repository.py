"""What deleting a task takes with it: its subtasks, the links touching any of them, their
assignments, and the records that only lose their pointer to them (actual costs) or keep
it as history (baseline rows)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from services.projects.models import (
    ActualCost,
    Assignment,
    BaselineTask,
    Dependency,
    Resource,
    Task,
)


async def subtree(session: AsyncSession, task_id: uuid.UUID) -> list[dict[str, Any]]:
    """The task and every task under it (WBS order)."""
    start = select(Task.id).where(Task.id == task_id).cte("subtree", recursive=True)
    start = start.union_all(select(Task.id).where(Task.parent_id == start.c.id))
    rows = await session.execute(
        select(Task.id, Task.name, Task.wbs_code)
        .where(Task.id.in_(select(start.c.id)))
        .order_by(Task.position, Task.id)
    )
    return [dict(row) for row in rows.mappings()]


async def links(session: AsyncSession, task_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    predecessor, successor = aliased(Task), aliased(Task)
    rows = await session.execute(
        select(
            Dependency.id,
            Dependency.type,
            Dependency.predecessor_id,
            predecessor.name.label("predecessor_name"),
            Dependency.successor_id,
            successor.name.label("successor_name"),
        )
        .join(predecessor, predecessor.id == Dependency.predecessor_id)
        .join(successor, successor.id == Dependency.successor_id)
        .where(or_(Dependency.predecessor_id.in_(task_ids), Dependency.successor_id.in_(task_ids)))
        .order_by(Dependency.id)
    )
    return [dict(row) for row in rows.mappings()]


async def assignments(session: AsyncSession, task_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(
            Assignment.id,
            Assignment.task_id,
            Assignment.resource_id,
            Resource.name.label("resource_name"),
        )
        .join(Resource, Resource.id == Assignment.resource_id)
        .where(Assignment.task_id.in_(task_ids))
        .order_by(Assignment.id)
    )
    return [dict(row) for row in rows.mappings()]


async def counts(session: AsyncSession, task_ids: list[uuid.UUID]) -> tuple[int, int]:
    """(actual costs that lose their task, baseline rows kept as history)."""
    costs = select(func.count()).where(ActualCost.task_id.in_(task_ids)).scalar_subquery()
    baselines = select(func.count()).where(BaselineTask.task_id.in_(task_ids)).scalar_subquery()
    row = (await session.execute(select(costs, baselines))).one()
    return int(row[0]), int(row[1])
