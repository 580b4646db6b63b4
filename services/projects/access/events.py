"""Who may read the projects service's change feed (``shared.events.feed.access``)."""

from __future__ import annotations

import uuid

from fastapi import Request

from services.projects.access.service import ensure_can_read, read_role
from shared.auth import Principal
from shared.events.feed.access import needs_project
from shared.reads import Reader


async def event_readers(
    principal: Principal, request: Request, reader: Reader, project_id: uuid.UUID | None
) -> None:
    if needs_project(principal, project_id):
        assert project_id is not None
        ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
