from __future__ import annotations

import builtins
import uuid
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Select, String, Uuid, any_, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.models import Template, TemplateInstantiation
from services.governance.versioning.store import VersionedRepository
from shared.pagination import PageParams
from shared.reads import QueryCache, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

SORTS: dict[str, ColumnElement[Any]] = {
    "created_at": Template.created_at.expression,
    "key": Template.key.expression,
    "name": Template.name.expression,
}
INSTANTIATION_SORTS: dict[str, ColumnElement[Any]] = {
    "instantiated_at": TemplateInstantiation.instantiated_at.expression,
}

JSON_COLUMNS = ("tasks", "dependencies", "raid", "deliverables")
INSTANTIATION_COLUMNS = tuple(TemplateInstantiation.__table__.c)


def _with_json(row: dict[str, Any]) -> dict[str, Any]:
    # The read pool hands jsonb back as text: sent on as it is, never parsed.
    for name in JSON_COLUMNS:
        if isinstance(row[name], str):
            row[name] = orjson.Fragment(row[name])
    return row


class TemplateRepository(VersionedRepository[Template]):
    def __init__(self) -> None:
        super().__init__(Template, "template")

    def row(self, row: dict[str, Any]) -> dict[str, Any]:
        return _with_json(row)

    def where(self, stmt: Select[Any], names: frozenset[str]) -> Select[Any]:
        stmt = super().where(stmt, names)
        if "category" in names:
            stmt = stmt.where(Template.category == bindparam("category", type_=String))
        if "tag" in names:
            stmt = stmt.where(bindparam("tag", type_=String) == any_(Template.tags))
        return stmt


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
