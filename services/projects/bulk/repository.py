"""Set-based SQL of the bulk upserts: one SELECT to resolve keys, one INSERT ... ON CONFLICT."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    Uuid,
    bindparam,
    case,
    func,
    literal_column,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.models import Assignment, Dependency, Task
from shared.repository import external_key_in, external_key_params

Key = tuple[str, str]  # (external_source, external_id)

TASK_FIELDS = (
    "name",
    "parent_id",
    "duration_days",
    "percent_complete",
    "milestone",
    "constraint_type",
    "constraint_date",
    "deadline",
    "actual_start",
    "actual_finish",
    "actual_duration_days",
    "remaining_duration_days",
    "cost",
    "duration_optimistic_days",
    "duration_most_likely_days",
    "duration_pessimistic_days",
    "duration_distribution",
    "optional",
)
DEPENDENCY_FIELDS = ("predecessor_id", "successor_id", "type", "lag_days", "lag_optional")

_TASKS: Table = Task.__table__  # type: ignore[assignment]
_DEPENDENCIES: Table = Dependency.__table__  # type: ignore[assignment]


def _keys_query(table: Table, *columns: str) -> Any:
    selected = (table.c[name] for name in ("external_source", "external_id", "id", *columns))
    return select(*selected).where(
        table.c.project_id == bindparam("project_id", type_=Uuid),
        external_key_in(table.c.external_source, table.c.external_id),
    )


_TASK_KEYS = _keys_query(_TASKS)
# The rows an upsert may change, as they are before it, locked until the transaction ends:
# the audit log records what each update changed. A summary's duration is the scheduler's.
_CURRENT = {
    "tasks": _keys_query(_TASKS, *TASK_FIELDS, "is_summary").with_for_update(),
    "dependencies": _keys_query(_DEPENDENCIES, *DEPENDENCY_FIELDS).with_for_update(),
}


def _key_params(project_id: uuid.UUID, keys: list[Key]) -> dict[str, Any]:
    return {"project_id": project_id, **external_key_params(keys)}


async def task_ids_by_key(
    session: AsyncSession, project_id: uuid.UUID, keys: Iterable[Key]
) -> dict[Key, uuid.UUID]:
    """Ids of the project's tasks with these external keys (the ends of pushed links)."""
    keys = list(set(keys))
    if not keys:
        return {}
    rows = await session.execute(_TASK_KEYS, _key_params(project_id, keys))
    return {(r.external_source, r.external_id): r.id for r in rows}


async def current_rows(
    session: AsyncSession, table: Table, project_id: uuid.UUID, keys: Iterable[Key]
) -> dict[Key, dict[str, Any]]:
    keys = list(set(keys))
    if not keys:
        return {}
    rows = await session.execute(_CURRENT[table.name], _key_params(project_id, keys))
    return {(r.external_source, r.external_id): dict(r._mapping) for r in rows}


async def task_ids_in_project(
    session: AsyncSession, project_id: uuid.UUID, ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    ids = list(set(ids))
    if not ids:
        return set()
    rows = await session.scalars(
        select(_TASKS.c.id).where(_TASKS.c.project_id == project_id, _TASKS.c.id.in_(ids))
    )
    return set(rows)


async def next_position(session: AsyncSession, project_id: uuid.UUID) -> int:
    current = await session.scalar(
        select(func.coalesce(func.max(_TASKS.c.position), -1)).where(
            _TASKS.c.project_id == project_id
        )
    )
    assert current is not None  # an aggregate always answers one row
    return int(current) + 1


async def links_by_pair(
    session: AsyncSession, project_id: uuid.UUID, pairs: Iterable[tuple[uuid.UUID, uuid.UUID]]
) -> dict[tuple[uuid.UUID, uuid.UUID], Key | None]:
    """Existing links between the given (predecessor, successor) pairs and their keys."""
    pairs = list(set(pairs))
    if not pairs:
        return {}
    d = _DEPENDENCIES.c
    rows = await session.execute(
        select(d.predecessor_id, d.successor_id, d.external_source, d.external_id).where(
            d.project_id == project_id, tuple_(d.predecessor_id, d.successor_id).in_(pairs)
        )
    )
    return {
        (r.predecessor_id, r.successor_id): (
            (r.external_source, r.external_id) if r.external_source is not None else None
        )
        for r in rows
    }


async def upsert(
    session: AsyncSession, table: Table, fields: Sequence[str], rows: list[dict[str, Any]]
) -> dict[Key, tuple[uuid.UUID, bool]]:
    """INSERT ... ON CONFLICT (project_id, external_source, external_id) DO UPDATE, only where
    a value differs. Returns key -> (id, created) for the rows written; a key missing from the
    answer was unchanged."""
    if not rows:
        return {}
    inserted = insert(table).values(rows)
    incoming: dict[str, ColumnElement[Any]] = {f: inserted.excluded[f] for f in fields}
    if "is_summary" in table.c:
        # A summary's duration is rolled up by the scheduler: the one sent is not a change.
        incoming["duration_days"] = case(
            (table.c.is_summary, table.c.duration_days), else_=incoming["duration_days"]
        )
    current = tuple_(*(table.c[f] for f in fields))
    statement = inserted.on_conflict_do_update(
        index_elements=[table.c.project_id, table.c.external_source, table.c.external_id],
        set_={**incoming, "version": table.c.version + 1, "updated_at": func.now()},
        where=current.is_distinct_from(tuple_(*incoming.values())),
    ).returning(
        table.c.id,
        table.c.external_source,
        table.c.external_id,
        literal_column("xmax = 0").label("created"),
    )
    result = await session.execute(statement)
    return {(r.external_source, r.external_id): (r.id, r.created) for r in result}


async def tasks_with_assignments(
    session: AsyncSession, task_ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    wanted = list(set(task_ids))
    if not wanted:
        return set()
    statement = select(Assignment.task_id).where(Assignment.task_id.in_(wanted)).distinct()
    return set(await session.scalars(statement))
