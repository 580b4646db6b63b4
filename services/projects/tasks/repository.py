from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import ARRAY, Integer, Uuid, any_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access import visible_projects
from services.projects.models import Project, Task
from shared.pagination import PageParams
from shared.reads import Query, Reader
from shared.repository import SortSpec, first_page, keyset, keyset_params, page_of

TASK_COLUMNS = tuple(Task.__table__.c)
POSITION_SORT = SortSpec(name="position", column=Task.position.expression)

_GET = Query(select(*TASK_COLUMNS).where(Task.id == bindparam("task_id", type_=Uuid)))
_IN_PROJECT = select(*TASK_COLUMNS).where(Task.project_id == bindparam("project_id", type_=Uuid))
_PAGES = {
    after: Query(keyset(_IN_PROJECT, POSITION_SORT, Task.id.expression, after=after))
    for after in (False, True)
}


def _first_pages_query(read_all: bool) -> Query:
    """The first ``:limit`` tasks of each visible project in ``:project_ids``, in one query."""
    rank = func.row_number().over(partition_by=Task.project_id, order_by=(Task.position, Task.id))
    ranked = (
        select(*TASK_COLUMNS, rank.label("rank"))
        .where(
            Task.project_id == any_(bindparam("project_ids", type_=ARRAY(Uuid))),
            Task.project_id.in_(select(Project.id).where(visible_projects(read_all))),
        )
        .subquery()
    )
    return Query(
        select(*(c for c in ranked.c if c.key != "rank"))
        .where(ranked.c.rank <= bindparam("limit", type_=Integer))
        .order_by(ranked.c.project_id, ranked.c.rank)
    )


_FIRST_PAGES = {read_all: _first_pages_query(read_all) for read_all in (True, False)}
_BY_IDS = {
    read_all: Query(
        select(*TASK_COLUMNS)
        .where(
            Task.id == any_(bindparam("ids", type_=ARRAY(Uuid))),
            Task.project_id.in_(select(Project.id).where(visible_projects(read_all))),
        )
        .order_by(Task.project_id, Task.position, Task.id)
    )
    for read_all in (True, False)
}


class TaskRepository:
    async def get(self, reader: Reader, task_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_GET, task_id=task_id)

    async def list_for_project(
        self, reader: Reader, project_id: uuid.UUID, page: PageParams
    ) -> tuple[list[Any], str | None]:
        params = keyset_params(POSITION_SORT, page)
        query = _PAGES["after_id" in params]
        rows = await reader.all(query, project_id=project_id, **params)
        return page_of(rows, POSITION_SORT, "position", page)

    async def first_pages(
        self, reader: Reader, subject: str | None, project_ids: list[uuid.UUID], limit: int
    ) -> dict[uuid.UUID, dict[str, Any]]:
        """``subject`` None: the caller reads every project."""
        params: dict[str, Any] = {"project_ids": project_ids, "limit": limit + 1}
        if subject is not None:
            params["subject"] = subject
        grouped: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
        for row in await reader.all(_FIRST_PAGES[subject is None], **params):
            grouped[row["project_id"]].append(row)
        return {pid: first_page(rows, limit, POSITION_SORT) for pid, rows in grouped.items()}

    async def by_ids(
        self, reader: Reader, subject: str | None, ids: list[uuid.UUID]
    ) -> list[dict[str, Any]]:
        """The tasks among ``ids`` the caller may read (``subject`` None: every project)."""
        params: dict[str, Any] = {"ids": ids}
        if subject is not None:
            params["subject"] = subject
        return await reader.all(_BY_IDS[subject is None], **params)

    async def next_position(self, session: AsyncSession, project_id: uuid.UUID) -> int:
        current = await session.scalar(
            select(func.coalesce(func.max(Task.position), -1)).where(Task.project_id == project_id)
        )
        assert current is not None  # an aggregate always answers one row
        return int(current) + 1
