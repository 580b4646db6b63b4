"""Projects and their members. ``Project`` is where the other domains hang: its tasks, its
plan (critical path, baselines) and its records (RAID log, change requests, status
updates), each list a connection read through the request's DataLoaders."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.corrective_actions.queries import StatusFilter, project_corrective_actions
from services.gateway.corrective_actions.types import CorrectiveAction
from services.gateway.costs.types import ActualCost
from services.gateway.evm.fields import project_evm
from services.gateway.evm.types import Evm
from services.gateway.fields import project_list
from services.gateway.planning.types import Baseline, CriticalTask
from services.gateway.records.types import (
    Assumption,
    ChangeRequest,
    Decision,
    Issue,
    Risk,
    StatusUpdate,
)
from services.gateway.relay.node import Node
from services.gateway.reporting.health_types import (
    HealthSnapshot,
    ProjectHealth,
    TrendMetric,
    TrendPoint,
)
from services.gateway.reporting.links import ProjectReportLinks
from services.gateway.reporting.loaders import HealthKey, SnapshotsKey, TrendKey
from services.gateway.tasks.loaders import TasksKey
from services.gateway.tasks.selection import node_field_names
from services.gateway.tasks.types import Task, task_wire_fields
from services.gateway.values import day, gid
from shared.clients.projects.members import MemberDTO
from shared.clients.projects.projects import ProjectDTO
from shared.clients.reporting.snapshots import TrendMetric as WireTrendMetric

if TYPE_CHECKING:
    from services.gateway.capacity.types import OverAllocation
    from services.gateway.compliance.types import Evaluation
    from services.gateway.corrective.types import CorrectiveOption
    from services.gateway.forecasts.types import RiskAnalysisSummary, RiskForecast
    from services.gateway.portfolios.types import Portfolio
    from services.gateway.programs.types import Program

PORTFOLIO_TYPES = "services.gateway.portfolios.types"
PROGRAM_TYPES = "services.gateway.programs.types"
COMPLIANCE_TYPES = "services.gateway.compliance.types"
CAPACITY_TYPES = "services.gateway.capacity.types"
CORRECTIVE_TYPES = "services.gateway.corrective.types"
FORECAST_TYPES = "services.gateway.forecasts.types"


@strawberry.enum
class ProjectStatus(Enum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@strawberry.enum
class Priority(Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@strawberry.enum(description="How progress moves the plan around the status date.")
class ProgressMode(Enum):
    MS_PROJECT = strawberry.enum_value(
        "ms_project", description="As MS Project: its four move options decide."
    )
    DATA_DATE = strawberry.enum_value(
        "data_date", description="As Primavera P6: no remaining work before the status date."
    )


@strawberry.type(description="The project's progress semantics, as the scheduler applies them.")
class ProgressSettings:
    mode: ProgressMode
    move_completed_ends_back: bool
    move_remaining_starts_back: bool
    move_remaining_starts_forward: bool
    move_completed_ends_forward: bool
    split_in_progress_tasks: bool

    @classmethod
    def from_dto(cls, dto: ProjectDTO) -> ProgressSettings:
        return cls(
            mode=ProgressMode(dto.progress_mode.value),
            move_completed_ends_back=dto.move_completed_ends_back,
            move_remaining_starts_back=dto.move_remaining_starts_back,
            move_remaining_starts_forward=dto.move_remaining_starts_forward,
            move_completed_ends_forward=dto.move_completed_ends_forward,
            split_in_progress_tasks=dto.split_in_progress_tasks,
        )


# The status filter of project connections.
Statuses = list[ProjectStatus] | None


@strawberry.enum(description="What a member may do on a project.")
class ProjectRole(Enum):
    MANAGER = "manager"
    MEMBER = "member"
    VIEWER = "viewer"


@strawberry.type(description="A user's role on a project.")
class ProjectMember(Node):
    id: strawberry.ID
    user_id: str
    role: ProjectRole
    created_at: datetime
    version: int

    @classmethod
    def from_dto(cls, dto: MemberDTO) -> ProjectMember:
        return cls(
            id=gid(dto.id),
            user_id=dto.user_id,
            role=ProjectRole(dto.role.value),
            created_at=dto.created_at,
            version=dto.version,
        )


@strawberry.type
class Project(Node):
    id: strawberry.ID
    code: str
    name: str
    description: str | None
    status: ProjectStatus
    phase: str | None = strawberry.field(
        description="The lifecycle phase; it moves only through gate reviews (governance)."
    )
    sponsor: str | None
    manager: str | None
    start_date: date | None
    target_date: date | None
    budget: str | None = strawberry.field(description='Decimal string, e.g. "1250.00".')
    currency: str | None = strawberry.field(
        description="ISO 4217 code of the budget and the actual costs; in a portfolio, the "
        "portfolio's (null: the portfolio's applies)."
    )
    priority: Priority
    tags: list[str]
    status_date: date | None
    progress_settings: ProgressSettings
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as expectedVersion when updating.")
    project_uuid: strawberry.Private[uuid.UUID]
    portfolio_id: strawberry.Private[uuid.UUID | None]
    program_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_dto(cls, dto: ProjectDTO) -> Project:
        return cls(
            id=gid(dto.id),
            code=dto.code,
            name=dto.name,
            description=dto.description,
            status=ProjectStatus(dto.status),
            phase=dto.phase,
            sponsor=dto.sponsor,
            manager=dto.manager,
            start_date=dto.start_date,
            target_date=dto.target_date,
            budget=str(dto.budget) if dto.budget is not None else None,
            currency=dto.currency,
            priority=Priority(dto.priority),
            tags=dto.tags,
            status_date=dto.status_date,
            progress_settings=ProgressSettings.from_dto(dto),
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            project_uuid=dto.id,
            portfolio_id=dto.portfolio_id,
            program_id=dto.program_id,
        )

    @strawberry.field
    async def portfolio(
        self, info: Info
    ) -> Annotated[Portfolio, strawberry.lazy(PORTFOLIO_TYPES)] | None:
        if self.portfolio_id is None:
            return None
        from services.gateway.portfolios.types import Portfolio

        loader = info.context.loaders.portfolios.portfolio
        return Portfolio.from_dto(await loader.load(self.portfolio_id))

    @strawberry.field(description="The program of the portfolio the project belongs to, if any.")
    async def program(
        self, info: Info
    ) -> Annotated[Program, strawberry.lazy(PROGRAM_TYPES)] | None:
        if self.program_id is None:
            return None
        from services.gateway.programs.types import Program

        return Program.from_dto(await info.context.loaders.programs.program.load(self.program_id))

    @strawberry.field(
        description="The project's latest compliance evaluation (findings on demand); "
        "read for many projects in one upstream call."
    )
    async def compliance(
        self, info: Info
    ) -> Annotated[Evaluation, strawberry.lazy(COMPLIANCE_TYPES)] | None:
        from services.gateway.compliance.types import Evaluation

        latest = await info.context.loaders.compliance.latest.load(self.project_uuid)
        return Evaluation.from_dto(latest) if latest is not None else None

    @strawberry.field(
        description="URLs of the project's status report and charts on the reporting service."
    )
    def report_links(self, info: Info) -> ProjectReportLinks:
        return info.context.links.project(self.project_uuid)

    @strawberry.field(
        description="Earned value against the current baseline, through the end of the "
        "status date (default: the project's status date, else today)."
    )
    async def evm(self, info: Info, status_date: date | None = None) -> Evm | None:
        return await project_evm(info, self.project_uuid, self.start_date, status_date)

    @strawberry.field(
        description="The project's schedule risk analyses, newest first (first: 1..100)."
    )
    async def risk_analyses(
        self, info: Info, first: int = 10
    ) -> list[Annotated[RiskAnalysisSummary, strawberry.lazy(FORECAST_TYPES)]]:
        from services.gateway.forecasts.fields import project_risk_analyses

        return await project_risk_analyses(info, self.project_uuid, first)

    @strawberry.field(
        description="The latest finished schedule risk analysis in brief (P50/P80 finish, "
        "chance of meeting the deadline); read for many projects in one upstream call."
    )
    async def risk_forecast(
        self, info: Info
    ) -> Annotated[RiskForecast, strawberry.lazy(FORECAST_TYPES)] | None:
        from services.gateway.forecasts.fields import project_risk_forecast

        return await project_risk_forecast(info, self.project_uuid)

    @strawberry.field(
        description="Periods its tasks ask a person or a role pool for more than they have "
        "(other projects' work on them counted, not named); default window: the project's "
        "scheduled span, at most a year."
    )
    async def over_allocations(
        self,
        info: Info,
        from_date: Annotated[date | None, strawberry.argument(name="from")] = None,
        to_date: Annotated[date | None, strawberry.argument(name="to")] = None,
    ) -> list[Annotated[OverAllocation, strawberry.lazy(CAPACITY_TYPES)]] | None:
        from services.gateway.capacity.fields import project_over_allocations

        return await project_over_allocations(info, self.project_uuid, from_date, to_date)

    @strawberry.field(
        description="The latest corrective-action options computed for the project, best "
        "first by its portfolio's policy (proposeCorrectiveOptions computes them)."
    )
    async def corrective_options(
        self, info: Info
    ) -> list[Annotated[CorrectiveOption, strawberry.lazy(CORRECTIVE_TYPES)]]:
        from services.gateway.corrective.fields import project_corrective_options

        return await project_corrective_options(info, self.project_uuid)

    @strawberry.field(
        description="The project's health now (reporting): a colour per dimension and overall "
        "with the reasons behind each, and the effective colour (an active override's). "
        "Read for many projects in one upstream call."
    )
    async def health(self, info: Info, status_date: date | None = None) -> ProjectHealth | None:
        key = HealthKey(self.project_uuid, status_date)
        found = await info.context.loaders.reporting.health.load(key)
        return ProjectHealth.from_dto(found) if found is not None else None

    @strawberry.field(
        description="One metric of the project's daily snapshots, oldest first (default "
        "range: the 90 days to today)."
    )
    async def trend(
        self,
        info: Info,
        metric: TrendMetric,
        from_date: Annotated[date | None, strawberry.argument(name="from")] = None,
        to_date: Annotated[date | None, strawberry.argument(name="to")] = None,
    ) -> list[TrendPoint]:
        key = TrendKey(self.project_uuid, WireTrendMetric(metric.value), from_date, to_date)
        points = await info.context.loaders.reporting.trend.load(key)
        return [TrendPoint.from_dto(p) for p in points]

    @strawberry.field(
        description="The project's daily snapshots from `from` to `to` (default: the 90 days "
        "to today), oldest first; each keeps the colours of the policy of its day."
    )
    async def snapshots(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        from_date: Annotated[date | None, strawberry.argument(name="from")] = None,
        to_date: Annotated[date | None, strawberry.argument(name="to")] = None,
    ) -> Connection[HealthSnapshot] | None:
        request = page_request(first, after)
        key = SnapshotsKey(self.project_uuid, request, from_date, to_date)
        items, next_cursor = await info.context.loaders.reporting.snapshots.load(key)
        return connection(items, next_cursor, request, HealthSnapshot.from_dto)

    @strawberry.field(
        description="The project's corrective actions (reporting's action register), newest "
        "first, each with its trigger and measured effect."
    )
    async def corrective_actions(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        status: StatusFilter = None,
    ) -> Connection[CorrectiveAction] | None:
        return await project_corrective_actions(info, self.project_uuid, first, after, status)

    @strawberry.field(description="The project's tasks in WBS order.")
    async def tasks(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Task] | None:
        request = page_request(first, after)
        fields = task_wire_fields(node_field_names(info.selected_fields))
        key = TasksKey(project_id=self.project_uuid, request=request, fields=fields)
        items, next_cursor = await info.context.loaders.tasks.pages.load(key)
        return connection(items, next_cursor, request, Task.from_dto)

    @strawberry.field(description="The critical tasks in schedule order.")
    async def critical_path(self, info: Info) -> list[CriticalTask]:
        path = await info.context.loaders.planning.critical_path.load(self.project_uuid)
        return [CriticalTask.from_dto(t) for t in path.tasks]

    @strawberry.field(description="The scheduled finish of the project (ISO date).")
    async def project_finish(self, info: Info) -> date | None:
        path = await info.context.loaders.planning.critical_path.load(self.project_uuid)
        return day(path.project_finish)

    baselines = project_list(
        Baseline, lambda loaders: loaders.planning.baselines, "Baselines (0-10), by number."
    )
    risks = project_list(Risk, lambda loaders: loaders.records.risks, "Risks, oldest first.")
    issues = project_list(Issue, lambda loaders: loaders.records.issues, "Issues, oldest first.")
    assumptions = project_list(
        Assumption, lambda loaders: loaders.records.assumptions, "Assumptions, oldest first."
    )
    decisions = project_list(
        Decision, lambda loaders: loaders.records.decisions, "Decisions, oldest first."
    )
    change_requests = project_list(
        ChangeRequest,
        lambda loaders: loaders.records.change_requests,
        "Change requests, oldest first.",
    )
    status_updates = project_list(
        StatusUpdate,
        lambda loaders: loaders.records.status_updates,
        "Newest first (by the date reported on).",
    )
    members = project_list(
        ProjectMember, lambda loaders: loaders.projects.members, "Who has a role, oldest first."
    )
    actual_costs = project_list(
        ActualCost,
        lambda loaders: loaders.costs.actual_costs,
        "Money spent, by the day incurred, oldest first.",
    )
