from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Select, String, Uuid, any_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import ProjectFirstPages, Viewer
from services.projects.models import Task
from services.projects.raid.kinds import RaidKind
from shared.pagination import PageParams
from shared.reads import Query, QueryCache, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

DEFAULT_SORT = "created_at"


class RaidRepository:
    """Reads of one RAID kind: compiled Core statements run by the reader."""

    def __init__(self, kind: RaidKind) -> None:
        model = kind.model
        self.model = model
        self.columns = (*model.__table__.c, *(c.sql.label(c.name) for c in kind.computed))
        self.sorts: dict[str, ColumnElement[Any]] = {
            "created_at": model.created_at,
            "updated_at": model.updated_at,
            "title": model.title,
        }
        self._get = Query(select(*self.columns).where(model.id == bindparam("id", type_=Uuid)))
        self._lists = QueryCache()
        self.default_sort = SortSpec(name=DEFAULT_SORT, column=model.created_at.expression)
        self._first_pages = ProjectFirstPages(
            self.columns, model.project_id.expression, self.default_sort, model.id.expression
        )

    async def get(self, reader: Reader, entry_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(self._get, id=entry_id)

    async def first_pages(
        self, reader: Reader, viewer: Viewer | None, project_ids: list[uuid.UUID], limit: int
    ) -> dict[uuid.UUID, dict[str, Any]]:
        """The first ``limit`` entries (default sort) of each project ``viewer`` may see
        (``None``: every project)."""
        return await self._first_pages.read(reader, viewer, project_ids, limit)

    async def list_for_project(
        self,
        reader: Reader,
        project_id: uuid.UUID,
        status: list[str] | None,
        page: PageParams,
        sort: SortSpec,
    ) -> tuple[list[Any], str | None]:
        params: dict[str, Any] = {"project_id": project_id, **keyset_params(sort, page)}
        if status:
            params["status"] = status
        after = "after_id" in params

        def build() -> Select[Any]:
            model = self.model
            stmt = select(*self.columns).where(
                model.project_id == bindparam("project_id", type_=Uuid)
            )
            if status:
                stmt = stmt.where(model.status == any_(bindparam("status", type_=ARRAY(String))))
            return keyset(stmt, sort, model.id, after=after)

        query = self._lists.get((bool(status), after, sort.name), build)
        rows = await reader.all(query, **params)
        return page_of(rows, sort, str(sort.column.key), page)


async def tasks_outside_project(
    session: AsyncSession, project_id: uuid.UUID, task_ids: list[uuid.UUID]
) -> list[uuid.UUID]:
    """The ids in ``task_ids`` that are not tasks of the project."""
    if not task_ids:
        return []
    found = await session.scalars(
        select(Task.id).where(Task.project_id == project_id, Task.id.in_(task_ids))
    )
    known = set(found)
    return [task_id for task_id in task_ids if task_id not in known]
