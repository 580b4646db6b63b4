"""Lifecycles (governance service): versioned phases with a gate between each pair of
consecutive phases, and the revision each project follows."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from shared.clients import InputModel, Operation, TypedClient, WireModel, page_params
from shared.clients.projects.projects import ProjectStatus
from shared.pagination import Page


class LifecycleStatus(StrEnum):
    draft = "draft"
    published = "published"
    retired = "retired"


# Shared with the governance service's schemas (one vocabulary on both sides).
class ApproverRole(StrEnum):
    """``admin``, ``pmo`` and ``executive``: global roles; ``manager``: a manager member of
    the project; ``sponsor``: the user the project names as its sponsor."""

    admin = "admin"
    pmo = "pmo"
    executive = "executive"
    manager = "manager"
    sponsor = "sponsor"


class RuleSeverity(StrEnum):
    info = "info"
    minor = "minor"
    major = "major"
    critical = "critical"


class PhaseDTO(WireModel):
    key: str
    name: str
    description: str = ""
    project_status: ProjectStatus | None = None


class GateRuleDTO(WireModel):
    kind: str
    params: dict[str, Any] = Field(default_factory=dict)
    severity: RuleSeverity = RuleSeverity.major


class ChecklistItemDTO(WireModel):
    key: str
    text: str
    required: bool = True


class GateDTO(WireModel):
    from_phase: str
    to_phase: str
    name: str = ""
    rules: list[GateRuleDTO] = Field(default_factory=list)
    checklist: list[ChecklistItemDTO] = Field(default_factory=list)
    approver_roles: list[ApproverRole]


class LifecycleDTO(WireModel):
    id: uuid.UUID
    key: str
    revision: int
    name: str
    description: str
    status: LifecycleStatus
    phases: list[PhaseDTO]
    gates: list[GateDTO]
    published_at: datetime | None = None
    retired_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class PhaseIn(InputModel):
    key: str
    name: str
    description: str = ""
    project_status: ProjectStatus | None = None


class GateRuleIn(InputModel):
    kind: str
    params: dict[str, Any] = Field(default_factory=dict)
    severity: RuleSeverity = RuleSeverity.major


class ChecklistItemIn(InputModel):
    key: str
    text: str
    required: bool = True


class GateIn(InputModel):
    from_phase: str
    to_phase: str
    name: str = ""
    rules: list[GateRuleIn] = Field(default_factory=list)
    checklist: list[ChecklistItemIn] = Field(default_factory=list)
    approver_roles: list[ApproverRole]


class LifecycleCreate(InputModel):
    key: str
    name: str
    description: str = ""
    phases: list[PhaseIn]
    gates: list[GateIn]


class LifecycleUpdate(InputModel):
    name: str | None = None
    description: str | None = None
    phases: list[PhaseIn] | None = None
    gates: list[GateIn] | None = None


class LifecycleAssign(InputModel):
    lifecycle_id: uuid.UUID


class ProjectLifecycleDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    lifecycle_id: uuid.UUID
    assigned_at: datetime
    assigned_by: str
    created_at: datetime
    updated_at: datetime
    version: int


ONE = "/v1/lifecycles/{lifecycle_id}"
PROJECT_LIFECYCLE = "/v1/projects/{project_id}/lifecycle"
LIST_LIFECYCLES = Operation("list_lifecycles", "GET", "/v1/lifecycles", Page[LifecycleDTO])
GET_LIFECYCLE = Operation("get_lifecycle", "GET", ONE, LifecycleDTO)
CREATE_LIFECYCLE = Operation(
    "create_lifecycle", "POST", "/v1/lifecycles", LifecycleDTO, body=LifecycleCreate
)
UPDATE_LIFECYCLE = Operation("update_lifecycle", "PATCH", ONE, LifecycleDTO, body=LifecycleUpdate)
PUBLISH_LIFECYCLE = Operation("publish_lifecycle", "POST", ONE + "/publish", LifecycleDTO)
RETIRE_LIFECYCLE = Operation("retire_lifecycle", "POST", ONE + "/retire", LifecycleDTO)
REVISE_LIFECYCLE = Operation("create_lifecycle_revision", "POST", ONE + "/revisions", LifecycleDTO)
ASSIGN_LIFECYCLE = Operation(
    "assign_project_lifecycle", "PUT", PROJECT_LIFECYCLE, ProjectLifecycleDTO, body=LifecycleAssign
)
GET_PROJECT_LIFECYCLE = Operation(
    "get_project_lifecycle", "GET", PROJECT_LIFECYCLE, ProjectLifecycleDTO
)


class LifecycleEndpoints(TypedClient):
    async def list_lifecycles(
        self,
        *,
        status: LifecycleStatus | None = None,
        key: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[LifecycleDTO]:
        params = page_params(limit, cursor, status=status.value if status else None, key=key)
        return await self.fetch(LIST_LIFECYCLES, params=params)

    async def lifecycles_by_ids(self, ids: list[uuid.UUID]) -> list[LifecycleDTO]:
        return await self.fetch_in_batches(LIST_LIFECYCLES, "ids", ids)

    async def get_lifecycle(self, lifecycle_id: uuid.UUID) -> LifecycleDTO:
        return await self.fetch(GET_LIFECYCLE, path={"lifecycle_id": lifecycle_id})

    async def create_lifecycle(
        self, data: LifecycleCreate, *, idempotency_key: str | None = None
    ) -> LifecycleDTO:
        return await self.send(CREATE_LIFECYCLE, data, idempotency_key=idempotency_key)

    async def update_lifecycle(
        self,
        lifecycle_id: uuid.UUID,
        data: LifecycleUpdate,
        *,
        expected_version: int | None = None,
    ) -> LifecycleDTO:
        return await self.send(
            UPDATE_LIFECYCLE,
            data,
            path={"lifecycle_id": lifecycle_id},
            expected_version=expected_version,
        )

    async def publish_lifecycle(
        self, lifecycle_id: uuid.UUID, *, expected_version: int | None = None
    ) -> LifecycleDTO:
        return await self.send(
            PUBLISH_LIFECYCLE,
            path={"lifecycle_id": lifecycle_id},
            expected_version=expected_version,
        )

    async def retire_lifecycle(
        self, lifecycle_id: uuid.UUID, *, expected_version: int | None = None
    ) -> LifecycleDTO:
        path = {"lifecycle_id": lifecycle_id}
        return await self.send(RETIRE_LIFECYCLE, path=path, expected_version=expected_version)

    async def revise_lifecycle(
        self, lifecycle_id: uuid.UUID, *, idempotency_key: str | None = None
    ) -> LifecycleDTO:
        return await self.send(
            REVISE_LIFECYCLE, path={"lifecycle_id": lifecycle_id}, idempotency_key=idempotency_key
        )

    async def assign_lifecycle(
        self,
        project_id: uuid.UUID,
        data: LifecycleAssign,
        *,
        expected_version: int | None = None,
    ) -> ProjectLifecycleDTO:
        return await self.send(
            ASSIGN_LIFECYCLE,
            data,
            path={"project_id": project_id},
            expected_version=expected_version,
        )

    async def project_lifecycle(self, project_id: uuid.UUID) -> ProjectLifecycleDTO:
        return await self.fetch(GET_PROJECT_LIFECYCLE, path={"project_id": project_id})
