from __future__ import annotations

import builtins
import uuid
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Uuid, any_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.jsonb import decoded
from services.governance.models import Lifecycle, ProjectLifecycle
from services.governance.versioning.store import VersionedRepository
from shared.reads import Query, Reader

SORTS: dict[str, ColumnElement[Any]] = {
    "created_at": Lifecycle.created_at.expression,
    "key": Lifecycle.key.expression,
    "name": Lifecycle.name.expression,
}

LIFECYCLE_COLUMNS = tuple(Lifecycle.__table__.c)
ASSIGNMENT_COLUMNS = tuple(ProjectLifecycle.__table__.c)

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


class LifecycleRepository(VersionedRepository[Lifecycle]):
    def __init__(self) -> None:
        super().__init__(Lifecycle, "lifecycle")

    def row(self, row: dict[str, Any]) -> dict[str, Any]:
        return _lifecycle(row)

    async def by_ids(self, reader: Reader, ids: builtins.list[uuid.UUID]) -> builtins.list[Any]:
        return [_lifecycle(row) for row in await reader.all(_BY_IDS, ids=ids)]

    async def published_revision_of_key(self, session: AsyncSession, key: str) -> Lifecycle | None:
        """The key's published revision, unlocked (for readers such as instantiation)."""
        stmt = select(Lifecycle).where(Lifecycle.key == key, Lifecycle.status == "published")
        return await session.scalar(stmt.order_by(Lifecycle.revision.desc()).limit(1))

    # -- assignments ------------------------------------------------------------------------

    async def assignment(self, reader: Reader, project_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_ASSIGNMENT, project_id=project_id)

    async def load_assignment(
        self, session: AsyncSession, project_id: uuid.UUID, *, lock: bool = True
    ) -> ProjectLifecycle | None:
        stmt = select(ProjectLifecycle).where(ProjectLifecycle.project_id == project_id)
        return await session.scalar(stmt.with_for_update() if lock else stmt)
