"""The plan around a project's tasks: its critical path and its baselines. Dates are ISO
dates, floats working days, money decimal strings."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import strawberry

from services.gateway.context import Info
from services.gateway.relay.node import Node
from services.gateway.values import day, days, gid, money
from shared.clients.projects.planning import BaselineDTO, CriticalTaskDTO, ProjectVarianceDTO


@strawberry.type(description="A task on the critical path, in schedule order.")
class CriticalTask:
    id: strawberry.ID
    name: str
    wbs_code: str | None
    early_start: date | None
    early_finish: date | None
    total_float: float | None = strawberry.field(description="Working days.")

    @classmethod
    def from_dto(cls, dto: CriticalTaskDTO) -> CriticalTask:
        return cls(
            id=gid(dto.id),
            name=dto.name,
            wbs_code=dto.wbs_code,
            early_start=day(dto.early_start),
            early_finish=day(dto.early_finish),
            total_float=days(dto.total_float_days),
        )


@strawberry.type(description="An immutable capture (0-10) of the planned schedule.")
class Baseline(Node):
    id: strawberry.ID
    number: int
    name: str | None
    captured_at: datetime
    captured_by: str
    project_start: date | None
    project_finish: date | None
    total_cost: str | None = strawberry.field(description="Decimal string.")
    task_count: int
    version: int = strawberry.field(description="Send it back as expectedVersion.")
    project_id: strawberry.Private[uuid.UUID]

    @strawberry.field(
        description="The project now against this baseline (one upstream call per baseline)."
    )
    async def variance(self, info: Info) -> BaselineVariance:
        projects = info.context.clients.projects
        answer = await projects.baseline_variance(self.project_id, self.number, limit=1)
        return BaselineVariance.from_dto(answer.project)

    @classmethod
    def from_dto(cls, dto: BaselineDTO) -> Baseline:
        return cls(
            id=gid(dto.id),
            number=dto.number,
            name=dto.name,
            captured_at=dto.captured_at,
            captured_by=dto.captured_by,
            project_start=day(dto.project_start),
            project_finish=day(dto.project_finish),
            total_cost=money(dto.total_cost),
            task_count=dto.task_count,
            version=dto.version,
            project_id=dto.project_id,
        )


@strawberry.type(description="A project's dates and cost now against a baseline's.")
class BaselineVariance:
    baseline_start: date | None
    baseline_finish: date | None
    current_start: date | None
    current_finish: date | None
    finish_variance_calendar_days: int | None = strawberry.field(
        description="Calendar days the finish moved (positive: later)."
    )
    baseline_cost: str | None = strawberry.field(description="Decimal string.")
    current_cost: str | None = strawberry.field(description="Decimal string.")
    cost_variance: str | None = strawberry.field(description="Decimal string.")

    @classmethod
    def from_dto(cls, dto: ProjectVarianceDTO) -> BaselineVariance:
        return cls(
            baseline_start=day(dto.baseline_start),
            baseline_finish=day(dto.baseline_finish),
            current_start=day(dto.current_start),
            current_finish=day(dto.current_finish),
            finish_variance_calendar_days=dto.finish_variance_calendar_days,
            baseline_cost=money(dto.baseline_cost),
            current_cost=money(dto.current_cost),
            cost_variance=money(dto.cost_variance),
        )
