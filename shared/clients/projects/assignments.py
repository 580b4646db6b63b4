"""Assignments (projects service): a resource on a task at some units, with the work and
cost derived from the task's duration, the project's calendar and the resource's rates."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from shared.clients import InputModel, Operation, TypedClient, WireModel, page_params
from shared.fields import decimal_string
from shared.pagination import Page

UnitsIn = Annotated[Decimal, decimal_string(4, 2)]
HoursIn = Annotated[Decimal, decimal_string(10, 2)]


class AssignmentDTO(WireModel):
    id: uuid.UUID
    task_id: uuid.UUID
    resource_id: uuid.UUID
    project_id: uuid.UUID
    units: Decimal
    work_hours: Decimal
    cost: Decimal | None = None  # null: a rate in another currency than the project's
    currency: str | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class AssignmentListDTO(WireModel):
    items: list[AssignmentDTO]


class AssignmentCreate(InputModel):
    """Exactly one of ``units`` and ``work_hours``."""

    resource_id: uuid.UUID
    units: UnitsIn | None = None
    work_hours: HoursIn | None = None


class AssignmentUpdate(InputModel):
    units: UnitsIn | None = None
    work_hours: HoursIn | None = None


OF_TASK = "/v1/tasks/{task_id}/assignments"
ONE = "/v1/assignments/{assignment_id}"
ASSIGN = Operation("assign_resource", "POST", OF_TASK, AssignmentDTO, body=AssignmentCreate)
LIST_OF_TASK = Operation("list_task_assignments", "GET", OF_TASK, AssignmentListDTO)
LIST_OF_PROJECT = Operation(
    "list_project_assignments",
    "GET",
    "/v1/projects/{project_id}/assignments",
    Page[AssignmentDTO],
)
LIST_OF_RESOURCE = Operation(
    "list_resource_assignments",
    "GET",
    "/v1/resources/{resource_id}/assignments",
    AssignmentListDTO,
)
LIST_BY_IDS = Operation("list_assignments_by_ids", "GET", "/v1/assignments", AssignmentListDTO)
GET = Operation("get_assignment", "GET", ONE, AssignmentDTO)
UPDATE = Operation("update_assignment", "PATCH", ONE, AssignmentDTO, body=AssignmentUpdate)
UNASSIGN: Operation[Any] = Operation("unassign_resource", "DELETE", ONE, None)


def _ids(ids: list[uuid.UUID]) -> str | None:
    return ",".join(map(str, ids)) if ids else None


class AssignmentEndpoints(TypedClient):
    async def assign_resource(
        self, task_id: uuid.UUID, data: AssignmentCreate, *, idempotency_key: str | None = None
    ) -> AssignmentDTO:
        return await self.send(
            ASSIGN, data, path={"task_id": task_id}, idempotency_key=idempotency_key
        )

    async def list_task_assignments(self, task_id: uuid.UUID) -> AssignmentListDTO:
        return await self.fetch(LIST_OF_TASK, path={"task_id": task_id})

    async def list_project_assignments(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[AssignmentDTO]:
        return await self.fetch(
            LIST_OF_PROJECT, path={"project_id": project_id}, params=page_params(limit, cursor)
        )

    async def list_resource_assignments(self, resource_id: uuid.UUID) -> AssignmentListDTO:
        return await self.fetch(LIST_OF_RESOURCE, path={"resource_id": resource_id})

    async def assignments_by_ids(
        self,
        *,
        task_ids: list[uuid.UUID] | None = None,
        resource_ids: list[uuid.UUID] | None = None,
    ) -> AssignmentListDTO:
        """The assignments of these tasks and resources the caller may read (one call)."""
        params = {"task_ids": _ids(task_ids or []), "resource_ids": _ids(resource_ids or [])}
        return await self.fetch(
            LIST_BY_IDS, params={k: v for k, v in params.items() if v is not None}
        )

    async def get_assignment(self, assignment_id: uuid.UUID) -> AssignmentDTO:
        return await self.fetch(GET, path={"assignment_id": assignment_id})

    async def update_assignment(
        self,
        assignment_id: uuid.UUID,
        data: AssignmentUpdate,
        *,
        expected_version: int | None = None,
    ) -> AssignmentDTO:
        return await self.send(
            UPDATE, data, path={"assignment_id": assignment_id}, expected_version=expected_version
        )

    async def unassign_resource(
        self, assignment_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        await self.send_no_content(
            UNASSIGN, path={"assignment_id": assignment_id}, expected_version=expected_version
        )
