from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import ARRAY, Uuid, any_, bindparam, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import KeyedColumnElement

from services.projects.access.filters import (
    Viewer,
    batch_params,
    in_visible_projects,
    visible_projects,
)
from services.projects.models import Assignment, Project, Task
from shared.pagination import PageParams
from shared.reads import AnySelect, Query, QueryCache, Reader
from shared.repository import (
    SortSpec,
    first_pages_of,
    first_pages_query,
    keyset,
    keyset_params,
    page_of,
)

TASK_COLUMNS = tuple(Task.__table__.c)
POSITION_SORT = SortSpec(name="position", column=Task.position.expression)
# Sparse fieldsets are chosen by callers: past this many distinct sets per statement, a
# rare set is compiled per call rather than kept (a bounded cache, whatever they send).
MAX_CACHED_FIELD_SETS = 256

Fields = tuple[str, ...]

_GET = Query(select(*TASK_COLUMNS).where(Task.id == bindparam("task_id", type_=Uuid)))


def _columns(fields: Fields | None) -> tuple[KeyedColumnElement[Any], ...]:
    """``None``: every column (the full ``TaskRead``)."""
    if fields is None:
        return TASK_COLUMNS
    return tuple(Task.__table__.c[name] for name in fields)


def _page_query(fields: Fields | None, after: bool) -> AnySelect:
    in_project = select(*_columns(fields)).where(
        Task.project_id == bindparam("project_id", type_=Uuid)
    )
    return keyset(in_project, POSITION_SORT, Task.id.expression, after=after)


_PAGES = {after: Query(_page_query(None, after)) for after in (False, True)}


def _first_pages_query(read_all: bool, fields: Fields | None = None) -> AnySelect:
    """The first ``:limit`` tasks of each visible project in ``:project_ids``, in one query."""
    project_id = Task.project_id.expression
    return first_pages_query(
        _columns(fields),
        project_id,
        POSITION_SORT,
        Task.id.expression,
        *in_visible_projects(project_id, read_all),
    )


_FIRST_PAGES = {read_all: Query(_first_pages_query(read_all)) for read_all in (True, False)}
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
    """Reads are compiled Core statements; a sparse fieldset (``fields``: names from
    ``TASK_FIELDS``, keys included) compiles its own statement once."""

    def __init__(self) -> None:
        self._sparse = QueryCache()
        self._sparse_shapes: set[Hashable] = set()

    def _sparse_query(self, shape: Hashable, build: Callable[[], AnySelect]) -> Query:
        if shape in self._sparse_shapes or len(self._sparse_shapes) < MAX_CACHED_FIELD_SETS:
            self._sparse_shapes.add(shape)
            return self._sparse.get(shape, build)
        return Query(build())

    async def get(self, reader: Reader, task_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_GET, task_id=task_id)

    async def list_for_project(
        self, reader: Reader, project_id: uuid.UUID, page: PageParams, fields: Fields | None
    ) -> tuple[list[Any], str | None]:
        params = keyset_params(POSITION_SORT, page)
        after = "after_id" in params
        if fields is None:
            query = _PAGES[after]
        else:
            query = self._sparse_query(("page", after, fields), lambda: _page_query(fields, after))
        rows = await reader.all(query, project_id=project_id, **params)
        return page_of(rows, POSITION_SORT, "position", page)

    async def first_pages(
        self,
        reader: Reader,
        viewer: Viewer | None,
        project_ids: list[uuid.UUID],
        limit: int,
        fields: Fields | None,
    ) -> dict[uuid.UUID, dict[str, Any]]:
        """``viewer`` None: the caller reads every project."""
        params = {**batch_params(viewer, project_ids), "limit": limit + 1}
        read_all = viewer is None
        if fields is None:
            query = _FIRST_PAGES[read_all]
        else:
            query = self._sparse_query(
                ("first_pages", read_all, fields), lambda: _first_pages_query(read_all, fields)
            )
        rows = await reader.all(query, **params)
        return first_pages_of(rows, "project_id", limit, POSITION_SORT)

    async def by_ids(
        self, reader: Reader, viewer: Viewer | None, ids: list[uuid.UUID]
    ) -> list[dict[str, Any]]:
        """The tasks among ``ids`` the caller may read (``viewer`` None: every project)."""
        params: dict[str, Any] = {"ids": ids}
        if viewer is not None:
            params.update(viewer.params())
        return await reader.all(_BY_IDS[viewer is None], **params)

    async def next_position(self, session: AsyncSession, project_id: uuid.UUID) -> int:
        current = await session.scalar(
            select(func.coalesce(func.max(Task.position), -1)).where(Task.project_id == project_id)
        )
        assert current is not None  # an aggregate always answers one row
        return int(current) + 1

    async def projects_of(
        self, session: AsyncSession, task_ids: list[uuid.UUID]
    ) -> dict[uuid.UUID, uuid.UUID]:
        """task id -> its project id, for the ids that exist."""
        result = await session.execute(
            select(Task.id, Task.project_id).where(Task.id.in_(task_ids))
        )
        return {row.id: row.project_id for row in result}

    async def has_assignments(self, session: AsyncSession, task_id: uuid.UUID) -> bool:
        condition = exists().where(Assignment.task_id == task_id)
        return bool(await session.scalar(select(condition)))
