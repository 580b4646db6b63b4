"""A project's deliverables register (governance service)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from shared.clients import InputModel, Operation, TypedClient, WireModel, page_params
from shared.pagination import Page


class DeliverableStatus(StrEnum):
    planned = "planned"
    submitted = "submitted"
    accepted = "accepted"


class DeliverableDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    key: str
    name: str
    status: DeliverableStatus
    url: str | None = None
    evidence: str | None = None
    submitted_by: str | None = None
    submitted_at: datetime | None = None
    accepted_by: str | None = None
    accepted_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class DeliverableCreate(InputModel):
    key: str
    name: str
    status: DeliverableStatus = DeliverableStatus.planned
    url: str | None = None
    evidence: str | None = None


class DeliverableUpdate(InputModel):
    name: str | None = None
    status: DeliverableStatus | None = None
    url: str | None = None
    evidence: str | None = None


DELIVERABLES = "/v1/projects/{project_id}/deliverables"
ONE = DELIVERABLES + "/{deliverable_id}"
LIST_DELIVERABLES = Operation("list_deliverables", "GET", DELIVERABLES, Page[DeliverableDTO])
GET_DELIVERABLE = Operation("get_deliverable", "GET", ONE, DeliverableDTO)
ADD_DELIVERABLE = Operation(
    "add_deliverable", "POST", DELIVERABLES, DeliverableDTO, body=DeliverableCreate
)
UPDATE_DELIVERABLE = Operation(
    "update_deliverable", "PATCH", ONE, DeliverableDTO, body=DeliverableUpdate
)
DELETE_DELIVERABLE: Operation[Any] = Operation("delete_deliverable", "DELETE", ONE, None)


class DeliverableEndpoints(TypedClient):
    async def list_deliverables(
        self,
        project_id: uuid.UUID,
        *,
        status: DeliverableStatus | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[DeliverableDTO]:
        """Oldest first."""
        params = page_params(limit, cursor, status=status.value if status else None)
        return await self.fetch(LIST_DELIVERABLES, path={"project_id": project_id}, params=params)

    async def get_deliverable(
        self, project_id: uuid.UUID, deliverable_id: uuid.UUID
    ) -> DeliverableDTO:
        path = {"project_id": project_id, "deliverable_id": deliverable_id}
        return await self.fetch(GET_DELIVERABLE, path=path)

    async def add_deliverable(
        self,
        project_id: uuid.UUID,
        data: DeliverableCreate,
        *,
        idempotency_key: str | None = None,
    ) -> DeliverableDTO:
        return await self.send(
            ADD_DELIVERABLE,
            data,
            path={"project_id": project_id},
            idempotency_key=idempotency_key,
        )

    async def update_deliverable(
        self,
        project_id: uuid.UUID,
        deliverable_id: uuid.UUID,
        data: DeliverableUpdate,
        *,
        expected_version: int | None = None,
    ) -> DeliverableDTO:
        path = {"project_id": project_id, "deliverable_id": deliverable_id}
        return await self.send(
            UPDATE_DELIVERABLE, data, path=path, expected_version=expected_version
        )

    async def delete_deliverable(
        self,
        project_id: uuid.UUID,
        deliverable_id: uuid.UUID,
        *,
        expected_version: int | None = None,
    ) -> None:
        path = {"project_id": project_id, "deliverable_id": deliverable_id}
        await self.send_no_content(DELETE_DELIVERABLE, path=path, expected_version=expected_version)
