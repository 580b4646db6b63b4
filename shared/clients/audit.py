"""The audit log every service with writes exposes at ``GET /v1/audit-records``."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from shared.clients import Operation, TypedClient, WireModel, page_params
from shared.pagination import Page


class AuditAction(StrEnum):
    created = "created"
    updated = "updated"
    deleted = "deleted"
    imported = "imported"


class AuditRecordDTO(WireModel):
    id: uuid.UUID
    sequence: int
    occurred_at: datetime
    actor: str
    request_id: str | None = None
    action: AuditAction
    entity_type: str
    entity_id: uuid.UUID
    project_id: uuid.UUID | None = None
    changes: dict[str, Any]


LIST_AUDIT_RECORDS = Operation(
    "list_audit_records", "GET", "/v1/audit-records", Page[AuditRecordDTO]
)


class AuditEndpoints(TypedClient):
    """Part of the clients of the services that keep an audit log (projects, governance)."""

    async def list_audit_records(
        self,
        *,
        project_id: uuid.UUID | None = None,
        entity_type: str | None = None,
        entity_id: uuid.UUID | None = None,
        actor: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[AuditRecordDTO]:
        """Newest first."""
        params = page_params(
            limit,
            cursor,
            project_id=str(project_id) if project_id else None,
            entity_type=entity_type,
            entity_id=str(entity_id) if entity_id else None,
            actor=actor,
        )
        return await self.fetch(LIST_AUDIT_RECORDS, params=params)


__all__ = ["LIST_AUDIT_RECORDS", "AuditAction", "AuditEndpoints", "AuditRecordDTO"]
