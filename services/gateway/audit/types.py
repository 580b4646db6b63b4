"""The audit log of a service: who changed what, newest first."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from services.gateway.relay.node import Node
from shared.clients.audit import AuditRecordDTO


@strawberry.enum(description="The services that keep an audit log.")
class AuditedService(Enum):
    PROJECTS = "projects"
    GOVERNANCE = "governance"


@strawberry.type(description="One write: who made it, when, and the fields it changed.")
class AuditRecord(Node):
    id: strawberry.ID
    sequence: int
    occurred_at: datetime
    actor: str
    request_id: str | None
    action: str = strawberry.field(description="created, updated, deleted or imported.")
    entity_type: str = strawberry.field(description="The table, e.g. tasks or standards.")
    entity_id: strawberry.ID
    project_id: strawberry.ID | None
    changes: JSON = strawberry.field(description='Field name -> {"old": ..., "new": ...}.')

    @classmethod
    def from_dto(cls, dto: AuditRecordDTO) -> AuditRecord:
        return cls(
            id=strawberry.ID(str(dto.id)),
            sequence=dto.sequence,
            occurred_at=dto.occurred_at,
            actor=dto.actor,
            request_id=dto.request_id,
            action=dto.action.value,
            entity_type=dto.entity_type,
            entity_id=strawberry.ID(str(dto.entity_id)),
            project_id=strawberry.ID(str(dto.project_id)) if dto.project_id else None,
            changes=JSON(dto.changes),
        )
