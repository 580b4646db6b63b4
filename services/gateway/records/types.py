"""What a project records besides its plan: the RAID log (risks, assumptions, issues,
decisions), change requests and status updates. Each is a connection on ``Project``."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Self

import strawberry

from services.gateway.relay.node import Node
from services.gateway.values import days, gid, gids, money
from shared.clients.projects.records import (
    AssumptionDTO,
    ChangeRequestDTO,
    DecisionDTO,
    IssueDTO,
    RiskDTO,
    StatusUpdateDTO,
)

RaidDTO = RiskDTO | IssueDTO | AssumptionDTO | DecisionDTO


@strawberry.interface(description="What every RAID entry has.")
class RaidEntry(Node):
    id: strawberry.ID
    title: str
    description: str | None
    status: str
    owner: str | None
    task_ids: list[strawberry.ID]
    version: int = strawberry.field(description="Send it back as expectedVersion.")

    @classmethod
    def from_dto(cls, dto: RaidDTO) -> Self:
        """The wire names are the field names: copy them, then type the ids."""
        fields = [f for f in dataclasses.fields(cls) if f.init]  # type: ignore[arg-type]
        values = {f.name: getattr(dto, f.name) for f in fields}
        # Decimal figures (a risk driver's probability and delays) are Floats on the wire.
        values = {k: float(v) if isinstance(v, Decimal) else v for k, v in values.items()}
        values["id"] = gid(dto.id)
        values["task_ids"] = gids(dto.task_ids)
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
    occurrence_probability: float | None = strawberry.field(
        default=None,
        description="Schedule risk driver: the chance it occurs (0-1); null if not a driver.",
    )
    schedule_impact_min_days: float | None = strawberry.field(
        default=None, description="Delay on each of its tasks when it occurs: least (days)."
    )
    schedule_impact_likely_days: float | None = strawberry.field(
        default=None, description="Most likely delay (working days)."
    )
    schedule_impact_max_days: float | None = strawberry.field(
        default=None, description="Largest delay (working days)."
    )


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


@strawberry.type
class ChangeRequest(Node):
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
    version: int = strawberry.field(description="Send it back as expectedVersion.")

    @classmethod
    def from_dto(cls, dto: ChangeRequestDTO) -> ChangeRequest:
        return cls(
            id=gid(dto.id),
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
            version=dto.version,
        )


@strawberry.enum(description="Red, amber or green: how a dimension of a project stands.")
class Rag(Enum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


@strawberry.type(description="What was reported on a project as of a date; never changed.")
class StatusUpdate(Node):
    id: strawberry.ID
    as_of: date
    overall_rag: Rag
    schedule_rag: Rag
    cost_rag: Rag
    scope_rag: Rag
    risk_rag: Rag
    narrative: str
    author: str
    created_at: datetime

    @classmethod
    def from_dto(cls, dto: StatusUpdateDTO) -> StatusUpdate:
        return cls(
            id=gid(dto.id),
            as_of=dto.as_of,
            overall_rag=Rag(dto.overall_rag.value),
            schedule_rag=Rag(dto.schedule_rag.value),
            cost_rag=Rag(dto.cost_rag.value),
            scope_rag=Rag(dto.scope_rag.value),
            risk_rag=Rag(dto.risk_rag.value),
            narrative=dto.narrative,
            author=dto.author,
            created_at=dto.created_at,
        )
