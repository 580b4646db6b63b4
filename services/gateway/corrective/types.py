from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from services.gateway.relay.node import Node
from services.gateway.values import days, gid
from shared.clients.projects.corrective import CorrectiveOptionDTO


@strawberry.type(
    description="A change to the plan the engine evaluated on a copy (nothing changed): what "
    "it gains and costs, the risk it adds, and the plan changes applying it would make."
)
class CorrectiveOption(Node):
    id: strawberry.ID
    kind: str = strawberry.field(
        description="crash, fast_track, remove_lag, cut_scope or move_deadline"
    )
    rank: int = strawberry.field(description="1 = best by the portfolio's policy")
    title: str
    finish_gain_days: float = strawberry.field(description="Working days earlier")
    cost_delta: str = strawberry.field(description="Decimal string, in currency")
    currency: str | None
    added_risk_days: float | None = strawberry.field(
        description="Deterministic gain minus P80 gain (working days): risk the option adds"
    )
    task_ids: list[strawberry.ID]
    evaluation: JSON = strawberry.field(description="The REST evaluation (snake_case keys)")
    plan_changes: JSON
    stale: bool = strawberry.field(description="The plan changed since: applying is refused")
    change_request_id: strawberry.ID | None
    created_at: datetime

    @classmethod
    def from_dto(cls, dto: CorrectiveOptionDTO) -> CorrectiveOption:
        evaluation = dto.evaluation
        return cls(
            id=gid(dto.id),
            kind=dto.kind.value,
            rank=dto.rank,
            title=dto.title,
            finish_gain_days=days(dto.finish_gain_days),
            cost_delta=str(dto.cost_delta),
            currency=evaluation.get("currency"),
            added_risk_days=evaluation.get("added_risk_days"),
            task_ids=[strawberry.ID(t) for t in evaluation.get("tasks", [])],
            evaluation=JSON(evaluation),
            plan_changes=JSON(dto.plan_changes),
            stale=dto.stale,
            change_request_id=None if dto.change_request_id is None else gid(dto.change_request_id),
            created_at=dto.created_at,
        )
