"""A resource on a task, with its derived work and cost."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from services.gateway.context import Info
from services.gateway.relay.node import Node
from services.gateway.values import gid, money
from shared.clients.projects.assignments import AssignmentDTO

if TYPE_CHECKING:
    from services.gateway.resources.types import Resource
    from services.gateway.tasks.types import Task


@strawberry.type(description="A resource working on a task at some units of its time.")
class Assignment(Node):
    id: strawberry.ID
    version: int = strawberry.field(description="Send as expectedVersion when updating.")
    units: str = strawberry.field(description='Share of each working day, "1.00" = full time.')
    work_hours: str = strawberry.field(description="units x duration x hours per day.")
    cost: str | None = strawberry.field(
        description="Decimal string in the project's currency; null when a rate is in "
        "another currency."
    )
    currency: str | None
    task_uuid: strawberry.Private[uuid.UUID]
    resource_uuid: strawberry.Private[uuid.UUID]

    @classmethod
    def from_dto(cls, dto: AssignmentDTO) -> Assignment:
        return cls(
            id=gid(dto.id),
            version=dto.version,
            units=money(dto.units) or "0",
            work_hours=money(dto.work_hours) or "0",
            cost=money(dto.cost),
            currency=dto.currency,
            task_uuid=dto.task_id,
            resource_uuid=dto.resource_id,
        )

    @strawberry.field
    async def task(
        self, info: Info
    ) -> Annotated[Task, strawberry.lazy("services.gateway.tasks.types")] | None:
        from services.gateway.tasks.types import Task

        return Task.from_dto(await info.context.loaders.tasks.task.load(self.task_uuid))

    @strawberry.field
    async def resource(
        self, info: Info
    ) -> Annotated[Resource, strawberry.lazy("services.gateway.resources.types")] | None:
        from services.gateway.resources.types import Resource

        dto = await info.context.loaders.resources.resource.load(self.resource_uuid)
        return Resource.from_dto(dto)


def resource_cost(assignments: list[AssignmentDTO]) -> Decimal:
    """The sum of the costs that can be summed (those in the project's currency)."""
    return sum((dto.cost for dto in assignments if dto.cost is not None), Decimal("0.00"))
