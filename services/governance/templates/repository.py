from __future__ import annotations

import builtins
import uuid
from typing import Any

import orjson
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
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.models import Template, TemplateInstantiation
from shared.pagination import PageParams
from shared.reads import Query, QueryCache, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

SORTS: dict[str, ColumnElement[Any]] = {
    "created_at": Template.created_at.expression,
    "key": Template.key.expression,
    "name": Template.name.expression,
}
INSTANTIATION_SORTS: dict[str, ColumnElement[Any]] = {
    "instantiated_at": TemplateInstantiation.instantiated_at.expression,
}

TEMPLATE_COLUMNS = tuple(Template.__table__.c)
JSON_COLUMNS = ("tasks", "dependencies", "raid", "deliverables")
INSTANTIATION_COLUMNS = tuple(TemplateInstantiation.__table__.c)

_GET = Query(select(*TEMPLATE_COLUMNS).where(Template.id == bindparam("template_id", type_=Uuid)))


def _with_json(row: dict[str, Any]) -> dict[str, Any]:
    # The read pool hands jsonb back as text: sent on as it is, never parsed.
    for name in JSON_COLUMNS:
        if isinstance(row[name], str):
            row[name] = orjson.Fragment(row[name])
    return row


class TemplateRepository:
    def __init__(self) -> None:
        self._lists = QueryCache()

    async def get(self, reader: Reader, template_id: uuid.UUID) -> dict[str, Any] | None:
        row = await reader.one(_GET, template_id=template_id)
        return _with_json(row) if row is not None else None

    async def list(
        self,
        reader: Reader,
        page: PageParams,
        sort: SortSpec,
        *,
        filters: dict[str, Any],
    ) -> tuple[builtins.list[Any], str | None]:
        params = {k: v for k, v in filters.items() if v is not None} | keyset_params(sort, page)
        names = frozenset(params)

        def build() -> Select[Any]:
            stmt = select(*TEMPLATE_COLUMNS)
            for name in ("status", "key", "category"):
                if name in names:
                    stmt = stmt.where(Template.__table__.c[name] == bindparam(name, type_=String))
            if "tag" in names:
                stmt = stmt.where(bindparam("tag", type_=String) == any_(Template.tags))
            if "ids" in names:
                stmt = stmt.where(Template.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
            return keyset(stmt, sort, Template.id.expression, after="after_id" in names)

        rows = await reader.all(self._lists.get((names, sort.name), build), **params)
        items, cursor = page_of(rows, sort, str(sort.column.key), page)
        return [_with_json(dict(row)) for row in items], cursor

    async def key_exists(self, session: AsyncSession, key: str) -> bool:
        return bool(await session.scalar(select(exists().where(Template.key == key))))

    async def latest_revision(self, session: AsyncSession, key: str) -> int:
        stmt = select(func.max(Template.revision)).where(Template.key == key)
        return int(await session.scalar(stmt) or 0)

    async def has_draft(self, session: AsyncSession, key: str) -> bool:
        stmt = select(exists().where(Template.key == key, Template.status == "draft"))
        return bool(await session.scalar(stmt))

    async def load(
        self, session: AsyncSession, template_id: uuid.UUID, *, for_update: bool
    ) -> Template | None:
        return await session.get(Template, template_id, with_for_update=for_update)

    async def published_of_key(self, session: AsyncSession, key: str) -> builtins.list[Template]:
        stmt = select(Template).where(Template.key == key, Template.status == "published")
        return list((await session.scalars(stmt.with_for_update())).all())


class InstantiationRepository:
    def __init__(self) -> None:
        self._lists = QueryCache()

    async def add_once(self, session: AsyncSession, record: TemplateInstantiation) -> bool:
        """Adds the record; False when the project already has one (a concurrent twin wrote
        it first: the unique index makes this insert wait for the twin's commit)."""
        try:
            async with session.begin_nested():
                session.add(record)
                await session.flush()
        except IntegrityError:
            if await self.of_project(session, record.project_id) is None:
                raise
            return False
        return True

    async def of_project(
        self, session: AsyncSession, project_id: uuid.UUID
    ) -> TemplateInstantiation | None:
        stmt = select(TemplateInstantiation).where(TemplateInstantiation.project_id == project_id)
        return (await session.scalars(stmt)).first()

    async def list_for_template(
        self,
        reader: Reader,
        template_id: uuid.UUID,
        page: PageParams,
        sort: SortSpec,
        by: str | None,
    ) -> tuple[builtins.list[Any], str | None]:
        params = {"template_id": template_id} | keyset_params(sort, page)
        if by is not None:
            params["by"] = by
        names = frozenset(params)

        def build() -> Select[Any]:
            record = TemplateInstantiation
            stmt = select(*INSTANTIATION_COLUMNS).where(
                record.template_id == bindparam("template_id", type_=Uuid)
            )
            if "by" in names:
                stmt = stmt.where(record.instantiated_by == bindparam("by", type_=String))
            return keyset(stmt, sort, record.id.expression, after="after_id" in names)

        rows = await reader.all(self._lists.get((names, sort.name), build), **params)
        return page_of(rows, sort, str(sort.column.key), page)
