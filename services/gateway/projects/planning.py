"""The planning records around a project's schedule: its critical path, baselines, RAID log
and change requests. Dates are ISO dates, durations and floats working days, money decimal
strings. Each list is resolved through a per-project DataLoader (see ``loaders.py``)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Self, overload

import strawberry

from services.gateway.context import Info
from shared.clients.projects.planning import BaselineDTO, CriticalTaskDTO
from shared.clients.projects.records import (
    AssumptionDTO,
    ChangeRequestDTO,
    DecisionDTO,
    IssueDTO,
    RiskDTO,
)


def day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@overload
def days(value: Decimal) -> float: ...


@overload
def days(value: Decimal | None) -> float | None: ...


def days(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def money(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


RaidDTO = RiskDTO | IssueDTO | AssumptionDTO | DecisionDTO


def _ids(values: list[uuid.UUID]) -> list[strawberry.ID]:
    return [strawberry.ID(str(v)) for v in values]


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
            id=strawberry.ID(str(dto.id)),
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
            id=strawberry.ID(str(dto.id)),
            number=dto.number,
            name=dto.name,
            captured_at=dto.captured_at,
            captured_by=dto.captured_by,
            project_start=day(dto.project_start),
            project_finish=day(dto.project_finish),
            total_cost=money(dto.total_cost),
            task_count=dto.task_count,
        )


@strawberry.interface(description="What every RAID entry has.")
class RaidEntry:
    id: strawberry.ID
    title: str
    description: str | None
    status: str
    owner: str | None
    task_ids: list[strawberry.ID]

    @classmethod
    def from_dto(cls, dto: RaidDTO) -> Self:
        """The wire names are the field names: copy them, then type the ids."""
        values = {f.name: getattr(dto, f.name) for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        values["id"] = strawberry.ID(str(dto.id))
        values["task_ids"] = _ids(dto.task_ids)
        return cls(**values)


@strawberry.type
class Risk(RaidEntry):
    probability: int = strawberry.field(description="1-5")
    impact: int = strawberry.field(description="1-5")
    score: int = strawberry.field(description="probability x impact (1-25)")
    response_strategy: str | None
    mitigation: str | None
    trigger: str | None
    due_date: date | None
    residual_score: int | None


@strawberry.type
class Issue(RaidEntry):
    severity: str
    due_date: date | None
    resolution: str | None


@strawberry.type
class Assumption(RaidEntry):
    validated_by: str | None
    validation_date: date | None


@strawberry.type
class Decision(RaidEntry):
    decision: str
    rationale: str | None
    decided_by: str | None
    decision_date: date | None


@strawberry.type(
    description="The project's RAID log; each list is its first 100 entries, oldest first."
)
class Raid:
    project_uuid: strawberry.Private[uuid.UUID]

    @strawberry.field
    async def risks(self, info: Info) -> list[Risk]:
        return [Risk.from_dto(d) for d in await info.context.loaders.risks.load(self.project_uuid)]

    @strawberry.field
    async def issues(self, info: Info) -> list[Issue]:
        found = await info.context.loaders.issues.load(self.project_uuid)
        return [Issue.from_dto(d) for d in found]

    @strawberry.field
    async def assumptions(self, info: Info) -> list[Assumption]:
        found = await info.context.loaders.assumptions.load(self.project_uuid)
        return [Assumption.from_dto(d) for d in found]

    @strawberry.field
    async def decisions(self, info: Info) -> list[Decision]:
        found = await info.context.loaders.decisions.load(self.project_uuid)
        return [Decision.from_dto(d) for d in found]


@strawberry.type
class ChangeRequest:
    id: strawberry.ID
    title: str
    description: str | None
    reason: str | None
    status: str = strawberry.field(description="draft, submitted, approved or rejected")
    schedule_impact_days: float | None = strawberry.field(description="Working days.")
    cost_impact: str | None = strawberry.field(description="Decimal string.")
    currency: str | None
    scope_impact: str | None
    requested_by: str
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    baseline_number: int | None
    created_at: datetime

    @classmethod
    def from_dto(cls, dto: ChangeRequestDTO) -> ChangeRequest:
        return cls(
            id=strawberry.ID(str(dto.id)),
            title=dto.title,
            description=dto.description,
            reason=dto.reason,
            status=dto.status.value,
            schedule_impact_days=days(dto.schedule_impact_days),
            cost_impact=money(dto.cost_impact),
            currency=dto.currency,
            scope_impact=dto.scope_impact,
            requested_by=dto.requested_by,
            decided_by=dto.decided_by,
            decided_at=dto.decided_at,
            decision_note=dto.decision_note,
            baseline_number=dto.baseline_number,
            created_at=dto.created_at,
        )
