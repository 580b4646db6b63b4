"""Every statement about the rules of standards: the keyset list of one standard's rules,
the published rules an evaluation runs, and the row locks of a write."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ARRAY, Uuid, any_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.models import Standard, StandardRule
from shared.pagination import PageParams
from shared.reads import Query, Reader
from shared.repository import KeysetList, SortSpec, first_pages_of, first_pages_query

COLUMNS = tuple(StandardRule.__table__.c)
SORT = SortSpec(name="position", column=StandardRule.position.expression)

_LIST = KeysetList(
    select(*COLUMNS).where(StandardRule.standard_id == bindparam("standard_id", type_=Uuid)),
    StandardRule.id.expression,
)
_GET = Query(select(*COLUMNS).where(StandardRule.id == bindparam("rule_id", type_=Uuid)))
_STANDARD_EXISTS = Query(
    select(Standard.id).where(Standard.id == bindparam("standard_id", type_=Uuid))
)
_FIRST_PAGES = Query(
    first_pages_query(
        COLUMNS,
        StandardRule.standard_id.expression,
        SORT,
        StandardRule.id.expression,
        StandardRule.standard_id == any_(bindparam("standard_ids", type_=ARRAY(Uuid))),
    )
)
# Every rule of every published revision, with what a finding copies of its standard, in
# the order findings keep (by standard key, then each standard's own rule order).
_PUBLISHED = (
    select(
        *COLUMNS, Standard.key.label("standard_key"), Standard.revision.label("standard_revision")
    )
    .join(Standard, Standard.id == StandardRule.standard_id)
    .where(Standard.status == "published")
    .order_by(Standard.key, StandardRule.position)
)


class RuleRepository:
    async def standard_exists(self, reader: Reader, standard_id: uuid.UUID) -> bool:
        return await reader.value(_STANDARD_EXISTS, standard_id=standard_id) is not None

    async def list_for_standard(
        self, reader: Reader, standard_id: uuid.UUID, page: PageParams
    ) -> tuple[list[Any], str | None]:
        return await _LIST.page(reader, SORT, page, standard_id=standard_id)

    async def first_pages(
        self, reader: Reader, standard_ids: list[uuid.UUID], limit: int
    ) -> dict[uuid.UUID, dict[str, Any]]:
        """Standard id -> its first ``limit`` rules and the cursor continuing them."""
        rows = await reader.all(_FIRST_PAGES, standard_ids=standard_ids, limit=limit + 1)
        return first_pages_of(rows, "standard_id", limit, SORT)

    async def get(self, reader: Reader, rule_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_GET, rule_id=rule_id)

    async def published(self, session: AsyncSession) -> list[dict[str, Any]]:
        return [dict(row) for row in (await session.execute(_PUBLISHED)).mappings()]

    async def lock_standard(self, session: AsyncSession, standard_id: uuid.UUID) -> Standard | None:
        # Held until the write commits: no rule changes under a revision being published.
        return await session.get(Standard, standard_id, with_for_update=True)

    async def load_for_update(
        self, session: AsyncSession, rule_id: uuid.UUID
    ) -> StandardRule | None:
        return await session.get(StandardRule, rule_id, with_for_update=True)

    async def of_standard(
        self, session: AsyncSession, standard_id: uuid.UUID
    ) -> list[StandardRule]:
        stmt = (
            select(StandardRule)
            .where(StandardRule.standard_id == standard_id)
            .order_by(StandardRule.position)
        )
        return list((await session.scalars(stmt)).all())

    async def next_position(self, session: AsyncSession, standard_id: uuid.UUID) -> int:
        stmt = select(func.coalesce(func.max(StandardRule.position), 0) + 1).where(
            StandardRule.standard_id == standard_id
        )
        return int(await session.scalar(stmt) or 1)

    async def count(self, session: AsyncSession, standard_id: uuid.UUID) -> int:
        stmt = select(func.count()).where(StandardRule.standard_id == standard_id)
        return int(await session.scalar(stmt) or 0)
