"""Client of the projects service: portfolios, projects, members, tasks and the planning
records around them (dependencies, critical path, baselines, RAID log, change requests)."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, TypeVar, overload

from pydantic import Field

from shared.clients import InputModel, TypedClient, WireModel, chunks, join_ids
from shared.pagination import Page


class ProjectStatus(StrEnum):
    proposed = "proposed"
    approved = "approved"
    active = "active"
    on_hold = "on_hold"
    completed = "completed"
    cancelled = "cancelled"


class Priority(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class ProjectRole(StrEnum):
    manager = "manager"
    member = "member"
    viewer = "viewer"


# --- responses ---------------------------------------------------------------------------


class PortfolioDTO(WireModel):
    id: uuid.UUID
    name: str
    description: str | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class BudgetTotalDTO(WireModel):
    currency: str | None
    amount: Decimal


class PortfolioRollupDTO(WireModel):
    portfolio_id: uuid.UUID
    project_count: int
    projects_by_status: dict[str, int]
    budget_totals: list[BudgetTotalDTO]
    task_count: int
    tasks_completed: int
    task_percent_complete: float | None


class ProjectDTO(WireModel):
    id: uuid.UUID
    portfolio_id: uuid.UUID | None = None
    code: str
    name: str
    description: str | None = None
    status: ProjectStatus
    sponsor: str | None = None
    manager: str | None = None
    start_date: date | None = None
    target_date: date | None = None
    budget: Decimal | None = None
    currency: str | None = None
    priority: Priority = Priority.medium
    tags: list[str] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime
    version: int


class MemberDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    user_id: str
    role: ProjectRole
    created_at: datetime
    updated_at: datetime
    version: int


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
    constraint_date: datetime | None = None
    deadline: date | None = None
    actual_start: date | None = None
    actual_finish: date | None = None
    cost: Decimal | None = None
    wbs_code: str | None = None
    is_summary: bool = False
    is_milestone: bool = False
    early_start: datetime | None = None
    early_finish: datetime | None = None
    late_start: datetime | None = None
    late_finish: datetime | None = None
    total_float_days: Decimal | None = None
    free_float_days: Decimal | None = None
    critical: bool = False


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
    constraint_date: datetime | None = None
    deadline: date | None = None
    actual_start: date | None = None
    actual_finish: date | None = None
    cost: Decimal | None = None
    wbs_code: str | None = None
    is_summary: bool | None = None
    is_milestone: bool | None = None
    early_start: datetime | None = None
    early_finish: datetime | None = None
    late_start: datetime | None = None
    late_finish: datetime | None = None
    total_float_days: Decimal | None = None
    free_float_days: Decimal | None = None
    critical: bool | None = None


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


class ProjectPageByPortfolioDTO(WireModel):
    """One portfolio's first page of projects, as the batch endpoint answers it."""

    portfolio_id: uuid.UUID
    items: list[ProjectDTO]
    next_cursor: str | None = None


class ProjectsByPortfolioDTO(WireModel):
    items: list[ProjectPageByPortfolioDTO]


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
    external_source: str | None = None
    external_id: str | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class CriticalTaskDTO(WireModel):
    id: uuid.UUID
    name: str
    wbs_code: str | None = None
    early_start: datetime | None = None
    early_finish: datetime | None = None
    total_float_days: Decimal | None = None


class CriticalPathDTO(WireModel):
    project_id: uuid.UUID
    project_finish: datetime | None = None
    tasks: list[CriticalTaskDTO]


class BaselineDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    number: int
    name: str | None = None
    captured_at: datetime
    captured_by: str
    project_start: datetime | None = None
    project_finish: datetime | None = None
    total_cost: Decimal | None = None
    task_count: int
    version: int


class _RaidEntryDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    title: str
    description: str | None = None
    status: str
    owner: str | None = None
    task_ids: list[uuid.UUID] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime
    version: int


class RiskDTO(_RaidEntryDTO):
    probability: int
    impact: int
    score: int
    response_strategy: str | None = None
    mitigation: str | None = None
    trigger: str | None = None
    due_date: date | None = None
    residual_score: int | None = None


class IssueDTO(_RaidEntryDTO):
    severity: str
    due_date: date | None = None
    resolution: str | None = None


class AssumptionDTO(_RaidEntryDTO):
    validated_by: str | None = None
    validation_date: date | None = None


class DecisionDTO(_RaidEntryDTO):
    decision: str
    rationale: str | None = None
    decided_by: str | None = None
    decision_date: date | None = None


class ChangeRequestDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    title: str
    description: str | None = None
    reason: str | None = None
    schedule_impact_days: Decimal | None = None
    cost_impact: Decimal | None = None
    currency: str | None = None
    scope_impact: str | None = None
    status: str
    requested_by: str
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str | None = None
    baseline_number: int | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class BaselineListDTO(WireModel):
    items: list[BaselineDTO]
    next_cursor: str | None = None


PortfolioPage = Page[PortfolioDTO]
ProjectPage = Page[ProjectDTO]
TaskPage = Page[TaskDTO]
TaskFieldsPage = Page[TaskFieldsDTO]
DependencyPage = Page[DependencyDTO]
RiskPage = Page[RiskDTO]
IssuePage = Page[IssueDTO]
AssumptionPage = Page[AssumptionDTO]
DecisionPage = Page[DecisionDTO]
ChangeRequestPage = Page[ChangeRequestDTO]
MemberPage = Page[MemberDTO]


# --- requests ----------------------------------------------------------------------------


class PortfolioCreate(InputModel):
    name: str
    description: str | None = None


class PortfolioUpdate(InputModel):
    name: str | None = None
    description: str | None = None


class ProjectCreate(InputModel):
    portfolio_id: uuid.UUID | None = None
    code: str
    name: str
    description: str | None = None
    sponsor: str | None = None
    manager: str | None = None
    start_date: date | None = None
    target_date: date | None = None
    budget: Decimal | None = None
    currency: str | None = None
    priority: Priority | None = None
    tags: list[str] | None = None


class ProjectUpdate(InputModel):
    portfolio_id: uuid.UUID | None = None
    name: str | None = None
    description: str | None = None
    status: ProjectStatus | None = None
    sponsor: str | None = None
    manager: str | None = None
    start_date: date | None = None
    target_date: date | None = None
    budget: Decimal | None = None
    currency: str | None = None
    priority: Priority | None = None
    tags: list[str] | None = None


class MemberCreate(InputModel):
    user_id: str
    role: ProjectRole


class TaskCreate(InputModel):
    name: str
    parent_id: uuid.UUID | None = None
    start_date: date | None = None
    finish_date: date | None = None
    duration_days: Decimal | None = None
    percent_complete: Decimal | None = None


class TaskUpdate(InputModel):
    name: str | None = None
    parent_id: uuid.UUID | None = None
    start_date: date | None = None
    finish_date: date | None = None
    duration_days: Decimal | None = None
    percent_complete: Decimal | None = None


class DependencyCreate(InputModel):
    predecessor_id: uuid.UUID
    successor_id: uuid.UUID
    type: LinkType | None = None
    lag_days: Decimal | None = None


class BaselineCapture(InputModel):
    name: str | None = None


class _RaidEntryCreate(InputModel):
    title: str
    description: str | None = None
    owner: str | None = None
    task_ids: list[uuid.UUID] | None = None
    status: str | None = None


class RiskCreate(_RaidEntryCreate):
    probability: int
    impact: int
    response_strategy: str | None = None
    mitigation: str | None = None
    trigger: str | None = None
    due_date: date | None = None
    residual_score: int | None = None


class IssueCreate(_RaidEntryCreate):
    severity: str | None = None
    due_date: date | None = None
    resolution: str | None = None


class AssumptionCreate(_RaidEntryCreate):
    validated_by: str | None = None
    validation_date: date | None = None


class DecisionCreate(_RaidEntryCreate):
    decision: str
    rationale: str | None = None
    decided_by: str | None = None
    decision_date: date | None = None


class ChangeRequestCreate(InputModel):
    title: str
    description: str | None = None
    reason: str | None = None
    schedule_impact_days: Decimal | None = None
    cost_impact: Decimal | None = None
    currency: str | None = None
    scope_impact: str | None = None


def _fields_param(fields: Collection[str]) -> str:
    """A sparse fieldset as the task reads take it (sorted: one URL per set)."""
    return ",".join(sorted(fields))


def _page_params(limit: int | None, cursor: str | None, **filters: Any) -> dict[str, Any]:
    params = {k: v for k, v in filters.items() if v is not None}
    if limit is not None:
        params["limit"] = limit
    if cursor:
        params["cursor"] = cursor
    return params


class ProjectsClient(TypedClient):
    service = "projects"

    # portfolios

    async def create_portfolio(
        self, data: PortfolioCreate, *, idempotency_key: str | None = None
    ) -> PortfolioDTO:
        return await self.send_model(
            "POST", "/v1/portfolios", data, PortfolioDTO, idempotency_key=idempotency_key
        )

    async def get_portfolio(self, portfolio_id: uuid.UUID) -> PortfolioDTO:
        return await self.get_model(f"/v1/portfolios/{portfolio_id}", PortfolioDTO)

    async def list_portfolios(
        self, *, limit: int | None = None, cursor: str | None = None, sort: str | None = None
    ) -> Page[PortfolioDTO]:
        params = _page_params(limit, cursor, sort=sort)
        return await self.get_model("/v1/portfolios", PortfolioPage, params)

    async def portfolios_by_ids(self, ids: list[uuid.UUID]) -> list[PortfolioDTO]:
        """Batch read; ids the caller may not see (or that do not exist) are simply absent."""
        found: list[PortfolioDTO] = []
        for batch in chunks(ids):
            params = {"ids": join_ids(batch), "limit": len(batch)}
            found.extend((await self.get_model("/v1/portfolios", PortfolioPage, params)).items)
        return found

    async def update_portfolio(
        self, portfolio_id: uuid.UUID, data: PortfolioUpdate, *, expected_version: int | None
    ) -> PortfolioDTO:
        return await self.send_model(
            "PATCH",
            f"/v1/portfolios/{portfolio_id}",
            data,
            PortfolioDTO,
            expected_version=expected_version,
        )

    async def portfolio_rollup(self, portfolio_id: uuid.UUID) -> PortfolioRollupDTO:
        return await self.get_model(f"/v1/portfolios/{portfolio_id}/rollup", PortfolioRollupDTO)

    # projects

    async def create_project(
        self, data: ProjectCreate, *, idempotency_key: str | None = None
    ) -> ProjectDTO:
        return await self.send_model(
            "POST", "/v1/projects", data, ProjectDTO, idempotency_key=idempotency_key
        )

    async def get_project(self, project_id: uuid.UUID) -> ProjectDTO:
        return await self.get_model(f"/v1/projects/{project_id}", ProjectDTO)

    async def list_projects(
        self,
        *,
        portfolio_id: uuid.UUID | None = None,
        status: list[ProjectStatus] | None = None,
        tag: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[ProjectDTO]:
        params = _page_params(
            limit,
            cursor,
            portfolio_id=str(portfolio_id) if portfolio_id else None,
            status=[s.value for s in status] if status else None,
            tag=tag,
            q=q,
            sort=sort,
        )
        return await self.get_model("/v1/projects", ProjectPage, params)

    async def projects_by_portfolio(
        self,
        portfolio_ids: list[uuid.UUID],
        *,
        limit: int,
        status: list[ProjectStatus] | None = None,
    ) -> dict[uuid.UUID, ProjectPageByPortfolioDTO]:
        """The first ``limit`` projects of each portfolio, in one call per 500 portfolios."""
        pages: dict[uuid.UUID, ProjectPageByPortfolioDTO] = {}
        for batch in chunks(portfolio_ids):
            params: dict[str, Any] = {"portfolio_ids": join_ids(batch), "limit": limit}
            if status:
                params["status"] = [s.value for s in status]
            answer = await self.get_model(
                "/v1/projects/first-pages", ProjectsByPortfolioDTO, params
            )
            pages.update((page.portfolio_id, page) for page in answer.items)
        return pages

    async def projects_by_ids(self, ids: list[uuid.UUID]) -> list[ProjectDTO]:
        """Batch read; projects the caller may not see are absent, like missing ones."""
        found: list[ProjectDTO] = []
        for batch in chunks(ids):
            params = {"ids": join_ids(batch), "limit": len(batch)}
            found.extend((await self.get_model("/v1/projects", ProjectPage, params)).items)
        return found

    async def update_project(
        self, project_id: uuid.UUID, data: ProjectUpdate, *, expected_version: int | None = None
    ) -> ProjectDTO:
        return await self.send_model(
            "PATCH",
            f"/v1/projects/{project_id}",
            data,
            ProjectDTO,
            expected_version=expected_version,
        )

    async def delete_project(
        self, project_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        await self.send_no_content(
            "DELETE", f"/v1/projects/{project_id}", expected_version=expected_version
        )

    # members

    async def list_members(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[MemberDTO]:
        params = _page_params(limit, cursor)
        return await self.get_model(f"/v1/projects/{project_id}/members", MemberPage, params)

    async def add_member(self, project_id: uuid.UUID, data: MemberCreate) -> MemberDTO:
        return await self.send_model("POST", f"/v1/projects/{project_id}/members", data, MemberDTO)

    # tasks

    async def add_task(
        self, project_id: uuid.UUID, data: TaskCreate, *, idempotency_key: str | None = None
    ) -> TaskDTO:
        return await self.send_model(
            "POST",
            f"/v1/projects/{project_id}/tasks",
            data,
            TaskDTO,
            idempotency_key=idempotency_key,
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
        params = _page_params(limit, cursor)
        path = f"/v1/projects/{project_id}/tasks"
        if fields is None:
            return await self.get_model(path, TaskPage, params)
        params["fields"] = _fields_param(fields)
        return await self.get_model(path, TaskFieldsPage, params)

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
            return await self._first_task_pages(project_ids, limit, None, TasksByProjectDTO)
        return await self._first_task_pages(project_ids, limit, fields, TaskFieldsByProjectDTO)

    async def _first_task_pages(
        self,
        project_ids: list[uuid.UUID],
        limit: int,
        fields: Collection[str] | None,
        answer_model: type[TaskPagesByProjectDTO[TaskT]],
    ) -> dict[uuid.UUID, ProjectTaskPageDTO[TaskT]]:
        pages: dict[uuid.UUID, ProjectTaskPageDTO[TaskT]] = {}
        for batch in chunks(project_ids):
            params: dict[str, Any] = {"project_ids": join_ids(batch), "limit": limit}
            if fields is not None:
                params["fields"] = _fields_param(fields)
            answer = await self.get_model("/v1/tasks/first-pages", answer_model, params)
            pages.update((page.project_id, page) for page in answer.items)
        return pages

    async def tasks_by_ids(self, ids: list[uuid.UUID]) -> list[TaskDTO]:
        """The visible tasks among ``ids`` (any projects), one call per 500 ids."""
        found: list[TaskDTO] = []
        for batch in chunks(ids):
            page = await self.get_model("/v1/tasks", TaskPage, {"ids": join_ids(batch)})
            found.extend(page.items)
        return found

    async def get_task(self, task_id: uuid.UUID) -> TaskDTO:
        return await self.get_model(f"/v1/tasks/{task_id}", TaskDTO)

    async def update_task(
        self, task_id: uuid.UUID, data: TaskUpdate, *, expected_version: int | None = None
    ) -> TaskDTO:
        return await self.send_model(
            "PATCH", f"/v1/tasks/{task_id}", data, TaskDTO, expected_version=expected_version
        )

    # dependencies

    async def add_dependency(
        self, project_id: uuid.UUID, data: DependencyCreate, *, idempotency_key: str | None = None
    ) -> DependencyDTO:
        return await self.send_model(
            "POST",
            f"/v1/projects/{project_id}/dependencies",
            data,
            DependencyDTO,
            idempotency_key=idempotency_key,
        )

    async def list_dependencies(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[DependencyDTO]:
        params = _page_params(limit, cursor)
        return await self.get_model(
            f"/v1/projects/{project_id}/dependencies", DependencyPage, params
        )

    async def dependencies_into(self, task_ids: list[uuid.UUID]) -> list[DependencyDTO]:
        """Every visible link into the given tasks (their predecessors), one call per 500."""
        found: list[DependencyDTO] = []
        for batch in chunks(task_ids):
            params = {"successor_ids": join_ids(batch)}
            found.extend((await self.get_model("/v1/dependencies", DependencyPage, params)).items)
        return found

    async def critical_path(self, project_id: uuid.UUID) -> CriticalPathDTO:
        return await self.get_model(f"/v1/projects/{project_id}/critical-path", CriticalPathDTO)

    # baselines

    async def set_baseline(
        self,
        project_id: uuid.UUID,
        number: int,
        data: BaselineCapture | None = None,
        *,
        replace: bool = False,
    ) -> BaselineDTO:
        path = f"/v1/projects/{project_id}/baselines/{number}"
        if replace:
            path += "?replace=true"
        return await self.send_model("POST", path, data, BaselineDTO)

    async def list_baselines(self, project_id: uuid.UUID) -> list[BaselineDTO]:
        """All of them: a project has at most eleven (0-10)."""
        answer = await self.get_model(f"/v1/projects/{project_id}/baselines", BaselineListDTO)
        return answer.items

    # RAID log

    async def create_risk(self, project_id: uuid.UUID, data: RiskCreate) -> RiskDTO:
        return await self.send_model("POST", f"/v1/projects/{project_id}/risks", data, RiskDTO)

    async def create_issue(self, project_id: uuid.UUID, data: IssueCreate) -> IssueDTO:
        return await self.send_model("POST", f"/v1/projects/{project_id}/issues", data, IssueDTO)

    async def create_assumption(
        self, project_id: uuid.UUID, data: AssumptionCreate
    ) -> AssumptionDTO:
        return await self.send_model(
            "POST", f"/v1/projects/{project_id}/assumptions", data, AssumptionDTO
        )

    async def create_decision(self, project_id: uuid.UUID, data: DecisionCreate) -> DecisionDTO:
        return await self.send_model(
            "POST", f"/v1/projects/{project_id}/decisions", data, DecisionDTO
        )

    async def list_risks(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[RiskDTO]:
        params = _page_params(limit, cursor)
        return await self.get_model(f"/v1/projects/{project_id}/risks", RiskPage, params)

    async def list_issues(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[IssueDTO]:
        params = _page_params(limit, cursor)
        return await self.get_model(f"/v1/projects/{project_id}/issues", IssuePage, params)

    async def list_assumptions(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[AssumptionDTO]:
        params = _page_params(limit, cursor)
        return await self.get_model(
            f"/v1/projects/{project_id}/assumptions", AssumptionPage, params
        )

    async def list_decisions(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[DecisionDTO]:
        params = _page_params(limit, cursor)
        return await self.get_model(f"/v1/projects/{project_id}/decisions", DecisionPage, params)

    # change requests

    async def create_change_request(
        self, project_id: uuid.UUID, data: ChangeRequestCreate
    ) -> ChangeRequestDTO:
        return await self.send_model(
            "POST", f"/v1/projects/{project_id}/change-requests", data, ChangeRequestDTO
        )

    async def list_change_requests(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[ChangeRequestDTO]:
        params = _page_params(limit, cursor)
        return await self.get_model(
            f"/v1/projects/{project_id}/change-requests", ChangeRequestPage, params
        )


__all__ = [
    "AssumptionCreate",
    "AssumptionDTO",
    "BaselineCapture",
    "BaselineDTO",
    "BudgetTotalDTO",
    "ChangeRequestCreate",
    "ChangeRequestDTO",
    "CriticalPathDTO",
    "CriticalTaskDTO",
    "DecisionCreate",
    "DecisionDTO",
    "DependencyCreate",
    "DependencyDTO",
    "IssueCreate",
    "IssueDTO",
    "LinkType",
    "MemberCreate",
    "MemberDTO",
    "PortfolioCreate",
    "PortfolioDTO",
    "PortfolioRollupDTO",
    "PortfolioUpdate",
    "Priority",
    "ProjectCreate",
    "ProjectDTO",
    "ProjectRole",
    "ProjectStatus",
    "ProjectUpdate",
    "ProjectsClient",
    "RiskCreate",
    "RiskDTO",
    "TaskCreate",
    "TaskDTO",
    "TaskFieldsByProjectDTO",
    "TaskFieldsDTO",
    "TaskFieldsPageDTO",
    "TaskPageDTO",
    "TaskUpdate",
    "TasksByProjectDTO",
]
