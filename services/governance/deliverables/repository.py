from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, String, Uuid, bindparam, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.models import Deliverable
from shared.pagination import PageParams
from shared.reads import Query, Reader
from shared.repository import KeysetList, SortSpec

SORTS: dict[str, ColumnElement[Any]] = {
    "created_at": Deliverable.created_at.expression,
    "key": Deliverable.key.expression,
    "name": Deliverable.name.expression,
}

COLUMNS = tuple(Deliverable.__table__.c)
_IN_PROJECT = Deliverable.project_id == bindparam("project_id", type_=Uuid)
_GET = Query(select(*COLUMNS).where(Deliverable.id == bindparam("deliverable_id", type_=Uuid)))


class DeliverableRepository:
    def __init__(self) -> None:
        self._all = KeysetList(select(*COLUMNS).where(_IN_PROJECT), Deliverable.id.expression)
        self._by_status = KeysetList(
            select(*COLUMNS).where(
                _IN_PROJECT, Deliverable.status == bindparam("status", type_=String)
            ),
            Deliverable.id.expression,
        )

    async def get(self, reader: Reader, deliverable_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_GET, deliverable_id=deliverable_id)

    async def list_for_project(
        self,
        reader: Reader,
        project_id: uuid.UUID,
        page: PageParams,
        sort: SortSpec,
        status: str | None,
    ) -> tuple[list[Any], str | None]:
        if status is None:
            return await self._all.page(reader, sort, page, project_id=project_id)
        return await self._by_status.page(reader, sort, page, project_id=project_id, status=status)

    async def key_taken(self, session: AsyncSession, project_id: uuid.UUID, key: str) -> bool:
        stmt = select(exists().where(Deliverable.project_id == project_id, Deliverable.key == key))
        return bool(await session.scalar(stmt))

    async def load_for_update(
        self, session: AsyncSession, deliverable_id: uuid.UUID
    ) -> Deliverable | None:
        return await session.get(Deliverable, deliverable_id, with_for_update=True)

    async def keys_with_status(
        self, session: AsyncSession, project_ids: list[uuid.UUID], statuses: list[str]
    ) -> dict[uuid.UUID, set[str]]:
        stmt = select(Deliverable.project_id, Deliverable.key).where(
            Deliverable.project_id.in_(project_ids), Deliverable.status.in_(statuses)
        )
        keys: dict[uuid.UUID, set[str]] = defaultdict(set)
        for project_id, key in await session.execute(stmt):
            keys[project_id].add(key)
        return keys
