"""The audit log every service with writes exposes at ``GET /v1/audit-records``."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from shared.clients import TypedClient, WireModel
from shared.pagination import Page


class AuditRecordDTO(WireModel):
    id: uuid.UUID
    sequence: int
    occurred_at: datetime
    actor: str
    request_id: str | None = None
    action: str
    entity_type: str
    entity_id: uuid.UUID
    project_id: uuid.UUID | None = None
    changes: dict[str, Any]


AuditPage = Page[AuditRecordDTO]


async def list_audit_records(
    client: TypedClient,
    *,
    project_id: uuid.UUID | None = None,
    entity_type: str | None = None,
    entity_id: uuid.UUID | None = None,
    actor: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[AuditRecordDTO]:
    """Newest first. A function over any client: projects and governance share the route."""
    given = {
        "project_id": project_id,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "actor": actor,
        "limit": limit,
        "cursor": cursor,
    }
    params = {name: str(value) for name, value in given.items() if value is not None}
    return await client.get_model("/v1/audit-records", AuditPage, params)
