from __future__ import annotations

import builtins
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Select,
    String,
    Uuid,
    any_,
    bindparam,
    delete,
    exists,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import my_role_column, viewer_of, visible_projects
from services.projects.models import Portfolio, Project
from shared.auth import Principal
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
    "created_at": Project.created_at.expression,
    "name": Project.name.expression,
    "code": Project.code.expression,
    "updated_at": Project.updated_at.expression,
}


PROJECT_COLUMNS = tuple(Project.__table__.c)

_GET = Query(select(*PROJECT_COLUMNS).where(Project.id == bindparam("project_id", type_=Uuid)))
_GET_WITH_ROLE = Query(
    select(*PROJECT_COLUMNS, my_role_column()).where(
        Project.id == bindparam("project_id", type_=Uuid)
    )
)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class ProjectFilters:
    """Allow-listed list filters; each given filter becomes one bound WHERE condition."""

    status: list[str] | None = None
    portfolio_id: uuid.UUID | None = None
    program_id: uuid.UUID | None = None
    tag: str | None = None
    q: str | None = None
    ids: list[uuid.UUID] | None = field(default=None)
    # True: the archived projects only (admin/pmo); otherwise archived ones are hidden.
    archived: bool = False

    def params(self) -> dict[str, Any]:
        values = {
            "status": self.status or None,
            "portfolio_id": self.portfolio_id,
            "program_id": self.program_id,
            "tags": [self.tag] if self.tag else None,
            "pattern": _like_pattern(self.q) if self.q else None,
            "ids": self.ids,
        }
        return {name: value for name, value in values.items() if value is not None}

    @staticmethod
    def apply(stmt: Select[Any], names: frozenset[str]) -> Select[Any]:
        if "status" in names:
            stmt = stmt.where(Project.status == any_(bindparam("status", type_=ARRAY(String))))
        if "portfolio_id" in names:
            stmt = stmt.where(Project.portfolio_id == bindparam("portfolio_id", type_=Uuid))
        if "program_id" in names:
            stmt = stmt.where(Project.program_id == bindparam("program_id", type_=Uuid))
        if "tags" in names:
            stmt = stmt.where(Project.tags.contains(bindparam("tags", type_=ARRAY(String))))
        if "pattern" in names:
            pattern = bindparam("pattern", type_=String)
            stmt = stmt.where(or_(Project.name.ilike(pattern), Project.code.ilike(pattern)))
        if "ids" in names:
            stmt = stmt.where(Project.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
        return stmt


def _first_pages_query(group: ColumnElement[Any], read_all: bool, with_status: bool) -> Query:
    """The first ``:limit`` projects (oldest first) of each portfolio (or program) in
    ``:group_ids`` the caller may see, in one query: the gateway's DataLoader batch."""
    conditions = [
        group == any_(bindparam("group_ids", type_=ARRAY(Uuid))),
        visible_projects(read_all),
    ]
    if with_status:
        conditions.append(Project.status == any_(bindparam("status", type_=ARRAY(String))))
    return Query(
        first_pages_query(PROJECT_COLUMNS, group, CREATED_SORT, Project.id.expression, *conditions)
    )


CREATED_SORT = SortSpec(name="created_at", column=Project.created_at.expression)
GROUPS: dict[str, ColumnElement[Any]] = {
    "portfolio_id": Project.portfolio_id.expression,
    "program_id": Project.program_id.expression,
}
_FIRST_PAGES = {
    (group, read_all, with_status): _first_pages_query(column, read_all, with_status)
    for group, column in GROUPS.items()
    for read_all in (True, False)
    for with_status in (True, False)
}


class ProjectRepository:
    """Reads are compiled Core statements run by the reader; writes use the ORM session."""

    def __init__(self) -> None:
        self._lists = QueryCache()

    async def get_with_role(
        self, reader: Reader, project_id: uuid.UUID, principal: Principal
    ) -> dict[str, Any] | None:
        """The project and, unless the caller reads everything anyway, their role on it, in
        one round trip."""
        if principal.can_read_all:
            return await reader.one(_GET, project_id=project_id)
        return await reader.one(_GET_WITH_ROLE, project_id=project_id, subject=principal.subject)

    async def list(
        self,
        reader: Reader,
        principal: Principal,
        filters: ProjectFilters,
        page: PageParams,
        sort: SortSpec,
    ) -> tuple[list[Any], str | None]:
        params = filters.params() | keyset_params(sort, page)
        names = frozenset(params)
        read_all = principal.can_read_all
        archived = filters.archived
        shape = (names, read_all, sort.name, archived)

        def build() -> Select[Any]:
            shown = Project.archived_at.is_not(None) if archived else visible_projects(read_all)
            stmt = select(*PROJECT_COLUMNS).where(shown)
            stmt = ProjectFilters.apply(stmt, names)
            return keyset(stmt, sort, Project.id.expression, after="after_id" in names)

        if (viewer := viewer_of(principal)) is not None:
            params.update(viewer.params())
        rows = await reader.all(self._lists.get(shape, build), **params)
        return page_of(rows, sort, str(sort.column.key), page)

    async def first_pages(
        self,
        reader: Reader,
        principal: Principal,
        group: str,
        group_ids: builtins.list[uuid.UUID],
        limit: int,
        status: builtins.list[str] | None,
    ) -> dict[uuid.UUID, dict[str, Any]]:
        """First pages of each group's projects: ``group`` is portfolio_id or program_id."""
        params: dict[str, Any] = {"group_ids": group_ids, "limit": limit + 1}
        if status:
            params["status"] = status
        if (viewer := viewer_of(principal)) is not None:
            params.update(viewer.params())
        query = _FIRST_PAGES[(group, principal.can_read_all, bool(status))]
        rows = await reader.all(query, **params)
        return first_pages_of(rows, group, limit, CREATED_SORT)

    async def portfolio_exists(self, session: AsyncSession, portfolio_id: uuid.UUID) -> bool:
        return bool(await session.scalar(select(exists().where(Portfolio.id == portfolio_id))))

    async def code_taken(self, session: AsyncSession, code: str) -> bool:
        return bool(await session.scalar(select(exists().where(Project.code == code))))

    async def load_for_update(self, session: AsyncSession, project_id: uuid.UUID) -> Project | None:
        return await session.get(Project, project_id, with_for_update=True)

    async def erase(self, session: AsyncSession, project_id: uuid.UUID) -> None:
        """Delete the project row (its plan, RAID log and baselines go by cascade) without
        the ORM, whose listener would record the delete a second time beside the purge's
        own audit record."""
        await session.execute(delete(Project).where(Project.id == project_id))
