"""Lifecycles (governance): ordered phases with a gate between each pair of consecutive
phases, and the revision a project follows."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from services.gateway.context import Info
from services.gateway.projects.types import ProjectStatus
from services.gateway.relay.node import Node
from services.gateway.values import gid
from shared.clients.governance.lifecycles import (
    GateDTO,
    LifecycleDTO,
    PhaseDTO,
    ProjectLifecycleDTO,
)


@strawberry.enum
class LifecycleStatus(Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


@strawberry.enum(description="Who decides at a gate.")
class ApproverRole(Enum):
    ADMIN = strawberry.enum_value("admin", description="Global role.")
    PMO = strawberry.enum_value("pmo", description="Global role.")
    EXECUTIVE = strawberry.enum_value("executive", description="Global role.")
    MANAGER = strawberry.enum_value("manager", description="A manager member of the project.")
    SPONSOR = strawberry.enum_value("sponsor", description="The project's named sponsor.")


@strawberry.enum
class GateRuleSeverity(Enum):
    INFO = "info"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


@strawberry.type(description="A phase of a lifecycle.")
class LifecyclePhase:
    key: str
    name: str
    description: str
    project_status: ProjectStatus | None = strawberry.field(
        description="The status the project takes on entering the phase."
    )

    @classmethod
    def from_dto(cls, dto: PhaseDTO) -> LifecyclePhase:
        status = ProjectStatus(dto.project_status.value) if dto.project_status else None
        return cls(key=dto.key, name=dto.name, description=dto.description, project_status=status)


@strawberry.type(description="A rule checked automatically at a gate.")
class GateRule:
    kind: str
    params: JSON
    severity: GateRuleSeverity


@strawberry.type
class GateChecklistItem:
    key: str
    text: str
    required: bool


@strawberry.type(description="The gate into toPhase from the phase before it.")
class Gate:
    from_phase: str
    to_phase: str
    name: str
    rules: list[GateRule]
    checklist: list[GateChecklistItem]
    approver_roles: list[ApproverRole]

    @classmethod
    def from_dto(cls, dto: GateDTO) -> Gate:
        return cls(
            from_phase=dto.from_phase,
            to_phase=dto.to_phase,
            name=dto.name,
            rules=[
                GateRule(kind=r.kind, params=JSON(r.params), severity=GateRuleSeverity(r.severity))
                for r in dto.rules
            ],
            checklist=[
                GateChecklistItem(key=i.key, text=i.text, required=i.required)
                for i in dto.checklist
            ],
            approver_roles=[ApproverRole(role.value) for role in dto.approver_roles],
        )


@strawberry.type(description="One revision of a lifecycle.")
class Lifecycle(Node):
    id: strawberry.ID
    key: str
    revision: int
    name: str
    description: str
    status: LifecycleStatus
    phases: list[LifecyclePhase]
    gates: list[Gate]
    published_at: datetime | None
    retired_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def from_dto(cls, dto: LifecycleDTO) -> Lifecycle:
        return cls(
            id=gid(dto.id),
            key=dto.key,
            revision=dto.revision,
            name=dto.name,
            description=dto.description,
            status=LifecycleStatus(dto.status.value),
            phases=[LifecyclePhase.from_dto(p) for p in dto.phases],
            gates=[Gate.from_dto(g) for g in dto.gates],
            published_at=dto.published_at,
            retired_at=dto.retired_at,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
        )


@strawberry.type(description="The lifecycle revision a project follows.")
class ProjectLifecycle(Node):
    id: strawberry.ID
    project_id: strawberry.ID
    assigned_at: datetime
    assigned_by: str
    version: int
    lifecycle_uuid: strawberry.Private[uuid.UUID]

    @strawberry.field
    async def lifecycle(self, info: Info) -> Lifecycle:
        return Lifecycle.from_dto(
            await info.context.loaders.lifecycles.lifecycle.load(self.lifecycle_uuid)
        )

    @classmethod
    def from_dto(cls, dto: ProjectLifecycleDTO) -> ProjectLifecycle:
        return cls(
            id=gid(dto.id),
            project_id=gid(dto.project_id),
            assigned_at=dto.assigned_at,
            assigned_by=dto.assigned_by,
            version=dto.version,
            lifecycle_uuid=dto.lifecycle_id,
        )
