"""Actual costs: what a project spent, by day, in its one currency (the AC of earned
value). A connection on ``Project``."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from services.gateway.context import Info
from services.gateway.relay.node import Node
from services.gateway.values import gid, money
from shared.clients.projects.costs import ActualCostDTO

if TYPE_CHECKING:
    from services.gateway.tasks.types import Task

TASK_TYPES = "services.gateway.tasks.types"


@strawberry.enum(description="What the money was spent on.")
class CostCategory(Enum):
    LABOUR = "labour"
    MATERIAL = "material"
    SERVICES = "services"
    TRAVEL = "travel"
    OTHER = "other"


@strawberry.type(description="Money spent on a project on a day, in the project's currency.")
class ActualCost(Node):
    id: strawberry.ID
    incurred_on: date
    amount: str = strawberry.field(description='Decimal string, e.g. "1250.00".')
    currency: str = strawberry.field(description="ISO 4217: the project's currency.")
    category: CostCategory
    description: str | None
    external_source: str | None = strawberry.field(
        description="The finance system that pushed the entry, if one did."
    )
    external_id: str | None
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as expectedVersion when updating.")
    task_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_dto(cls, dto: ActualCostDTO) -> ActualCost:
        return cls(
            id=gid(dto.id),
            incurred_on=dto.incurred_on,
            amount=money(dto.amount) or "0",
            currency=dto.currency,
            category=CostCategory(dto.category.value),
            description=dto.description,
            external_source=dto.external_source,
            external_id=dto.external_id,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            task_id=dto.task_id,
        )

    @strawberry.field(description="The task the money was spent on; null: the whole project.")
    async def task(self, info: Info) -> Annotated[Task, strawberry.lazy(TASK_TYPES)] | None:
        if self.task_id is None:
            return None
        from services.gateway.tasks.types import Task

        return Task.from_dto(await info.context.loaders.tasks.task.load(self.task_id))
