"""Every statement about snapshots and the scheduler's runs.

The read other reporting packages use (:func:`trend`) is re-exported by the snapshots
service, which is what they import."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, func, literal_column, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from services.reporting.models import ProjectSnapshot, SnapshotRun
from shared.pagination import PageParams
from shared.repository import SortSpec, keyset_params, page_of

TABLE = ProjectSnapshot.__table__
OLDEST_FIRST = SortSpec(name="day", column=ProjectSnapshot.day.expression)
# asyncpg takes at most 32,767 parameters a statement: 33 columns x 500 rows stays below.
UPSERT_ROWS = 500
_KEY = ("id", "project_id", "day")


async def upsert(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> tuple[int, int]:
    """Today's snapshots: new rows, or the day's row replaced. Answers (created, replaced)."""
    created = replaced = 0
    for start in range(0, len(rows), UPSERT_ROWS):
        stmt = pg_insert(ProjectSnapshot).values(list(rows[start : start + UPSERT_ROWS]))
        changed = {c.key: stmt.excluded[c.key] for c in TABLE.c if c.key not in _KEY}
        stmt = stmt.on_conflict_do_update(index_elements=["project_id", "day"], set_=changed)
        # xmax is 0 on a row this statement inserted, and set on one it updated.
        inserted = literal_column("(xmax = 0)", Boolean).label("inserted")
        for flag in (await session.execute(stmt.returning(inserted))).scalars():
            created, replaced = (created + 1, replaced) if flag else (created, replaced + 1)
    return created, replaced


async def page(
    session: AsyncSession, project_id: uuid.UUID, from_date: date, to_date: date, params: PageParams
) -> tuple[list[ProjectSnapshot], str | None]:
    values = keyset_params(OLDEST_FIRST, params)
    low = ProjectSnapshot.day > values["after_value"] if "after_value" in values else None
    stmt = select(ProjectSnapshot).where(
        ProjectSnapshot.project_id == project_id,
        ProjectSnapshot.day >= from_date,
        ProjectSnapshot.day <= to_date,
    )
    if low is not None:
        stmt = stmt.where(low)
    stmt = stmt.order_by(ProjectSnapshot.day).limit(values["limit"])
    rows = list((await session.scalars(stmt)).all())
    keyed = [{"day": r.day, "id": r.id, "row": r} for r in rows]
    items, cursor = page_of(keyed, OLDEST_FIRST, "day", params)
    return [item["row"] for item in items], cursor


async def trend(
    session: AsyncSession, project_id: uuid.UUID, column: str, from_date: date, to_date: date
) -> list[tuple[date, Any]]:
    """(day, value) of one column, by day."""
    stmt = (
        select(ProjectSnapshot.day, TABLE.c[column])
        .where(
            ProjectSnapshot.project_id == project_id,
            ProjectSnapshot.day >= from_date,
            ProjectSnapshot.day <= to_date,
        )
        .order_by(ProjectSnapshot.day)
    )
    return [(row[0], row[1]) for row in await session.execute(stmt)]


async def last_run_day(connection: AsyncConnection, job: str) -> date | None:
    stmt = select(SnapshotRun.last_day).where(SnapshotRun.job == job)
    value: date | None = await connection.scalar(stmt)
    return value


async def save_run(
    connection: AsyncConnection,
    job: str,
    day: date,
    started_at: datetime,
    finished_at: datetime,
    projects: int,
) -> None:
    values = {
        "job": job,
        "last_day": day,
        "started_at": started_at,
        "finished_at": finished_at,
        "projects": projects,
    }
    stmt = pg_insert(SnapshotRun).values(values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["job"], set_={k: v for k, v in values.items() if k != "job"}
    )
    await connection.execute(stmt)


async def trends(
    session: AsyncSession,
    project_ids: Sequence[uuid.UUID],
    column: str,
    from_date: date,
    to_date: date,
) -> list[tuple[uuid.UUID, date, Any]]:
    """(project, day, value) of one column for many projects, by project and day."""
    stmt = (
        select(ProjectSnapshot.project_id, ProjectSnapshot.day, TABLE.c[column])
        .where(
            ProjectSnapshot.project_id.in_(list(project_ids)),
            ProjectSnapshot.day >= from_date,
            ProjectSnapshot.day <= to_date,
        )
        .order_by(ProjectSnapshot.project_id, ProjectSnapshot.day)
    )
    return [(row[0], row[1], row[2]) for row in await session.execute(stmt)]


async def first_pages(
    session: AsyncSession,
    project_ids: Sequence[uuid.UUID],
    from_date: date,
    to_date: date,
    rows_each: int,
) -> list[ProjectSnapshot]:
    """The first ``rows_each`` snapshots (oldest first) of each project in the range, in one
    query: by project, then day."""
    if not project_ids:
        return []
    rank = func.row_number().over(
        partition_by=ProjectSnapshot.project_id, order_by=ProjectSnapshot.day
    )
    ranked = (
        select(ProjectSnapshot.id, rank.label("rank"))
        .where(
            ProjectSnapshot.project_id.in_(list(project_ids)),
            ProjectSnapshot.day >= from_date,
            ProjectSnapshot.day <= to_date,
        )
        .subquery()
    )
    stmt = (
        select(ProjectSnapshot)
        .join(ranked, ranked.c.id == ProjectSnapshot.id)
        .where(ranked.c.rank <= rows_each)
        .order_by(ProjectSnapshot.project_id, ProjectSnapshot.day)
    )
    return list((await session.scalars(stmt)).all())


async def latest_before(
    session: AsyncSession, project_ids: Sequence[uuid.UUID], day: date
) -> dict[uuid.UUID, tuple[str, date | None]]:
    """Each project's latest snapshot before ``day``: (effective colour, P80 finish)."""
    if not project_ids:
        return {}
    stmt = (
        select(
            ProjectSnapshot.project_id, ProjectSnapshot.effective_rag, ProjectSnapshot.p80_finish
        )
        .ext(distinct_on(ProjectSnapshot.project_id))
        .where(ProjectSnapshot.project_id.in_(list(project_ids)), ProjectSnapshot.day < day)
        .order_by(ProjectSnapshot.project_id, ProjectSnapshot.day.desc())
    )
    return {row[0]: (row[1], row[2]) for row in await session.execute(stmt)}


async def latest_of_project(session: AsyncSession, project_id: uuid.UUID) -> ProjectSnapshot | None:
    stmt = (
        select(ProjectSnapshot)
        .where(ProjectSnapshot.project_id == project_id)
        .order_by(ProjectSnapshot.day.desc())
        .limit(1)
    )
    return (await session.scalars(stmt)).first()
