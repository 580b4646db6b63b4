from __future__ import annotations

import uuid

from sqlalchemy import exists, func, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from services.governance.models import Standard
from shared.pagination import PageParams
from shared.repository import SortSpec, keyset_page, page_of

STANDARD_COLUMNS = tuple(Standard.__table__.c)


class StandardRepository:
    async def get(self, conn: AsyncConnection, standard_id: uuid.UUID) -> RowMapping | None:
        stmt = select(*STANDARD_COLUMNS).where(Standard.id == standard_id)
        return (await conn.execute(stmt)).mappings().first()

    async def list(
        self,
        conn: AsyncConnection,
        page: PageParams,
        sort: SortSpec,
        *,
        status: str | None,
        key: str | None,
        ids: list[uuid.UUID] | None,
    ) -> tuple[list[RowMapping], str | None]:
        stmt = select(*STANDARD_COLUMNS)
        if status:
            stmt = stmt.where(Standard.status == status)
        if key:
            stmt = stmt.where(Standard.key == key)
        if ids is not None:
            stmt = stmt.where(Standard.id.in_(ids))
        rows = (await conn.execute(keyset_page(stmt, sort, Standard.id, page))).mappings().all()
        return page_of(rows, sort, sort.column.key, page)

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

    async def published_of_key(self, session: AsyncSession, key: str) -> list[Standard]:
        stmt = select(Standard).where(Standard.key == key, Standard.status == "published")
        return list((await session.scalars(stmt.with_for_update())).all())
