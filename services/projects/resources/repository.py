from __future__ import annotations

import builtins
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    String,
    Table,
    Uuid,
    any_,
    bindparam,
    exists,
    func,
    literal_column,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.models import (
    Assignment,
    Calendar,
    Resource,
    ResourceRate,
    ResourceTimeOff,
)
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

SORTS: dict[str, ColumnElement[Any]] = {
    "created_at": Resource.created_at.expression,
    "name": Resource.name.expression,
}
COLUMNS = tuple(Resource.__table__.c)
TABLE: Table = Resource.__table__  # type: ignore[assignment]
# What an HR push may set; the rest (id, timestamps, version) is the service's.
ITEM_FIELDS = (
    "kind",
    "name",
    "email",
    "role_name",
    "skills",
    "max_units",
    "calendar_id",
    "active",
)
Key = tuple[str, str]

_GET = Query(select(*COLUMNS).where(Resource.id == bindparam("resource_id", type_=Uuid)))


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class ResourceFilters:
    kind: str | None = None
    skill: str | None = None
    q: str | None = None
    active: bool | None = None

    def params(self) -> dict[str, Any]:
        values = {"kind": self.kind, "skill": self.skill, "active": self.active}
        params = {name: value for name, value in values.items() if value is not None}
        if self.q:
            params["q"] = _like_pattern(self.q)
        return params

    @staticmethod
    def apply(stmt: Select[Any], names: frozenset[str]) -> Select[Any]:
        if "kind" in names:
            stmt = stmt.where(Resource.kind == bindparam("kind", type_=String))
        if "skill" in names:
            stmt = stmt.where(bindparam("skill", type_=String) == any_(Resource.skills))
        if "active" in names:
            stmt = stmt.where(Resource.active == bindparam("active", type_=Boolean))
        if "q" in names:
            pattern = bindparam("q", type_=String)
            stmt = stmt.where(Resource.name.ilike(pattern) | Resource.role_name.ilike(pattern))
        return stmt


class ResourceRepository:
    """Reads are compiled Core statements run by the reader; writes use the ORM session."""

    def __init__(self) -> None:
        self._lists = QueryCache()

    async def get(self, reader: Reader, resource_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_GET, resource_id=resource_id)

    async def list(
        self, reader: Reader, filters: ResourceFilters, page: PageParams, sort: SortSpec
    ) -> tuple[builtins.list[Any], str | None]:
        params = {**filters.params(), **keyset_params(sort, page)}
        names = frozenset(params)

        def build() -> Select[Any]:
            stmt = ResourceFilters.apply(select(*COLUMNS), names)
            return keyset(stmt, sort, Resource.id.expression, after="after_id" in names)

        rows = await reader.all(self._lists.get((names, sort.name), build), **params)
        return page_of(rows, sort, str(sort.column.key), page)

    async def exists(self, session: AsyncSession, resource_id: uuid.UUID) -> bool:
        return bool(await session.scalar(select(exists().where(Resource.id == resource_id))))

    async def has_assignments(self, session: AsyncSession, resource_id: uuid.UUID) -> bool:
        condition = exists().where(Assignment.resource_id == resource_id)
        return bool(await session.scalar(select(condition)))

    async def load_for_update(
        self, session: AsyncSession, resource_id: uuid.UUID
    ) -> Resource | None:
        return await session.get(Resource, resource_id, with_for_update=True)

    async def known_calendars(
        self, session: AsyncSession, ids: Iterable[uuid.UUID]
    ) -> set[uuid.UUID]:
        wanted = list(set(ids))
        if not wanted:
            return set()
        return set(await session.scalars(select(Calendar.id).where(Calendar.id.in_(wanted))))

    async def external_key_taken(
        self, session: AsyncSession, key: Key, other_than: uuid.UUID | None
    ) -> bool:
        condition = exists().where(
            Resource.external_source == key[0], Resource.external_id == key[1]
        )
        if other_than is not None:
            condition = condition.where(Resource.id != other_than)
        return bool(await session.scalar(select(condition)))

    # -- rates ---------------------------------------------------------------------------

    async def rates(
        self, session: AsyncSession, resource_id: uuid.UUID
    ) -> builtins.list[ResourceRate]:
        statement = (
            select(ResourceRate)
            .where(ResourceRate.resource_id == resource_id)
            .order_by(ResourceRate.effective_from)
        )
        return builtins.list(await session.scalars(statement))

    async def rate_at(
        self, session: AsyncSession, resource_id: uuid.UUID, day: date
    ) -> ResourceRate | None:
        """The rate in force on ``day``: the latest one effective on or before it."""
        statement = (
            select(ResourceRate)
            .where(ResourceRate.resource_id == resource_id, ResourceRate.effective_from <= day)
            .order_by(ResourceRate.effective_from.desc())
            .limit(1)
        )
        return await session.scalar(statement)

    async def rate_day_taken(
        self, session: AsyncSession, resource_id: uuid.UUID, day: date
    ) -> bool:
        condition = exists().where(
            ResourceRate.resource_id == resource_id, ResourceRate.effective_from == day
        )
        return bool(await session.scalar(select(condition)))

    async def load_rate(
        self, session: AsyncSession, resource_id: uuid.UUID, rate_id: uuid.UUID
    ) -> ResourceRate | None:
        rate = await session.get(ResourceRate, rate_id, with_for_update=True)
        return rate if rate is not None and rate.resource_id == resource_id else None

    # -- time off ------------------------------------------------------------------------

    async def time_off(
        self, session: AsyncSession, resource_id: uuid.UUID
    ) -> builtins.list[ResourceTimeOff]:
        statement = (
            select(ResourceTimeOff)
            .where(ResourceTimeOff.resource_id == resource_id)
            .order_by(ResourceTimeOff.from_date)
        )
        return builtins.list(await session.scalars(statement))

    async def overlapping_time_off(
        self, session: AsyncSession, resource_id: uuid.UUID, first: date, last: date
    ) -> ResourceTimeOff | None:
        statement = select(ResourceTimeOff).where(
            ResourceTimeOff.resource_id == resource_id,
            ResourceTimeOff.from_date <= last,
            ResourceTimeOff.to_date >= first,
        )
        return await session.scalar(statement.limit(1))

    async def load_time_off(
        self, session: AsyncSession, resource_id: uuid.UUID, time_off_id: uuid.UUID
    ) -> ResourceTimeOff | None:
        period = await session.get(ResourceTimeOff, time_off_id, with_for_update=True)
        return period if period is not None and period.resource_id == resource_id else None

    # -- bulk ----------------------------------------------------------------------------

    async def current_rows(
        self, session: AsyncSession, keys: Iterable[Key]
    ) -> dict[Key, dict[str, Any]]:
        """The stored records of these keys, locked until the transaction ends: the audit
        log records what each update of a push changed."""
        wanted = builtins.list(set(keys))
        if not wanted:
            return {}
        statement = (
            select(*COLUMNS)
            .where(
                external_key_in(Resource.external_source, Resource.external_id),
            )
            .with_for_update()
        )
        params = external_key_params(wanted)
        rows = await session.execute(statement, params)
        return {(r.external_source, r.external_id): dict(r._mapping) for r in rows}

    async def upsert(
        self, session: AsyncSession, rows: builtins.list[dict[str, Any]]
    ) -> dict[Key, tuple[uuid.UUID, bool]]:
        """INSERT ... ON CONFLICT (external key) DO UPDATE where a value differs.
        Returns key -> (id, created) for the rows written; a key missing was unchanged."""
        if not rows:
            return {}
        inserted = insert(TABLE).values(rows)
        incoming = {name: inserted.excluded[name] for name in ITEM_FIELDS}
        current = tuple_(*(TABLE.c[name] for name in ITEM_FIELDS))
        statement = inserted.on_conflict_do_update(
            index_elements=[TABLE.c.external_source, TABLE.c.external_id],
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
