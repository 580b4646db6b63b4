from __future__ import annotations

import builtins
import uuid
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Select, Uuid, any_, bindparam, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.models import Portfolio, Program, Project
from shared.pagination import PageParams
from shared.reads import Query, QueryCache, Reader
from shared.repository import (
    SortSpec,
    first_pages_of,
    first_pages_query,
    keyset,
    keyset_params,
    page_of,
)

SORTS: dict[str, ColumnElement[Any]] = {
    "created_at": Program.created_at.expression,
    "name": Program.name.expression,
}
COLUMNS = tuple(Program.__table__.c)
CREATED_SORT = SortSpec(name="created_at", column=SORTS["created_at"])

_GET = Query(select(*COLUMNS).where(Program.id == bindparam("program_id", type_=Uuid)))
_FIRST_PAGES = Query(
    first_pages_query(
        COLUMNS,
        Program.portfolio_id.expression,
        CREATED_SORT,
        Program.id.expression,
        Program.portfolio_id == any_(bindparam("portfolio_ids", type_=ARRAY(Uuid))),
    )
)


class ProgramRepository:
    """Reads are compiled Core statements run by the reader; writes use the ORM session."""

    def __init__(self) -> None:
        self._lists = QueryCache()

    async def get(self, reader: Reader, program_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_GET, program_id=program_id)

    async def list(
        self,
        reader: Reader,
        page: PageParams,
        sort: SortSpec,
        portfolio_id: uuid.UUID | None,
        ids: builtins.list[uuid.UUID] | None,
    ) -> tuple[builtins.list[Any], str | None]:
        params = keyset_params(sort, page)
        if portfolio_id is not None:
            params["portfolio_id"] = portfolio_id
        if ids is not None:
            params["ids"] = ids
        names = frozenset(params)

        def build() -> Select[Any]:
            stmt = select(*COLUMNS)
            if "portfolio_id" in names:
                stmt = stmt.where(Program.portfolio_id == bindparam("portfolio_id", type_=Uuid))
            if "ids" in names:
                stmt = stmt.where(Program.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
            return keyset(stmt, sort, Program.id.expression, after="after_id" in names)

        rows = await reader.all(self._lists.get((names, sort.name), build), **params)
        return page_of(rows, sort, str(sort.column.key), page)

    async def first_pages(
        self, reader: Reader, portfolio_ids: builtins.list[uuid.UUID], limit: int
    ) -> dict[uuid.UUID, dict[str, Any]]:
        """The first ``limit`` programs (oldest first) of each portfolio, in one query."""
        rows = await reader.all(_FIRST_PAGES, portfolio_ids=portfolio_ids, limit=limit + 1)
        return first_pages_of(rows, "portfolio_id", limit, CREATED_SORT)

    async def portfolio_exists(self, session: AsyncSession, portfolio_id: uuid.UUID) -> bool:
        return bool(await session.scalar(select(exists().where(Portfolio.id == portfolio_id))))

    async def name_taken(
        self,
        session: AsyncSession,
        portfolio_id: uuid.UUID,
        name: str,
        other_than: uuid.UUID | None = None,
    ) -> bool:
        condition = exists().where(Program.portfolio_id == portfolio_id, Program.name == name)
        if other_than is not None:
            condition = condition.where(Program.id != other_than)
        return bool(await session.scalar(select(condition)))

    async def portfolio_of(self, session: AsyncSession, program_id: uuid.UUID) -> uuid.UUID | None:
        """The program's portfolio; None: no such program."""
        return await session.scalar(select(Program.portfolio_id).where(Program.id == program_id))

    async def project_count(self, session: AsyncSession, program_id: uuid.UUID) -> int:
        """Every project of the program, whoever may see it."""
        count = await session.scalar(
            select(func.count()).select_from(Project).where(Project.program_id == program_id)
        )
        return int(count or 0)

    async def load_for_update(self, session: AsyncSession, program_id: uuid.UUID) -> Program | None:
        return await session.get(Program, program_id, with_for_update=True)
