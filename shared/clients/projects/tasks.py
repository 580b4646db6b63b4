"""Tasks (projects service): the WBS with its computed schedule, in full or sparse
(``fields=``: only the fields asked for), per project, in batches by project and by id."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, TypeVar, overload

from shared.clients import InputModel, Operation, TypedClient, WireModel, chunks, join_ids
from shared.clients import page_params as paging
from shared.fields import LocalDateTime, LocalDateTimeIn, MoneyIn
from shared.pagination import Page


class ConstraintType(StrEnum):
    ASAP = "ASAP"
    ALAP = "ALAP"
    SNET = "SNET"
    SNLT = "SNLT"
    FNET = "FNET"
    FNLT = "FNLT"
    MSO = "MSO"
    MFO = "MFO"


class DurationDistribution(StrEnum):
    triangular = "triangular"
    pert = "pert"


class TaskDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    parent_id: uuid.UUID | None = None
    name: str
    position: int
    start_date: date | None = None
    finish_date: date | None = None
    duration_days: Decimal
    percent_complete: Decimal
    created_at: datetime
    updated_at: datetime
    version: int
    # Planning inputs and the computed schedule (absent from older servers: defaults).
    milestone: bool | None = None
    constraint_type: str = "ASAP"
    constraint_date: LocalDateTime | None = None
    deadline: date | None = None
    actual_start: LocalDateTime | None = None
    actual_finish: LocalDateTime | None = None
    actual_duration_days: Decimal = Decimal(0)
    remaining_duration_days: Decimal = Decimal(0)
    manual_start: LocalDateTime | None = None
    levelling_delay_days: Decimal = Decimal(0)
    cost: Decimal | None = None
    # A three-point estimate (schedule risk analysis); all four or none.
    duration_optimistic_days: Decimal | None = None
    duration_most_likely_days: Decimal | None = None
    duration_pessimistic_days: Decimal | None = None
    duration_distribution: str | None = None
    optional: bool = False
    external_source: str | None = None
    external_id: str | None = None
    wbs_code: str | None = None
    is_summary: bool = False
    is_milestone: bool = False
    early_start: LocalDateTime | None = None
    early_finish: LocalDateTime | None = None
    late_start: LocalDateTime | None = None
    late_finish: LocalDateTime | None = None
    total_float_days: Decimal | None = None
    free_float_days: Decimal | None = None
    critical: bool = False
    # A task in progress: where its completed part stops and its remaining part resumes.
    stop: LocalDateTime | None = None
    resume: LocalDateTime | None = None
    is_split: bool = False


class TaskFieldsDTO(WireModel):
    """A task from a sparse read (``fields=``): the keys always come, every other field
    only if it was asked for (``None`` here otherwise, like a null one)."""

    id: uuid.UUID
    project_id: uuid.UUID
    position: int
    parent_id: uuid.UUID | None = None
    name: str | None = None
    start_date: date | None = None
    finish_date: date | None = None
    duration_days: Decimal | None = None
    percent_complete: Decimal | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int | None = None
    milestone: bool | None = None
    constraint_type: str | None = None
    constraint_date: LocalDateTime | None = None
    deadline: date | None = None
    actual_start: LocalDateTime | None = None
    actual_finish: LocalDateTime | None = None
    actual_duration_days: Decimal | None = None
    remaining_duration_days: Decimal | None = None
    manual_start: LocalDateTime | None = None
    levelling_delay_days: Decimal | None = None
    cost: Decimal | None = None
    duration_optimistic_days: Decimal | None = None
    duration_most_likely_days: Decimal | None = None
    duration_pessimistic_days: Decimal | None = None
    duration_distribution: str | None = None
    optional: bool | None = None
    external_source: str | None = None
    external_id: str | None = None
    wbs_code: str | None = None
    is_summary: bool | None = None
    is_milestone: bool | None = None
    early_start: LocalDateTime | None = None
    early_finish: LocalDateTime | None = None
    late_start: LocalDateTime | None = None
    late_finish: LocalDateTime | None = None
    total_float_days: Decimal | None = None
    free_float_days: Decimal | None = None
    critical: bool | None = None
    stop: LocalDateTime | None = None
    resume: LocalDateTime | None = None
    is_split: bool | None = None


TaskT = TypeVar("TaskT", TaskDTO, TaskFieldsDTO)


class ProjectTaskPageDTO(WireModel, Generic[TaskT]):
    """One project's first page of tasks, as the batch endpoint answers it."""

    project_id: uuid.UUID
    items: list[TaskT]
    next_cursor: str | None = None


class TaskPagesByProjectDTO(WireModel, Generic[TaskT]):
    items: list[ProjectTaskPageDTO[TaskT]]


# Full answers keep the strict TaskDTO; sparse ones (``fields=``) parse as TaskFieldsDTO.
TaskPageDTO = ProjectTaskPageDTO[TaskDTO]
TaskFieldsPageDTO = ProjectTaskPageDTO[TaskFieldsDTO]
TasksByProjectDTO = TaskPagesByProjectDTO[TaskDTO]
TaskFieldsByProjectDTO = TaskPagesByProjectDTO[TaskFieldsDTO]


class TaskCreate(InputModel):
    name: str
    parent_id: uuid.UUID | None = None
    start_date: date | None = None
    finish_date: date | None = None
    duration_days: Decimal = Decimal(0)
    percent_complete: Decimal = Decimal(0)
    milestone: bool | None = None
    constraint_type: ConstraintType = ConstraintType.ASAP
    constraint_date: LocalDateTimeIn | None = None
    deadline: date | None = None
    # Progress: see the service's rules (entering one of these updates the others).
    actual_start: LocalDateTimeIn | None = None
    actual_finish: LocalDateTimeIn | None = None
    actual_duration_days: Decimal | None = None
    remaining_duration_days: Decimal | None = None
    manual_start: LocalDateTimeIn | None = None
    cost: MoneyIn | None = None
    duration_optimistic_days: Decimal | None = None
    duration_most_likely_days: Decimal | None = None
    duration_pessimistic_days: Decimal | None = None
    duration_distribution: DurationDistribution | None = None
    optional: bool = False


class TaskUpdate(InputModel):
    name: str | None = None
    parent_id: uuid.UUID | None = None
    start_date: date | None = None
    finish_date: date | None = None
    duration_days: Decimal | None = None
    percent_complete: Decimal | None = None
    milestone: bool | None = None
    constraint_type: ConstraintType | None = None
    constraint_date: LocalDateTimeIn | None = None
    deadline: date | None = None
    # Progress: see the service's rules (entering one of these updates the others).
    actual_start: LocalDateTimeIn | None = None
    actual_finish: LocalDateTimeIn | None = None
    actual_duration_days: Decimal | None = None
    remaining_duration_days: Decimal | None = None
    manual_start: LocalDateTimeIn | None = None
    cost: MoneyIn | None = None
    duration_optimistic_days: Decimal | None = None
    duration_most_likely_days: Decimal | None = None
    duration_pessimistic_days: Decimal | None = None
    duration_distribution: DurationDistribution | None = None
    optional: bool | None = None


IN_PROJECT = "/v1/projects/{project_id}/tasks"
ONE = "/v1/tasks/{task_id}"
FIRST_PAGES = "/v1/tasks/first-pages"
ADD_TASK = Operation("add_task", "POST", IN_PROJECT, TaskDTO, body=TaskCreate)
# The task lists are documented with every field optional (``?fields=`` leaves some out);
# called without it, every field comes.
LIST_TASKS = Operation("list_tasks", "GET", IN_PROJECT, Page[TaskDTO], sparse=True)
LIST_TASK_FIELDS = Operation("list_tasks", "GET", IN_PROJECT, Page[TaskFieldsDTO], sparse=True)
LIST_TASKS_BY_IDS = Operation("list_tasks_by_ids", "GET", "/v1/tasks", Page[TaskDTO])
FIRST_TASK_PAGES = Operation(  # documented sparse too, called without ``?fields=``
    "list_first_task_pages", "GET", FIRST_PAGES, TasksByProjectDTO, sparse=True
)
FIRST_TASK_FIELD_PAGES = Operation(
    "list_first_task_pages", "GET", FIRST_PAGES, TaskFieldsByProjectDTO, sparse=True
)
GET_TASK = Operation("get_task", "GET", ONE, TaskDTO)
UPDATE_TASK = Operation("update_task", "PATCH", ONE, TaskDTO, body=TaskUpdate)
DELETE_TASK: Operation[Any] = Operation("delete_task", "DELETE", ONE, None)


class ImpactTaskDTO(WireModel):
    id: uuid.UUID
    name: str
    wbs_code: str | None = None


class ImpactLinkDTO(WireModel):
    id: uuid.UUID
    type: str
    predecessor_id: uuid.UUID
    predecessor_name: str
    successor_id: uuid.UUID
    successor_name: str


class ImpactAssignmentDTO(WireModel):
    id: uuid.UUID
    task_id: uuid.UUID
    resource_id: uuid.UUID
    resource_name: str


class TaskDeleteImpactDTO(WireModel):
    """What deleting a task takes with it; ``needs_confirmation``: the delete needs
    ``cascade``."""

    task_id: uuid.UUID
    subtasks: list[ImpactTaskDTO]
    dependencies: list[ImpactLinkDTO]
    assignments: list[ImpactAssignmentDTO]
    actual_costs_detached: int
    baseline_rows_kept: int
    needs_confirmation: bool


GET_TASK_DELETE_IMPACT = Operation(
    "get_task_delete_impact", "GET", ONE + "/delete-impact", TaskDeleteImpactDTO
)


def _fields_param(fields: Collection[str]) -> str:
    """A sparse fieldset as the task reads take it (sorted: one URL per set)."""
    return ",".join(sorted(fields))


class TaskEndpoints(TypedClient):
    async def add_task(
        self, project_id: uuid.UUID, data: TaskCreate, *, idempotency_key: str | None = None
    ) -> TaskDTO:
        return await self.send(
            ADD_TASK, data, path={"project_id": project_id}, idempotency_key=idempotency_key
        )

    @overload
    async def list_tasks(
        self,
        project_id: uuid.UUID,
        *,
        limit: int | None = None,
        cursor: str | None = None,
        fields: None = None,
    ) -> Page[TaskDTO]: ...

    @overload
    async def list_tasks(
        self,
        project_id: uuid.UUID,
        *,
        limit: int | None = None,
        cursor: str | None = None,
        fields: Collection[str],
    ) -> Page[TaskFieldsDTO]: ...

    async def list_tasks(
        self,
        project_id: uuid.UUID,
        *,
        limit: int | None = None,
        cursor: str | None = None,
        fields: Collection[str] | None = None,
    ) -> Page[TaskDTO] | Page[TaskFieldsDTO]:
        """``fields``: only these task fields (plus the keys), as :class:`TaskFieldsDTO`."""
        path = {"project_id": project_id}
        if fields is None:
            return await self.fetch(LIST_TASKS, path=path, params=paging(limit, cursor))
        params = paging(limit, cursor, fields=_fields_param(fields))
        return await self.fetch(LIST_TASK_FIELDS, path=path, params=params)

    @overload
    async def tasks_by_project(
        self, project_ids: list[uuid.UUID], *, limit: int, fields: None = None
    ) -> dict[uuid.UUID, TaskPageDTO]: ...

    @overload
    async def tasks_by_project(
        self, project_ids: list[uuid.UUID], *, limit: int, fields: Collection[str]
    ) -> dict[uuid.UUID, TaskFieldsPageDTO]: ...

    async def tasks_by_project(
        self, project_ids: list[uuid.UUID], *, limit: int, fields: Collection[str] | None = None
    ) -> dict[uuid.UUID, TaskPageDTO] | dict[uuid.UUID, TaskFieldsPageDTO]:
        """The first ``limit`` tasks of each project, in one call per 500 projects;
        ``fields``: only these task fields (plus the keys), as :class:`TaskFieldsDTO`."""
        if fields is None:
            return await self._first_task_pages(project_ids, limit, None, FIRST_TASK_PAGES)
        return await self._first_task_pages(project_ids, limit, fields, FIRST_TASK_FIELD_PAGES)

    async def _first_task_pages(
        self,
        project_ids: list[uuid.UUID],
        limit: int,
        fields: Collection[str] | None,
        op: Operation[TaskPagesByProjectDTO[TaskT]],
    ) -> dict[uuid.UUID, ProjectTaskPageDTO[TaskT]]:
        pages: dict[uuid.UUID, ProjectTaskPageDTO[TaskT]] = {}
        for batch in chunks(project_ids):
            params: dict[str, Any] = {"project_ids": join_ids(batch), "limit": limit}
            if fields is not None:
                params["fields"] = _fields_param(fields)
            answer = await self.fetch(op, params=params)
            pages.update((page.project_id, page) for page in answer.items)
        return pages

    async def tasks_by_ids(self, ids: list[uuid.UUID]) -> list[TaskDTO]:
        """The visible tasks among ``ids`` (any projects), one call per 500 ids."""
        return await self.fetch_in_batches(LIST_TASKS_BY_IDS, "ids", ids, sized=False)

    async def get_task(self, task_id: uuid.UUID) -> TaskDTO:
        return await self.fetch(GET_TASK, path={"task_id": task_id})

    async def update_task(
        self, task_id: uuid.UUID, data: TaskUpdate, *, expected_version: int | None = None
    ) -> TaskDTO:
        return await self.send(
            UPDATE_TASK, data, path={"task_id": task_id}, expected_version=expected_version
        )

    async def delete_task(
        self, task_id: uuid.UUID, *, expected_version: int | None = None, cascade: bool = False
    ) -> None:
        """Its subtasks and links go with it; the plan is rescheduled. A task with subtasks,
        links or assignments needs ``cascade`` (otherwise :class:`Conflict`)."""
        await self.send_no_content(
            DELETE_TASK,
            path={"task_id": task_id},
            params={"cascade": "true"} if cascade else None,
            expected_version=expected_version,
        )

    async def task_delete_impact(self, task_id: uuid.UUID) -> TaskDeleteImpactDTO:
        """What :meth:`delete_task` would take with it."""
        return await self.fetch(GET_TASK_DELETE_IMPACT, path={"task_id": task_id})
