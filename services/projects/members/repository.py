"""Every statement about project members: the list as keyset pages (compiled once per sort
and position), the duplicate check and the row lock of a write."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Uuid, bindparam, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import ProjectFirstPages, Viewer
from services.projects.models import ProjectMember
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import KeysetList, SortSpec

COLUMNS = tuple(ProjectMember.__table__.c)
SORTS: dict[str, ColumnElement[Any]] = {
    "created_at": ProjectMember.created_at.expression,
    "user_id": ProjectMember.user_id.expression,
}

DEFAULT_SORT = "created_at"
_FIRST_PAGES = ProjectFirstPages(
    COLUMNS,
    ProjectMember.project_id.expression,
    SortSpec(name=DEFAULT_SORT, column=SORTS[DEFAULT_SORT]),
    ProjectMember.id.expression,
)

_IN_PROJECT = select(*COLUMNS).where(
    ProjectMember.project_id == bindparam("project_id", type_=Uuid)
)
_LIST = KeysetList(_IN_PROJECT, ProjectMember.id.expression)


class MemberRepository:
    async def first_pages(
        self, reader: Reader, viewer: Viewer | None, project_ids: list[uuid.UUID], limit: int
    ) -> dict[uuid.UUID, dict[str, Any]]:
        """The first ``limit`` (oldest first) of each project ``viewer`` may see."""
        return await _FIRST_PAGES.read(reader, viewer, project_ids, limit)

    async def list_for_project(
        self, reader: Reader, project_id: uuid.UUID, page: PageParams, sort: SortSpec
    ) -> tuple[list[Any], str | None]:
        return await _LIST.page(reader, sort, page, project_id=project_id)

    async def is_member(self, session: AsyncSession, project_id: uuid.UUID, user_id: str) -> bool:
        found = exists().where(
            ProjectMember.project_id == project_id, ProjectMember.user_id == user_id
        )
        return bool(await session.scalar(select(found)))

    async def load_for_update(
        self, session: AsyncSession, member_id: uuid.UUID
    ) -> ProjectMember | None:
        return await session.get(ProjectMember, member_id, with_for_update=True)
