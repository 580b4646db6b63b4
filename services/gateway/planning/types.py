"""The plan around a project's tasks: its critical path and its baselines. Dates are ISO
dates, floats working days, money decimal strings."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from services.gateway.values import day, days, gid, money
from shared.clients.projects.planning import BaselineDTO, CriticalTaskDTO


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
class Baseline:
    id: strawberry.ID
    number: int
    name: str | None
    captured_at: datetime
    captured_by: str
    project_start: date | None
    project_finish: date | None
    total_cost: str | None = strawberry.field(description="Decimal string.")
    task_count: int

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
        )
