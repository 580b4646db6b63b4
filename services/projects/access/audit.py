"""Who may read the projects service's audit log: the global read roles all of it, and
anyone with a role on a project that project's history (as they may read the project)."""

from __future__ import annotations

import uuid

from services.projects.access.service import ensure_can_read, read_role
from shared.audit_api import READERS
from shared.auth import Principal
from shared.errors import Forbidden
from shared.reads import Reader


async def project_history_readers(
    principal: Principal, reader: Reader, project_id: uuid.UUID | None
) -> None:
    if principal.can_read_all:
        return
    if project_id is None:
        roles = ", ".join(r.value for r in READERS)
        raise Forbidden(
            f"Reading the whole audit log needs one of the roles: {roles}; "
            "project members read their project's with ?project_id=."
        )
    ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
