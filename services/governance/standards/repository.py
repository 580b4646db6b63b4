from __future__ import annotations

from typing import Any

from sqlalchemy import ARRAY, ColumnElement, String, any_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.models import Standard, StandardRule
from services.governance.versioning.store import VersionedRepository

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


class StandardRepository(VersionedRepository[Standard]):
    def __init__(self) -> None:
        super().__init__(Standard, "standard", STANDARD_COLUMNS)

    async def keys_with_published(self, session: AsyncSession, keys: list[str]) -> set[str]:
        stmt = select(Standard.key).where(
            Standard.key == any_(bindparam("keys", type_=ARRAY(String))),
            Standard.status == "published",
        )
        return set((await session.scalars(stmt, {"keys": keys})).all())
