from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from services.projects.access import visible_projects
from services.projects.models import Project, Task
from shared.auth import Principal
from shared.pagination import PageParams, encode_cursor
from shared.repository import SortSpec, keyset_page, page_of

TASK_COLUMNS = tuple(Task.__table__.c)
POSITION_SORT = SortSpec(name="position", column=Task.position)


class TaskRepository:
    async def get(self, conn: AsyncConnection, task_id: uuid.UUID) -> RowMapping | None:
        return (
            (await conn.execute(select(*TASK_COLUMNS).where(Task.id == task_id))).mappings().first()
        )

    async def list_for_project(
        self, conn: AsyncConnection, project_id: uuid.UUID, page: PageParams
    ) -> tuple[list[RowMapping], str | None]:
        stmt = select(*TASK_COLUMNS).where(Task.project_id == project_id)
        rows = (
            (await conn.execute(keyset_page(stmt, POSITION_SORT, Task.id, page))).mappings().all()
        )
        return page_of(rows, POSITION_SORT, "position", page)

    async def first_pages(
        self,
        conn: AsyncConnection,
        principal: Principal,
        project_ids: list[uuid.UUID],
        limit: int,
    ) -> dict[uuid.UUID, dict[str, Any]]:
        """The first ``limit`` tasks of each visible project, in one query (DataLoader batch)."""
        rank = func.row_number().over(
            partition_by=Task.project_id, order_by=(Task.position, Task.id)
        )
        ranked = (
            select(*TASK_COLUMNS, rank.label("rank"))
            .where(
                Task.project_id.in_(project_ids),
                Task.project_id.in_(select(Project.id).where(visible_projects(principal))),
            )
            .subquery()
        )
        stmt = (
            select(*(c for c in ranked.c if c.key != "rank"))
            .where(ranked.c.rank <= limit + 1)
            .order_by(ranked.c.project_id, ranked.c.rank)
        )
        grouped: dict[uuid.UUID, list[RowMapping]] = defaultdict(list)
        for row in (await conn.execute(stmt)).mappings():
            grouped[row["project_id"]].append(row)
        return {pid: _first_page(rows, limit) for pid, rows in grouped.items()}

    async def next_position(self, session: AsyncSession, project_id: uuid.UUID) -> int:
        current = await session.scalar(
            select(func.coalesce(func.max(Task.position), -1)).where(Task.project_id == project_id)
        )
        return int(current) + 1


def _first_page(rows: list[RowMapping], limit: int) -> dict[str, Any]:
    items = rows[:limit]
    cursor = None
    if len(rows) > limit:
        last = items[-1]
        cursor = encode_cursor([POSITION_SORT.name, last["position"], str(last["id"])])
    return {"items": [dict(r) for r in items], "next_cursor": cursor}
