"""The caller's role on a project, read with the project row (missing project: no row)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ARRAY, Uuid, any_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import Viewer, my_role_column, visible_projects
from services.projects.models import Project
from shared.reads import Query, Reader

_ROLE_STATEMENT = select(Project.id, Project.archived_at, my_role_column()).where(
    Project.id == bindparam("project_id", type_=Uuid)
)
_ROLE = Query(_ROLE_STATEMENT)
_PROJECTS_OF_PORTFOLIOS = Query(
    select(Project.id).where(
        Project.portfolio_id == any_(bindparam("portfolio_ids", type_=ARRAY(Uuid)))
    )
)
# How many of the projects in :project_ids the caller (:subject, :reach) may read.
_MEMBER_OF = Query(
    select(func.count().label("members")).where(
        Project.id == any_(bindparam("project_ids", type_=ARRAY(Uuid))),
        visible_projects(read_all=False),
    )
)


class AccessRepository:
    async def role(
        self, reader: Reader, subject: str, project_id: uuid.UUID
    ) -> dict[str, Any] | None:
        return await reader.one(_ROLE, project_id=project_id, subject=subject)

    async def readable_count(
        self, reader: Reader, viewer: Viewer, project_ids: list[uuid.UUID]
    ) -> int:
        row = await reader.one(_MEMBER_OF, project_ids=project_ids, **viewer.params())
        return int(row["members"]) if row is not None else 0

    async def role_in_transaction(
        self, session: AsyncSession, subject: str, project_id: uuid.UUID
    ) -> dict[str, Any] | None:
        """:meth:`role` on the session's connection, inside a write transaction."""
        result = await session.execute(
            _ROLE_STATEMENT, {"subject": subject, "project_id": project_id}
        )
        row = result.mappings().first()
        return dict(row) if row is not None else None

    async def projects_of_portfolios(
        self, reader: Reader, portfolio_ids: list[uuid.UUID]
    ) -> frozenset[uuid.UUID]:
        rows = await reader.all(_PROJECTS_OF_PORTFOLIOS, portfolio_ids=portfolio_ids)
        return frozenset(row["id"] for row in rows)
