"""The SQL every versioned document kind shares (standards, lifecycles, templates): one row
per revision, keyed by (key, revision), with a draft -> published -> retired status.

A base for a domain's repository, not a domain: each domain's ``repository`` module
subclasses it for its own model and adds what only it needs."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Generic, TypeVar, cast

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

from services.governance.models.base import Base
from shared.pagination import PageParams
from shared.reads import Query, QueryCache, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

M = TypeVar("M", bound=Base)


class VersionedRepository(Generic[M]):
    """Reads and locks of the revisions of one model. ``noun`` names the kind in messages
    ("standard"); ``columns`` is what reads answer (default: the table's columns)."""

    def __init__(
        self, model: type[M], noun: str, columns: Sequence[ColumnElement[Any]] | None = None
    ) -> None:
        self.model, self.noun = model, noun
        self.c = model.__table__.c
        self.columns = tuple(columns) if columns is not None else tuple(self.c)
        self._get = Query(select(*self.columns).where(self.c.id == bindparam("id", type_=Uuid)))
        self._lists = QueryCache()

    def row(self, row: dict[str, Any]) -> dict[str, Any]:
        """A read row as the API answers it (a subclass decodes its JSON columns)."""
        return row

    def where(self, stmt: Select[Any], names: frozenset[str]) -> Select[Any]:
        """The list filters given (``names``): status, key, ids; a subclass adds its own."""
        if "status" in names:
            stmt = stmt.where(self.c.status == bindparam("status", type_=String))
        if "key" in names:
            stmt = stmt.where(self.c.key == bindparam("key", type_=String))
        if "ids" in names:
            stmt = stmt.where(self.c.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
        return stmt

    async def get(self, reader: Reader, document_id: uuid.UUID) -> dict[str, Any] | None:
        row = await reader.one(self._get, id=document_id)
        return self.row(row) if row is not None else None

    async def list(
        self, reader: Reader, page: PageParams, sort: SortSpec, filters: Mapping[str, Any]
    ) -> tuple[builtins.list[Any], str | None]:
        params = {k: v for k, v in filters.items() if v is not None} | keyset_params(sort, page)
        names = frozenset(params)

        def build() -> Select[Any]:
            stmt = self.where(select(*self.columns), names)
            return keyset(stmt, sort, self.c.id, after="after_id" in names)

        rows = await reader.all(self._lists.get((names, sort.name), build), **params)
        items, cursor = page_of(rows, sort, str(sort.column.key), page)
        # The reader's rows are dicts: page_of hands them back as they came.
        return [self.row(cast(dict[str, Any], row)) for row in items], cursor

    async def key_exists(self, session: AsyncSession, key: str) -> bool:
        return bool(await session.scalar(select(exists().where(self.c.key == key))))

    async def latest_revision(self, session: AsyncSession, key: str) -> int:
        stmt = select(func.max(self.c.revision)).where(self.c.key == key)
        return int(await session.scalar(stmt) or 0)

    async def has_draft(self, session: AsyncSession, key: str) -> bool:
        stmt = select(exists().where(self.c.key == key, self.c.status == "draft"))
        return bool(await session.scalar(stmt))

    async def load(
        self, session: AsyncSession, document_id: uuid.UUID, *, for_update: bool = False
    ) -> M | None:
        return await session.get(self.model, document_id, with_for_update=for_update)

    async def published_of_key(self, session: AsyncSession, key: str) -> builtins.list[M]:
        """The key's published revisions, locked (publishing retires them)."""
        stmt = select(self.model).where(self.c.key == key, self.c.status == "published")
        return list((await session.scalars(stmt.with_for_update())).all())
