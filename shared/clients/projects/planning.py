"""The plan around the tasks (projects service): dependencies, the critical path and
baselines."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared.clients import (
    InputModel,
    Operation,
    PagesByProjectDTO,
    ProjectPageDTO,
    TypedClient,
    WireModel,
    page_params,
)
from shared.fields import LocalDateTime
from shared.pagination import Page


class LinkType(StrEnum):
    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class DependencyDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    predecessor_id: uuid.UUID
    successor_id: uuid.UUID
    type: LinkType
    lag_days: Decimal
    lag_optional: bool = False
    external_source: str | None = None
    external_id: str | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class DependencyCreate(InputModel):
    predecessor_id: uuid.UUID
    successor_id: uuid.UUID
    type: LinkType = LinkType.FS
    lag_days: Decimal = Decimal(0)
    lag_optional: bool = False


class DependencyUpdate(InputModel):
    type: LinkType | None = None
    lag_days: Decimal | None = None
    lag_optional: bool | None = None


class CriticalTaskDTO(WireModel):
    id: uuid.UUID
    name: str
    wbs_code: str | None = None
    early_start: LocalDateTime | None = None
    early_finish: LocalDateTime | None = None
    total_float_days: Decimal | None = None


class CriticalPathDTO(WireModel):
    project_id: uuid.UUID
    project_finish: LocalDateTime | None = None
    tasks: list[CriticalTaskDTO]


class BaselineDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    number: int
    name: str | None = None
    captured_at: datetime
    captured_by: str
    project_start: LocalDateTime | None = None
    project_finish: LocalDateTime | None = None
    total_cost: Decimal | None = None
    task_count: int
    version: int


class BaselineListDTO(WireModel):
    items: list[BaselineDTO]
    next_cursor: str | None = None


class BaselineCapture(InputModel):
    name: str | None = None


class TaskVarianceDTO(WireModel):
    """A task against a baseline: planned (scheduled) dates now and when captured; the
    baseline side is null for tasks added since."""

    task_id: uuid.UUID
    name: str
    baseline_start: LocalDateTime | None = None
    baseline_finish: LocalDateTime | None = None
    baseline_duration_days: Decimal | None = None
    baseline_cost: Decimal | None = None
    current_start: LocalDateTime | None = None
    current_finish: LocalDateTime | None = None
    current_duration_days: Decimal
    current_cost: Decimal | None = None
    start_variance_calendar_days: int | None = None
    finish_variance_calendar_days: int | None = None
    duration_variance_days: Decimal | None = None
    cost_variance: Decimal | None = None


class ProjectVarianceDTO(WireModel):
    baseline_start: LocalDateTime | None = None
    baseline_finish: LocalDateTime | None = None
    baseline_cost: Decimal | None = None
    current_start: LocalDateTime | None = None
    current_finish: LocalDateTime | None = None
    current_cost: Decimal | None = None
    finish_variance_calendar_days: int | None = None
    cost_variance: Decimal | None = None


class BaselineVarianceDTO(WireModel):
    """One page of tasks (plan order) against a baseline, and the project's totals."""

    baseline: BaselineDTO
    project: ProjectVarianceDTO
    items: list[TaskVarianceDTO]
    next_cursor: str | None = None


DEPENDENCIES = "/v1/projects/{project_id}/dependencies"
ADD_DEPENDENCY = Operation(
    "add_dependency", "POST", DEPENDENCIES, DependencyDTO, body=DependencyCreate
)
LIST_DEPENDENCIES = Operation("list_dependencies", "GET", DEPENDENCIES, Page[DependencyDTO])
LIST_DEPENDENCIES_INTO = Operation(
    "list_dependencies_into", "GET", "/v1/dependencies", Page[DependencyDTO]
)
GET_CRITICAL_PATH = Operation(
    "get_critical_path", "GET", "/v1/projects/{project_id}/critical-path", CriticalPathDTO
)
BASELINES = "/v1/projects/{project_id}/baselines"
LIST_BASELINES = Operation("list_baselines", "GET", BASELINES, BaselineListDTO)
BASELINES_OF_PROJECTS = Operation(
    "list_baselines_of_projects", "GET", "/v1/baselines", PagesByProjectDTO[BaselineDTO]
)
GET_BASELINE_VARIANCE = Operation(
    "get_baseline_variance", "GET", BASELINES + "/{number}/variance", BaselineVarianceDTO
)
SET_BASELINE = Operation(
    "set_baseline", "POST", BASELINES + "/{number}", BaselineDTO, body=BaselineCapture
)


DEPENDENCY = "/v1/dependencies/{dependency_id}"
UPDATE_DEPENDENCY = Operation(
    "update_dependency", "PATCH", DEPENDENCY, DependencyDTO, body=DependencyUpdate
)
DELETE_DEPENDENCY: Operation[Any] = Operation("delete_dependency", "DELETE", DEPENDENCY, None)
CLEAR_BASELINE: Operation[Any] = Operation(
    "clear_baseline", "DELETE", BASELINES + "/{number}", None
)


class PlanningEndpoints(TypedClient):
    async def add_dependency(
        self, project_id: uuid.UUID, data: DependencyCreate, *, idempotency_key: str | None = None
    ) -> DependencyDTO:
        return await self.send(
            ADD_DEPENDENCY, data, path={"project_id": project_id}, idempotency_key=idempotency_key
        )

    async def update_dependency(
        self,
        dependency_id: uuid.UUID,
        data: DependencyUpdate,
        *,
        expected_version: int | None = None,
    ) -> DependencyDTO:
        path = {"dependency_id": dependency_id}
        return await self.send(
            UPDATE_DEPENDENCY, data, path=path, expected_version=expected_version
        )

    async def delete_dependency(
        self, dependency_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        path = {"dependency_id": dependency_id}
        await self.send_no_content(DELETE_DEPENDENCY, path=path, expected_version=expected_version)

    async def clear_baseline(
        self, project_id: uuid.UUID, number: int, *, expected_version: int | None = None
    ) -> None:
        path = {"project_id": project_id, "number": number}
        await self.send_no_content(CLEAR_BASELINE, path=path, expected_version=expected_version)

    async def list_dependencies(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[DependencyDTO]:
        return await self.fetch(
            LIST_DEPENDENCIES, path={"project_id": project_id}, params=page_params(limit, cursor)
        )

    async def dependencies_into(self, task_ids: list[uuid.UUID]) -> list[DependencyDTO]:
        """Every visible link into the given tasks (their predecessors), one call per 500."""
        return await self.fetch_in_batches(
            LIST_DEPENDENCIES_INTO, "successor_ids", task_ids, sized=False
        )

    async def critical_path(self, project_id: uuid.UUID) -> CriticalPathDTO:
        return await self.fetch(GET_CRITICAL_PATH, path={"project_id": project_id})

    async def set_baseline(
        self,
        project_id: uuid.UUID,
        number: int,
        data: BaselineCapture | None = None,
        *,
        replace: bool = False,
        idempotency_key: str | None = None,
    ) -> BaselineDTO:
        path = {"project_id": project_id, "number": number}
        params = {"replace": "true"} if replace else None
        return await self.send(
            SET_BASELINE, data, path=path, params=params, idempotency_key=idempotency_key
        )

    async def baselines_by_project(
        self, project_ids: list[uuid.UUID]
    ) -> dict[uuid.UUID, ProjectPageDTO[BaselineDTO]]:
        """Every baseline of each project (by number, one page each), one call per 500
        projects."""
        return await self.fetch_by_project(BASELINES_OF_PROJECTS, project_ids)

    async def baseline_variance(
        self,
        project_id: uuid.UUID,
        number: int,
        *,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> BaselineVarianceDTO:
        """The project's tasks against baseline ``number``, a page at a time in plan order."""
        return await self.fetch(
            GET_BASELINE_VARIANCE,
            path={"project_id": project_id, "number": number},
            params=page_params(limit, cursor),
        )

    async def list_baselines(self, project_id: uuid.UUID) -> list[BaselineDTO]:
        """All of them: a project has at most eleven (0-10)."""
        answer = await self.fetch(LIST_BASELINES, path={"project_id": project_id})
        return answer.items
