"""Projects and their tasks. Types carry the foreign ids privately and resolve relations
only through the request's DataLoaders."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, cast

import strawberry

from services.gateway.connections import PageInfo, Position, decode_after, page_size, slice_page
from services.gateway.context import Info
from services.gateway.loaders import TasksKey
from services.gateway.projects.planning import (
    Baseline,
    ChangeRequest,
    CriticalTask,
    Raid,
    day,
    days,
)
from services.gateway.projects.selection import node_field_names
from shared.clients.projects.planning import DependencyDTO
from shared.clients.projects.projects import ProjectDTO
from shared.clients.projects.tasks import TaskDTO, TaskFieldsDTO

if TYPE_CHECKING:
    from services.gateway.portfolios.types import Portfolio


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


@strawberry.enum(description="FS: finish-to-start, SS, FF, SF likewise.")
class DependencyType(Enum):
    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


@strawberry.type(description="A link into a task from one it depends on.")
class Predecessor:
    id: strawberry.ID
    type: DependencyType
    lag: float = strawberry.field(description="Working days; negative is a lead.")
    predecessor_id: strawberry.Private[uuid.UUID]
    project_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_dto(cls, dto: DependencyDTO) -> Predecessor:
        return cls(
            id=strawberry.ID(str(dto.id)),
            type=DependencyType(dto.type.value),
            lag=float(dto.lag_days),
            predecessor_id=dto.predecessor_id,
            project_id=dto.project_id,
        )

    @strawberry.field(description="The task this one depends on.")
    async def task(self, info: Info) -> Task | None:
        return Task.from_dto(await info.context.loaders.task.load(self.predecessor_id))


# The wire fields (the projects service's task fields, see ``fields=`` on its task reads)
# that each Task field needs; ``id``, ``project_id`` and ``position`` always come. A field
# missing here makes the tasks connection fetch every field (correct, only slower).
TASK_WIRE_FIELDS: dict[str, tuple[str, ...]] = {
    "__typename": (),
    "id": (),
    "name": ("name",),
    "parentId": ("parent_id",),
    "position": (),
    "startDate": ("start_date",),
    "finishDate": ("finish_date",),
    "durationDays": ("duration_days",),
    "percentComplete": ("percent_complete",),
    "createdAt": ("created_at",),
    "updatedAt": ("updated_at",),
    "version": ("version",),
    "wbsCode": ("wbs_code",),
    "isSummary": ("is_summary",),
    "isMilestone": ("is_milestone",),
    "constraintType": ("constraint_type",),
    "earlyStart": ("early_start",),
    "earlyFinish": ("early_finish",),
    "lateStart": ("late_start",),
    "lateFinish": ("late_finish",),
    "totalFloat": ("total_float_days",),
    "freeFloat": ("free_float_days",),
    "critical": ("critical",),
    "project": (),
    "predecessors": (),
}


def task_wire_fields(selected: set[str]) -> frozenset[str] | None:
    """The wire fields the selected Task fields need; ``None`` (all) for any it does not know."""
    wanted: set[str] = set()
    for name in selected:
        wire = TASK_WIRE_FIELDS.get(name)
        if wire is None:
            return None
        wanted.update(wire)
    return frozenset(wanted)


@strawberry.type
class Task:
    id: strawberry.ID
    name: str
    parent_id: strawberry.ID | None
    position: int
    start_date: date | None
    finish_date: date | None
    duration_days: float = strawberry.field(description="Working days (fractional allowed).")
    percent_complete: float
    created_at: datetime
    updated_at: datetime
    version: int
    wbs_code: str | None
    is_summary: bool
    is_milestone: bool
    constraint_type: str
    early_start: date | None = strawberry.field(description="Computed; ISO date.")
    early_finish: date | None
    late_start: date | None
    late_finish: date | None
    total_float: float | None = strawberry.field(description="Working days; negative if late.")
    free_float: float | None = strawberry.field(description="Working days.")
    critical: bool
    project_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_dto(cls, sparse: TaskDTO | TaskFieldsDTO) -> Task:
        # A sparse DTO holds the fields the query selected (TASK_WIRE_FIELDS); the others
        # are None and never resolved, so the Task keeps its non-null GraphQL types.
        dto = cast(TaskDTO, sparse)
        return cls(
            wbs_code=dto.wbs_code,
            is_summary=dto.is_summary,
            is_milestone=dto.is_milestone,
            constraint_type=dto.constraint_type,
            early_start=day(dto.early_start),
            early_finish=day(dto.early_finish),
            late_start=day(dto.late_start),
            late_finish=day(dto.late_finish),
            total_float=days(dto.total_float_days),
            free_float=days(dto.free_float_days),
            critical=dto.critical,
            id=strawberry.ID(str(dto.id)),
            name=dto.name,
            parent_id=strawberry.ID(str(dto.parent_id)) if dto.parent_id else None,
            position=dto.position,
            start_date=dto.start_date,
            finish_date=dto.finish_date,
            duration_days=days(dto.duration_days),
            percent_complete=days(dto.percent_complete),
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            project_id=dto.project_id,
        )

    @strawberry.field
    async def project(self, info: Info) -> Project | None:
        return Project.from_dto(await info.context.loaders.project.load(self.project_id))

    @strawberry.field(description="The links into this task, with their type and lag.")
    async def predecessors(self, info: Info) -> list[Predecessor]:
        links = await info.context.loaders.predecessors.load(uuid.UUID(self.id))
        return [Predecessor.from_dto(link) for link in links]


@strawberry.type
class TaskEdge:
    cursor: str
    node: Task


@strawberry.type
class TaskConnection:
    edges: list[TaskEdge]
    page_info: PageInfo

    @classmethod
    def build(
        cls,
        items: Sequence[TaskDTO | TaskFieldsDTO],
        next_cursor: str | None,
        position: Position,
        first: int,
    ) -> TaskConnection:
        edges, info = slice_page(items, next_cursor, position, first)
        return cls(
            edges=[TaskEdge(cursor=c, node=Task.from_dto(dto)) for c, dto in edges],
            page_info=info,
        )


@strawberry.type
class Project:
    id: strawberry.ID
    code: str
    name: str
    description: str | None
    status: ProjectStatus
    sponsor: str | None
    manager: str | None
    start_date: date | None
    target_date: date | None
    budget: str | None = strawberry.field(description='Decimal string, e.g. "1250.00".')
    currency: str | None = strawberry.field(description="ISO 4217 code of the budget.")
    priority: Priority
    tags: list[str]
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as expectedVersion when updating.")
    project_uuid: strawberry.Private[uuid.UUID]
    portfolio_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_dto(cls, dto: ProjectDTO) -> Project:
        return cls(
            id=strawberry.ID(str(dto.id)),
            code=dto.code,
            name=dto.name,
            description=dto.description,
            status=ProjectStatus(dto.status),
            sponsor=dto.sponsor,
            manager=dto.manager,
            start_date=dto.start_date,
            target_date=dto.target_date,
            budget=str(dto.budget) if dto.budget is not None else None,
            currency=dto.currency,
            priority=Priority(dto.priority),
            tags=dto.tags,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            project_uuid=dto.id,
            portfolio_id=dto.portfolio_id,
        )

    @strawberry.field
    async def portfolio(
        self, info: Info
    ) -> Annotated[Portfolio, strawberry.lazy("services.gateway.portfolios.types")] | None:
        if self.portfolio_id is None:
            return None
        from services.gateway.portfolios.types import Portfolio

        return Portfolio.from_dto(await info.context.loaders.portfolio.load(self.portfolio_id))

    @strawberry.field(description="The project's tasks in WBS order.")
    async def tasks(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> TaskConnection | None:
        size, position = page_size(first), decode_after(after)
        position.limit_for(size)
        fields = task_wire_fields(node_field_names(info.selected_fields))
        key = TasksKey(project_id=self.project_uuid, first=size, position=position, fields=fields)
        items, next_cursor = await info.context.loaders.tasks.load(key)
        return TaskConnection.build(items, next_cursor, position, size)

    @strawberry.field(description="The critical tasks in schedule order.")
    async def critical_path(self, info: Info) -> list[CriticalTask]:
        path = await info.context.loaders.critical_path.load(self.project_uuid)
        return [CriticalTask.from_dto(t) for t in path.tasks]

    @strawberry.field(description="The scheduled finish of the project (ISO date).")
    async def project_finish(self, info: Info) -> date | None:
        path = await info.context.loaders.critical_path.load(self.project_uuid)
        return day(path.project_finish)

    @strawberry.field(description="The project's baselines (0-10), by number.")
    async def baselines(self, info: Info) -> list[Baseline]:
        found = await info.context.loaders.baselines.load(self.project_uuid)
        return [Baseline.from_dto(b) for b in found]

    @strawberry.field(description="Risks, assumptions, issues and decisions.")
    def raid(self) -> Raid:
        return Raid(project_uuid=self.project_uuid)

    @strawberry.field(description="The first 100 change requests, oldest first.")
    async def change_requests(self, info: Info) -> list[ChangeRequest]:
        found = await info.context.loaders.change_requests.load(self.project_uuid)
        return [ChangeRequest.from_dto(c) for c in found]


@strawberry.type
class ProjectEdge:
    cursor: str
    node: Project


@strawberry.type
class ProjectConnection:
    edges: list[ProjectEdge]
    page_info: PageInfo

    @classmethod
    def build(
        cls, items: Sequence[ProjectDTO], next_cursor: str | None, position: Position, first: int
    ) -> ProjectConnection:
        edges, info = slice_page(items, next_cursor, position, first)
        return cls(
            edges=[ProjectEdge(cursor=c, node=Project.from_dto(dto)) for c, dto in edges],
            page_info=info,
        )
