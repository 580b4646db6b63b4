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

from services.governance.models import Standard, StandardRule
from shared.pagination import PageParams
from shared.reads import Query, QueryCache, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

SORTS: dict[str, ColumnElement[Any]] = {
    "created_at": Standard.created_at.expression,
    "key": Standard.key.expression,
    "title": Standard.title.expression,
}


# How many rules the revision holds (the rules themselves: GET .../rules).
RULE_COUNT = (
    select(func.count())
    .where(StandardRule.standard_id == Standard.id)
    .correlate(Standard)
    .scalar_subquery()
    .label("rule_count")
)
STANDARD_COLUMNS = (*Standard.__table__.c, RULE_COUNT)


_GET = Query(select(*STANDARD_COLUMNS).where(Standard.id == bindparam("standard_id", type_=Uuid)))


class StandardRepository:
    def __init__(self) -> None:
        self._lists = QueryCache()

    async def get(self, reader: Reader, standard_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_GET, standard_id=standard_id)

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
            stmt = select(*STANDARD_COLUMNS)
            if "status" in names:
                stmt = stmt.where(Standard.status == bindparam("status", type_=String))
            if "key" in names:
                stmt = stmt.where(Standard.key == bindparam("key", type_=String))
            if "ids" in names:
                stmt = stmt.where(Standard.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
            return keyset(stmt, sort, Standard.id.expression, after="after_id" in names)

        rows = await reader.all(self._lists.get((names, sort.name), build), **params)
        return page_of(rows, sort, str(sort.column.key), page)

    async def key_exists(self, session: AsyncSession, key: str) -> bool:
        return bool(await session.scalar(select(exists().where(Standard.key == key))))

    async def latest_revision(self, session: AsyncSession, key: str) -> int:
        return int(
            await session.scalar(select(func.max(Standard.revision)).where(Standard.key == key))
            or 0
        )

    async def has_draft(self, session: AsyncSession, key: str) -> bool:
        stmt = select(exists().where(Standard.key == key, Standard.status == "draft"))
        return bool(await session.scalar(stmt))

    async def load_for_update(
        self, session: AsyncSession, standard_id: uuid.UUID
    ) -> Standard | None:
        return await session.get(Standard, standard_id, with_for_update=True)

    async def published_of_key(self, session: AsyncSession, key: str) -> builtins.list[Standard]:
        stmt = select(Standard).where(Standard.key == key, Standard.status == "published")
        return list((await session.scalars(stmt.with_for_update())).all())

    async def keys_with_published(
        self, session: AsyncSession, keys: builtins.list[str]
    ) -> set[str]:
        stmt = select(Standard.key).where(
            Standard.key == any_(bindparam("keys", type_=ARRAY(String))),
            Standard.status == "published",
        )
        return set((await session.scalars(stmt, {"keys": keys})).all())
