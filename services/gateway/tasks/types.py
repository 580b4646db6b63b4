"""Tasks with their computed schedule, and the links into them. Types carry the foreign
ids privately and resolve relations only through the request's DataLoaders."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, cast

import strawberry

from services.gateway.context import Info
from services.gateway.relay.node import Node
from services.gateway.values import day, days, gid
from shared.clients.projects.planning import DependencyDTO
from shared.clients.projects.tasks import TaskDTO, TaskFieldsDTO

if TYPE_CHECKING:
    from services.gateway.assignments.types import Assignment
    from services.gateway.projects.types import Project

PROJECT_TYPES = "services.gateway.projects.types"
ASSIGNMENT_TYPES = "services.gateway.assignments.types"


@strawberry.enum(description="FS: finish-to-start, SS, FF, SF likewise.")
class DependencyType(Enum):
    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


@strawberry.type(description="A link into a task from one it depends on.")
class Predecessor(Node):
    id: strawberry.ID
    type: DependencyType
    lag: float = strawberry.field(description="Working days; negative is a lead.")
    version: int = strawberry.field(description="Send it back as expectedVersion.")
    predecessor_id: strawberry.Private[uuid.UUID]
    project_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_dto(cls, dto: DependencyDTO) -> Predecessor:
        return cls(
            id=gid(dto.id),
            type=DependencyType(dto.type.value),
            lag=float(dto.lag_days),
            version=dto.version,
            predecessor_id=dto.predecessor_id,
            project_id=dto.project_id,
        )

    @strawberry.field(description="The task this one depends on.")
    async def task(self, info: Info) -> Task | None:
        return Task.from_dto(await info.context.loaders.tasks.task.load(self.predecessor_id))


# The wire fields (the projects service's task fields, see ``fields=`` on its task reads)
# that each Task field needs; ``id``, ``project_id`` and ``position`` always come. A field
# missing here makes the tasks connection fetch every field (correct, only slower).
TASK_WIRE_FIELDS: dict[str, tuple[str, ...]] = {
    "__typename": (),
    "id": (),
    "databaseId": (),
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
    "actualDuration": ("actual_duration_days",),
    "remainingDuration": ("remaining_duration_days",),
    "stop": ("stop",),
    "resume": ("resume",),
    "isSplit": ("is_split",),
    "project": (),
    "predecessors": (),
    "assignments": (),
    "resourceCost": (),
    "budget": ("cost",),
    "levellingDelayDays": ("levelling_delay_days",),
    "durationOptimisticDays": ("duration_optimistic_days",),
    "durationMostLikelyDays": ("duration_most_likely_days",),
    "durationPessimisticDays": ("duration_pessimistic_days",),
    "durationDistribution": ("duration_distribution",),
    "optional": ("optional",),
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
class Task(Node):
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
    actual_duration: float = strawberry.field(description="Working days of work done.")
    remaining_duration: float = strawberry.field(
        description="Working days of work left; a started task lasts actual + remaining."
    )
    stop: date | None = strawberry.field(
        description="A task in progress: where its completed part ends; ISO date."
    )
    resume: date | None = strawberry.field(
        description="A task in progress: where its remaining part starts; ISO date."
    )
    is_split: bool = strawberry.field(
        description="The remaining part resumes after a pause: draw two bars, stop to resume "
        "being the gap."
    )
    project_id: strawberry.Private[uuid.UUID]
    fixed_cost: strawberry.Private[Decimal | None] = None
    levelling_delay_days: float = strawberry.field(
        default=0.0,
        description="Working days an applied levelling delays the task's start "
        "(0: not delayed); clearLevelling sets it back to 0.",
    )
    duration_optimistic_days: float | None = strawberry.field(
        default=None, description="Three-point estimate (schedule risk analysis), working days"
    )
    duration_most_likely_days: float | None = None
    duration_pessimistic_days: float | None = None
    duration_distribution: str | None = strawberry.field(
        default=None, description="triangular or pert; null: the duration is fixed"
    )
    optional: bool = strawberry.field(
        default=False, description="Scope the PMO may cut to recover the schedule"
    )

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
            actual_duration=days(dto.actual_duration_days),
            remaining_duration=days(dto.remaining_duration_days),
            stop=day(dto.stop),
            resume=day(dto.resume),
            is_split=dto.is_split,
            id=gid(dto.id),
            name=dto.name,
            parent_id=gid(dto.parent_id) if dto.parent_id else None,
            position=dto.position,
            start_date=dto.start_date,
            finish_date=dto.finish_date,
            duration_days=days(dto.duration_days),
            percent_complete=days(dto.percent_complete),
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            project_id=dto.project_id,
            fixed_cost=dto.cost,
            levelling_delay_days=days(dto.levelling_delay_days),
            duration_optimistic_days=days(dto.duration_optimistic_days),
            duration_most_likely_days=days(dto.duration_most_likely_days),
            duration_pessimistic_days=days(dto.duration_pessimistic_days),
            duration_distribution=dto.duration_distribution,
            optional=bool(dto.optional),
        )

    @strawberry.field
    async def project(
        self, info: Info
    ) -> Annotated[Project, strawberry.lazy(PROJECT_TYPES)] | None:
        from services.gateway.projects.types import Project

        return Project.from_dto(await info.context.loaders.projects.project.load(self.project_id))

    @strawberry.field(description="The links into this task, with their type and lag.")
    async def predecessors(self, info: Info) -> list[Predecessor]:
        links = await info.context.loaders.tasks.predecessors.load(self.node_uuid())
        return [Predecessor.from_dto(link) for link in links]

    @strawberry.field(description="The resources working on this task.")
    async def assignments(
        self, info: Info
    ) -> list[Annotated[Assignment, strawberry.lazy(ASSIGNMENT_TYPES)]]:
        from services.gateway.assignments.types import Assignment

        dtos = await info.context.loaders.assignments.of_task.load(self.node_uuid())
        return [Assignment.from_dto(dto) for dto in dtos]

    @strawberry.field(
        description="What the assigned resources cost (decimal string, the project's currency)."
    )
    async def resource_cost(self, info: Info) -> str:
        from services.gateway.assignments.types import resource_cost

        dtos = await info.context.loaders.assignments.of_task.load(self.node_uuid())
        return str(resource_cost(dtos))

    @strawberry.field(
        description="The budget earned value spreads: the fixed cost plus the resource cost."
    )
    async def budget(self, info: Info) -> str:
        from services.gateway.assignments.types import resource_cost

        dtos = await info.context.loaders.assignments.of_task.load(self.node_uuid())
        return str((self.fixed_cost or Decimal("0.00")) + resource_cost(dtos))
