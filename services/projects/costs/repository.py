"""The SQL of actual costs: keyset reads, and the set-based upsert of bulk pushes."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    String,
    Table,
    Uuid,
    bindparam,
    exists,
    func,
    literal_column,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import ProjectFirstPages, Viewer
from services.projects.models import ActualCost, Task
from shared.pagination import PageParams
from shared.reads import Query, QueryCache, Reader
from shared.repository import (
    SortSpec,
    external_key_in,
    external_key_params,
    keyset,
    keyset_params,
    page_of,
)

Key = tuple[str, str]  # (external_source, external_id)

COLUMNS = tuple(ActualCost.__table__.c)
TABLE: Table = ActualCost.__table__  # type: ignore[assignment]
# What a bulk item sets; unchanged when every one of them is as stored.
ITEM_FIELDS = ("incurred_on", "amount", "currency", "category", "task_id", "description")
SORTS: dict[str, ColumnElement[Any]] = {
    "incurred_on": ActualCost.incurred_on.expression,
    "created_at": ActualCost.created_at.expression,
    "amount": ActualCost.amount.expression,
}
DEFAULT_SORT = "incurred_on"  # oldest first, by the day the money was spent
_FIRST_PAGES = ProjectFirstPages(
    COLUMNS,
    ActualCost.project_id.expression,
    SortSpec(name=DEFAULT_SORT, column=SORTS[DEFAULT_SORT]),
    ActualCost.id.expression,
)
_GET = Query(select(*COLUMNS).where(ActualCost.id == bindparam("id", type_=Uuid)))


@dataclass(frozen=True)
class CostFilters:
    """Allow-listed list filters; each given one becomes a bound WHERE condition."""

    incurred_from: date | None = None
    incurred_to: date | None = None
    task_id: uuid.UUID | None = None
    category: str | None = None

    def params(self) -> dict[str, Any]:
        values = {
            "incurred_from": self.incurred_from,
            "incurred_to": self.incurred_to,
            "task_id": self.task_id,
            "category": self.category,
        }
        return {name: value for name, value in values.items() if value is not None}

    @staticmethod
    def apply(stmt: Select[Any], names: frozenset[str]) -> Select[Any]:
        if "incurred_from" in names:
            stmt = stmt.where(ActualCost.incurred_on >= bindparam("incurred_from", type_=Date))
        if "incurred_to" in names:
            stmt = stmt.where(ActualCost.incurred_on <= bindparam("incurred_to", type_=Date))
        if "task_id" in names:
            stmt = stmt.where(ActualCost.task_id == bindparam("task_id", type_=Uuid))
        if "category" in names:
            stmt = stmt.where(ActualCost.category == bindparam("category", type_=String))
        return stmt


class ActualCostRepository:
    def __init__(self) -> None:
        self._lists = QueryCache()

    async def get(self, reader: Reader, cost_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_GET, id=cost_id)

    async def list_for_project(
        self,
        reader: Reader,
        project_id: uuid.UUID,
        filters: CostFilters,
        page: PageParams,
        sort: SortSpec,
    ) -> tuple[builtins.list[Any], str | None]:
        params = {"project_id": project_id, **filters.params(), **keyset_params(sort, page)}
        names = frozenset(params)

        def build() -> Select[Any]:
            stmt = select(*COLUMNS).where(
                ActualCost.project_id == bindparam("project_id", type_=Uuid)
            )
            stmt = CostFilters.apply(stmt, names)
            return keyset(stmt, sort, ActualCost.id.expression, after="after_id" in names)

        rows = await reader.all(self._lists.get((names, sort.name), build), **params)
        return page_of(rows, sort, str(sort.column.key), page)

    async def first_pages(
        self,
        reader: Reader,
        viewer: Viewer | None,
        project_ids: builtins.list[uuid.UUID],
        limit: int,
    ) -> dict[uuid.UUID, dict[str, Any]]:
        """The first ``limit`` entries (oldest first) of each project ``viewer`` may see
        (``None``: every project)."""
        return await _FIRST_PAGES.read(reader, viewer, project_ids, limit)

    async def load_for_update(self, session: AsyncSession, cost_id: uuid.UUID) -> ActualCost | None:
        return await session.get(ActualCost, cost_id, with_for_update=True)

    async def task_ids_in_project(
        self, session: AsyncSession, project_id: uuid.UUID, ids: Iterable[uuid.UUID]
    ) -> set[uuid.UUID]:
        wanted = list(set(ids))
        if not wanted:
            return set()
        rows = await session.scalars(
            select(Task.id).where(Task.project_id == project_id, Task.id.in_(wanted))
        )
        return set(rows)

    async def external_key_taken(
        self, session: AsyncSession, project_id: uuid.UUID, key: Key, other_than: uuid.UUID | None
    ) -> bool:
        condition = exists().where(
            ActualCost.project_id == project_id,
            ActualCost.external_source == key[0],
            ActualCost.external_id == key[1],
        )
        if other_than is not None:
            condition = condition.where(ActualCost.id != other_than)
        return bool(await session.scalar(select(condition)))

    async def current_rows(
        self, session: AsyncSession, project_id: uuid.UUID, keys: Iterable[Key]
    ) -> dict[Key, dict[str, Any]]:
        """The stored entries of these keys, locked until the transaction ends: the audit
        log records what each update of a push changed."""
        wanted = list(set(keys))
        if not wanted:
            return {}
        statement = (
            select(*COLUMNS)
            .where(
                ActualCost.project_id == project_id,
                external_key_in(ActualCost.external_source, ActualCost.external_id),
            )
            .with_for_update()
        )
        params = external_key_params(wanted)
        rows = await session.execute(statement, params)
        return {(r.external_source, r.external_id): dict(r._mapping) for r in rows}

    async def upsert(
        self, session: AsyncSession, rows: builtins.list[dict[str, Any]]
    ) -> dict[Key, tuple[uuid.UUID, bool]]:
        """INSERT ... ON CONFLICT (project, external key) DO UPDATE where a value differs.
        Returns key -> (id, created) for the rows written; a key missing was unchanged."""
        if not rows:
            return {}
        inserted = insert(TABLE).values(rows)
        incoming = {name: inserted.excluded[name] for name in ITEM_FIELDS}
        current = tuple_(*(TABLE.c[name] for name in ITEM_FIELDS))
        statement = inserted.on_conflict_do_update(
            index_elements=[TABLE.c.project_id, TABLE.c.external_source, TABLE.c.external_id],
            index_where=TABLE.c.external_source.is_not(None),
            set_={**incoming, "version": TABLE.c.version + 1, "updated_at": func.now()},
            where=current.is_distinct_from(tuple_(*incoming.values())),
        ).returning(
            TABLE.c.id,
            TABLE.c.external_source,
            TABLE.c.external_id,
            literal_column("xmax = 0").label("created"),
        )
        result = await session.execute(statement)
        return {(r.external_source, r.external_id): (r.id, r.created) for r in result}
