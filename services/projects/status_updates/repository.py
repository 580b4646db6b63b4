from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Uuid, bindparam, select

from services.projects.access.filters import ProjectFirstPages, Viewer
from services.projects.models import StatusUpdate
from shared.pagination import PageParams
from shared.reads import Query, Reader
from shared.repository import KeysetList, SortSpec

COLUMNS = tuple(StatusUpdate.__table__.c)
SORTS: dict[str, ColumnElement[Any]] = {
    "as_of": StatusUpdate.as_of.expression,
    "created_at": StatusUpdate.created_at.expression,
}

DEFAULT_SORT = "-as_of"  # newest first, by the date reported on
_FIRST_PAGES = ProjectFirstPages(
    COLUMNS,
    StatusUpdate.project_id.expression,
    SortSpec(name=DEFAULT_SORT, column=SORTS["as_of"], descending=True),
    StatusUpdate.id.expression,
)

_GET = Query(select(*COLUMNS).where(StatusUpdate.id == bindparam("id", type_=Uuid)))
_IN_PROJECT = select(*COLUMNS).where(StatusUpdate.project_id == bindparam("project_id", type_=Uuid))
_LIST = KeysetList(_IN_PROJECT, StatusUpdate.id.expression)


class StatusUpdateRepository:
    async def get(self, reader: Reader, status_update_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_GET, id=status_update_id)

    async def first_pages(
        self, reader: Reader, viewer: Viewer | None, project_ids: list[uuid.UUID], limit: int
    ) -> dict[uuid.UUID, dict[str, Any]]:
        """The first ``limit`` (newest first) of each project ``viewer`` may see."""
        return await _FIRST_PAGES.read(reader, viewer, project_ids, limit)

    async def list_for_project(
        self, reader: Reader, project_id: uuid.UUID, page: PageParams, sort: SortSpec
    ) -> tuple[list[Any], str | None]:
        return await _LIST.page(reader, sort, page, project_id=project_id)
