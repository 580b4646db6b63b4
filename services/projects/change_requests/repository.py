from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ARRAY, String, Uuid, any_, bindparam, select

from services.projects.access.filters import ProjectFirstPages, Viewer
from services.projects.models import ChangeRequest
from shared.pagination import PageParams
from shared.reads import Query, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

COLUMNS = tuple(ChangeRequest.__table__.c)
CREATED_SORT = SortSpec(name="created_at", column=ChangeRequest.created_at.expression)

_GET = Query(select(*COLUMNS).where(ChangeRequest.id == bindparam("id", type_=Uuid)))


def _list_query(with_status: bool, after: bool) -> Query:
    stmt = select(*COLUMNS).where(ChangeRequest.project_id == bindparam("project_id", type_=Uuid))
    if with_status:
        stmt = stmt.where(ChangeRequest.status == any_(bindparam("status", type_=ARRAY(String))))
    return Query(keyset(stmt, CREATED_SORT, ChangeRequest.id.expression, after=after))


_LISTS = {(s, a): _list_query(s, a) for s in (False, True) for a in (False, True)}
_FIRST_PAGES = ProjectFirstPages(
    COLUMNS, ChangeRequest.project_id.expression, CREATED_SORT, ChangeRequest.id.expression
)


class ChangeRequestRepository:
    async def get(self, reader: Reader, change_request_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_GET, id=change_request_id)

    async def first_pages(
        self, reader: Reader, viewer: Viewer | None, project_ids: list[uuid.UUID], limit: int
    ) -> dict[uuid.UUID, dict[str, Any]]:
        """The first ``limit`` (oldest first) of each project ``viewer`` may see."""
        return await _FIRST_PAGES.read(reader, viewer, project_ids, limit)

    async def list_for_project(
        self,
        reader: Reader,
        project_id: uuid.UUID,
        status: list[str] | None,
        page: PageParams,
    ) -> tuple[list[Any], str | None]:
        params: dict[str, Any] = {"project_id": project_id, **keyset_params(CREATED_SORT, page)}
        if status:
            params["status"] = status
        query = _LISTS[(bool(status), "after_id" in params)]
        rows = await reader.all(query, **params)
        return page_of(rows, CREATED_SORT, "created_at", page)
