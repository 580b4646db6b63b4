from __future__ import annotations

import builtins
import uuid
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Select,
    String,
    Uuid,
    any_,
    bindparam,
    exists,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.jsonb import decoded
from services.governance.models import Lifecycle, ProjectLifecycle
from shared.pagination import PageParams
from shared.reads import Query, QueryCache, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

SORTS: dict[str, ColumnElement[Any]] = {
    "created_at": Lifecycle.created_at.expression,
    "key": Lifecycle.key.expression,
    "name": Lifecycle.name.expression,
}

LIFECYCLE_COLUMNS = tuple(Lifecycle.__table__.c)
ASSIGNMENT_COLUMNS = tuple(ProjectLifecycle.__table__.c)

_GET = Query(
    select(*LIFECYCLE_COLUMNS).where(Lifecycle.id == bindparam("lifecycle_id", type_=Uuid))
)
_BY_IDS = Query(
    select(*LIFECYCLE_COLUMNS).where(Lifecycle.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
)
_ASSIGNMENT = Query(
    select(*ASSIGNMENT_COLUMNS).where(
        ProjectLifecycle.project_id == bindparam("project_id", type_=Uuid)
    )
)


def _lifecycle(row: dict[str, Any]) -> dict[str, Any]:
    return decoded(row, "phases", "gates")


class LifecycleRepository:
    def __init__(self) -> None:
        self._lists = QueryCache()

    async def get(self, reader: Reader, lifecycle_id: uuid.UUID) -> dict[str, Any] | None:
        row = await reader.one(_GET, lifecycle_id=lifecycle_id)
        return _lifecycle(row) if row is not None else None

    async def list(
        self,
        reader: Reader,
        page: PageParams,
        sort: SortSpec,
        *,
        status: str | None,
        key: str | None,
        ids: list[uuid.UUID] | None,
    ) -> tuple[list[Any], str | None]:
        filters = {"status": status, "key": key, "ids": ids}
        params = {k: v for k, v in filters.items() if v is not None} | keyset_params(sort, page)
        names = frozenset(params)

        def build() -> Select[Any]:
            stmt = select(*LIFECYCLE_COLUMNS)
            if "status" in names:
                stmt = stmt.where(Lifecycle.status == bindparam("status", type_=String))
            if "key" in names:
                stmt = stmt.where(Lifecycle.key == bindparam("key", type_=String))
            if "ids" in names:
                stmt = stmt.where(Lifecycle.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
            return keyset(stmt, sort, Lifecycle.id.expression, after="after_id" in names)

        rows = await reader.all(self._lists.get((names, sort.name), build), **params)
        return page_of([_lifecycle(row) for row in rows], sort, str(sort.column.key), page)

    async def by_ids(self, reader: Reader, ids: builtins.list[uuid.UUID]) -> builtins.list[Any]:
        return [_lifecycle(row) for row in await reader.all(_BY_IDS, ids=ids)]

    async def key_exists(self, session: AsyncSession, key: str) -> bool:
        return bool(await session.scalar(select(exists().where(Lifecycle.key == key))))

    async def latest_revision(self, session: AsyncSession, key: str) -> int:
        stmt = select(func.max(Lifecycle.revision)).where(Lifecycle.key == key)
        return int(await session.scalar(stmt) or 0)

    async def has_draft(self, session: AsyncSession, key: str) -> bool:
        stmt = select(exists().where(Lifecycle.key == key, Lifecycle.status == "draft"))
        return bool(await session.scalar(stmt))

    async def load(
        self, session: AsyncSession, lifecycle_id: uuid.UUID, *, for_update: bool = False
    ) -> Lifecycle | None:
        return await session.get(Lifecycle, lifecycle_id, with_for_update=for_update)

    async def published_revision_of_key(self, session: AsyncSession, key: str) -> Lifecycle | None:
        """The key's published revision, unlocked (for readers such as instantiation)."""
        stmt = select(Lifecycle).where(Lifecycle.key == key, Lifecycle.status == "published")
        return await session.scalar(stmt.order_by(Lifecycle.revision.desc()).limit(1))

    async def published_of_key(self, session: AsyncSession, key: str) -> builtins.list[Lifecycle]:
        stmt = select(Lifecycle).where(Lifecycle.key == key, Lifecycle.status == "published")
        return list((await session.scalars(stmt.with_for_update())).all())

    # -- assignments ------------------------------------------------------------------------

    async def assignment(self, reader: Reader, project_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_ASSIGNMENT, project_id=project_id)

    async def load_assignment(
        self, session: AsyncSession, project_id: uuid.UUID, *, lock: bool = True
    ) -> ProjectLifecycle | None:
        stmt = select(ProjectLifecycle).where(ProjectLifecycle.project_id == project_id)
        return await session.scalar(stmt.with_for_update() if lock else stmt)
