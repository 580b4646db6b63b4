"""Every SQL statement about dependencies (links between tasks)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ARRAY, Uuid, any_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import Viewer, visible_projects
from services.projects.models import Dependency, Project
from shared.pagination import PageParams
from shared.reads import Query, Reader
from shared.repository import KeysetList, SortSpec

LINK_SORT = SortSpec(name="created_at", column=Dependency.created_at.expression)
_IN_PROJECT = select(*Dependency.__table__.c).where(
    Dependency.project_id == bindparam("project_id", type_=Uuid)
)
_LIST = KeysetList(_IN_PROJECT, Dependency.id.expression)
_INTO = {
    read_all: Query(
        select(*Dependency.__table__.c)
        .where(
            Dependency.successor_id == any_(bindparam("successor_ids", type_=ARRAY(Uuid))),
            Dependency.project_id.in_(select(Project.id).where(visible_projects(read_all))),
        )
        .order_by(Dependency.successor_id, Dependency.created_at, Dependency.id)
    )
    for read_all in (True, False)
}


class DependencyRepository:
    async def list_for_project(
        self, reader: Reader, project_id: uuid.UUID, page: PageParams
    ) -> tuple[list[Any], str | None]:
        return await _LIST.page(reader, LINK_SORT, page, project_id=project_id)

    async def into(
        self, reader: Reader, viewer: Viewer | None, successor_ids: list[uuid.UUID]
    ) -> list[dict[str, Any]]:
        """Every link into the given tasks that the caller may read (``viewer`` None: all)."""
        params: dict[str, Any] = {"successor_ids": successor_ids}
        if viewer is not None:
            params.update(viewer.params())
        return await reader.all(_INTO[viewer is None], **params)

    async def exists(
        self, session: AsyncSession, predecessor_id: uuid.UUID, successor_id: uuid.UUID
    ) -> bool:
        found = await session.scalar(
            select(Dependency.id).where(
                Dependency.predecessor_id == predecessor_id,
                Dependency.successor_id == successor_id,
            )
        )
        return found is not None
