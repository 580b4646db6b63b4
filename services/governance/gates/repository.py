from __future__ import annotations

import builtins
import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, String, Uuid, any_, bindparam, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.gates.schemas import ProjectFilter
from services.governance.jsonb import decoded
from services.governance.models import GateDecision, GateReview
from shared.pagination import PageParams
from shared.reads import Query, QueryCache, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

SORTS: dict[str, ColumnElement[Any]] = {
    "created_at": GateReview.created_at.expression,
    "to_phase": GateReview.to_phase.expression,
}

REVIEW_COLUMNS = tuple(GateReview.__table__.c)
DECISION_COLUMNS = tuple(GateDecision.__table__.c)

_GET = Query(select(*REVIEW_COLUMNS).where(GateReview.id == bindparam("review_id", type_=Uuid)))
_DECISIONS = Query(
    select(*DECISION_COLUMNS)
    .where(GateDecision.review_id == any_(bindparam("review_ids", type_=ARRAY(Uuid))))
    .order_by(GateDecision.decided_at, GateDecision.id)
)


def _review(row: dict[str, Any]) -> dict[str, Any]:
    return decoded(row, "results", "checklist")


class GateReviewRepository:
    def __init__(self) -> None:
        self._lists = QueryCache()

    async def get(self, reader: Reader, review_id: uuid.UUID) -> dict[str, Any] | None:
        row = await reader.one(_GET, review_id=review_id)
        return _review(row) if row is not None else None

    async def list(
        self,
        reader: Reader,
        page: PageParams,
        sort: SortSpec,
        projects: ProjectFilter,
        state: str | None,
    ) -> tuple[list[Any], str | None]:
        filters = {
            "project_id": projects.project_id,
            "project_ids": projects.project_ids,
            "state": state,
        }
        params = {k: v for k, v in filters.items() if v is not None} | keyset_params(sort, page)
        names = frozenset(params)

        def build() -> Any:
            stmt = select(*REVIEW_COLUMNS)
            if "project_id" in names:
                stmt = stmt.where(GateReview.project_id == bindparam("project_id", type_=Uuid))
            if "project_ids" in names:
                ids = bindparam("project_ids", type_=ARRAY(Uuid))
                stmt = stmt.where(GateReview.project_id == any_(ids))
            if "state" in names:
                stmt = stmt.where(GateReview.state == bindparam("state", type_=String))
            return keyset(stmt, sort, GateReview.id.expression, after="after_id" in names)

        rows = await reader.all(self._lists.get((names, sort.name), build), **params)
        return page_of([_review(row) for row in rows], sort, str(sort.column.key), page)

    async def decisions(
        self, reader: Reader, review_ids: builtins.list[uuid.UUID]
    ) -> dict[uuid.UUID, builtins.list[dict[str, Any]]]:
        grouped: dict[uuid.UUID, builtins.list[dict[str, Any]]] = defaultdict(list)
        for row in await reader.all(_DECISIONS, review_ids=review_ids):
            grouped[row["review_id"]].append(row)
        return grouped

    async def load_for_update(
        self, session: AsyncSession, review_id: uuid.UUID
    ) -> GateReview | None:
        return await session.get(GateReview, review_id, with_for_update=True)

    async def decisions_of(
        self, session: AsyncSession, review_id: uuid.UUID
    ) -> builtins.list[GateDecision]:
        stmt = (
            select(GateDecision)
            .where(GateDecision.review_id == review_id)
            .order_by(GateDecision.decided_at, GateDecision.id)
        )
        return list((await session.scalars(stmt)).all())

    async def open_review_exists(
        self, session: AsyncSession, project_id: uuid.UUID, to_phase: str
    ) -> bool:
        stmt = select(
            exists().where(
                GateReview.project_id == project_id,
                GateReview.to_phase == to_phase,
                GateReview.state == "open",
            )
        )
        return bool(await session.scalar(stmt))

    async def passed_phases(
        self, session: AsyncSession, project_ids: builtins.list[uuid.UUID]
    ) -> dict[uuid.UUID, set[str]]:
        stmt = select(GateReview.project_id, GateReview.to_phase).where(
            GateReview.project_id.in_(project_ids), GateReview.state == "passed"
        )
        phases: dict[uuid.UUID, set[str]] = defaultdict(set)
        for project_id, phase in await session.execute(stmt):
            phases[project_id].add(phase)
        return phases
