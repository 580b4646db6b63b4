from __future__ import annotations

import uuid

from sqlalchemy import Select, bindparam, exists, or_, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from services.projects.access import visible_projects
from services.projects.models import Portfolio, Project, ProjectMember
from shared.auth import Principal
from shared.pagination import PageParams
from shared.repository import SortSpec, keyset_page, page_of

PROJECT_COLUMNS = tuple(Project.__table__.c)

# Built once: constructing a SELECT costs more CPU than executing its cached compiled form.
_GET = select(*PROJECT_COLUMNS).where(Project.id == bindparam("project_id"))
_GET_WITH_ROLE = select(
    *PROJECT_COLUMNS,
    select(ProjectMember.role)
    .where(ProjectMember.project_id == Project.id, ProjectMember.user_id == bindparam("subject"))
    .scalar_subquery()
    .label("my_role"),
).where(Project.id == bindparam("project_id"))


class ProjectFilters:
    def __init__(
        self,
        *,
        status: list[str] | None = None,
        portfolio_id: uuid.UUID | None = None,
        tag: str | None = None,
        q: str | None = None,
        ids: list[uuid.UUID] | None = None,
    ) -> None:
        self.status, self.portfolio_id, self.tag, self.q, self.ids = (
            status,
            portfolio_id,
            tag,
            q,
            ids,
        )

    def apply(self, stmt: Select) -> Select:  # type: ignore[type-arg]
        if self.status:
            stmt = stmt.where(Project.status.in_(self.status))
        if self.portfolio_id is not None:
            stmt = stmt.where(Project.portfolio_id == self.portfolio_id)
        if self.tag:
            stmt = stmt.where(Project.tags.contains([self.tag]))
        if self.q:
            pattern = (
                "%" + self.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            stmt = stmt.where(or_(Project.name.ilike(pattern), Project.code.ilike(pattern)))
        if self.ids is not None:
            stmt = stmt.where(Project.id.in_(self.ids))
        return stmt


class ProjectRepository:
    async def get_with_role(
        self, conn: AsyncConnection, project_id: uuid.UUID, principal: Principal
    ) -> RowMapping | None:
        """The project and, unless the caller reads everything anyway, their role on it, in
        one round trip."""
        if principal.can_read_all:
            return (await conn.execute(_GET, {"project_id": project_id})).mappings().first()
        params = {"project_id": project_id, "subject": principal.subject}
        return (await conn.execute(_GET_WITH_ROLE, params)).mappings().first()

    async def list(
        self,
        conn: AsyncConnection,
        principal: Principal,
        filters: ProjectFilters,
        page: PageParams,
        sort: SortSpec,
    ) -> tuple[list[RowMapping], str | None]:
        stmt = filters.apply(select(*PROJECT_COLUMNS).where(visible_projects(principal)))
        rows = (await conn.execute(keyset_page(stmt, sort, Project.id, page))).mappings().all()
        return page_of(rows, sort, sort.column.key, page)

    async def portfolio_exists(self, session: AsyncSession, portfolio_id: uuid.UUID) -> bool:
        return bool(await session.scalar(select(exists().where(Portfolio.id == portfolio_id))))

    async def code_taken(self, session: AsyncSession, code: str) -> bool:
        return bool(await session.scalar(select(exists().where(Project.code == code))))

    async def load_for_update(self, session: AsyncSession, project_id: uuid.UUID) -> Project | None:
        return await session.get(Project, project_id, with_for_update=True)
