"""A project's deliverables register (governance)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from services.gateway.relay.node import Node
from services.gateway.values import gid
from shared.clients.governance.deliverables import DeliverableDTO


@strawberry.enum(description="Submitted and accepted deliverables count as present for rules.")
class DeliverableStatus(Enum):
    PLANNED = "planned"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"


@strawberry.type(description="An entry of a project's deliverables register.")
class Deliverable(Node):
    id: strawberry.ID
    project_id: strawberry.ID
    key: str
    name: str
    status: DeliverableStatus
    url: str | None
    evidence: str | None
    submitted_by: str | None
    submitted_at: datetime | None
    accepted_by: str | None
    accepted_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def from_dto(cls, dto: DeliverableDTO) -> Deliverable:
        return cls(
            id=gid(dto.id),
            project_id=gid(dto.project_id),
            key=dto.key,
            name=dto.name,
            status=DeliverableStatus(dto.status.value),
            url=dto.url,
            evidence=dto.evidence,
            submitted_by=dto.submitted_by,
            submitted_at=dto.submitted_at,
            accepted_by=dto.accepted_by,
            accepted_at=dto.accepted_at,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
        )
