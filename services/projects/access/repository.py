"""The caller's role on a project, read with the project row (missing project: no row)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Uuid, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import my_role_column
from services.projects.models import Project
from shared.reads import Query, Reader

_ROLE_STATEMENT = select(Project.id, Project.archived_at, my_role_column()).where(
    Project.id == bindparam("project_id", type_=Uuid)
)
_ROLE = Query(_ROLE_STATEMENT)


class AccessRepository:
    async def role(
        self, reader: Reader, subject: str, project_id: uuid.UUID
    ) -> dict[str, Any] | None:
        return await reader.one(_ROLE, project_id=project_id, subject=subject)

    async def role_in_transaction(
        self, session: AsyncSession, subject: str, project_id: uuid.UUID
    ) -> dict[str, Any] | None:
        """:meth:`role` on the session's connection, inside a write transaction."""
        result = await session.execute(
            _ROLE_STATEMENT, {"subject": subject, "project_id": project_id}
        )
        row = result.mappings().first()
        return dict(row) if row is not None else None
