"""The resource pool: people and generic roles, with their hourly rates over time and
their time off."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from services.gateway.context import Info
from services.gateway.relay.node import Node
from services.gateway.values import gid, money
from shared.clients.projects.resources import RateDTO, ResourceDTO, TimeOffDTO

if TYPE_CHECKING:
    from services.gateway.assignments.types import Assignment


@strawberry.enum(description="A named person, or a generic role planned before one is named.")
class ResourceKind(Enum):
    PERSON = "person"
    ROLE = "role"


@strawberry.type(description="An hourly cost rate, in force from a day until the next one.")
class ResourceRate(Node):
    id: strawberry.ID
    effective_from: date
    rate_per_hour: str = strawberry.field(description='Decimal string, e.g. "95.00".')
    currency: str

    @classmethod
    def from_dto(cls, dto: RateDTO) -> ResourceRate:
        return cls(
            id=gid(dto.id),
            effective_from=dto.effective_from,
            rate_per_hour=money(dto.rate_per_hour) or "0",
            currency=dto.currency,
        )


@strawberry.type(description="Days a resource is not available, both ends included.")
class TimeOff(Node):
    id: strawberry.ID
    from_date: date
    to_date: date
    reason: str | None

    @classmethod
    def from_dto(cls, dto: TimeOffDTO) -> TimeOff:
        return cls(id=gid(dto.id), from_date=dto.from_date, to_date=dto.to_date, reason=dto.reason)


@strawberry.type(description="A person or a generic role of the resource pool.")
class Resource(Node):
    id: strawberry.ID
    kind: ResourceKind
    name: str
    email: str | None
    role_name: str | None
    skills: list[str]
    max_units: str = strawberry.field(description='Capacity, "1.00" = full time.')
    calendar_id: strawberry.ID | None
    external_source: str | None = strawberry.field(
        description="The HR system that pushed the resource, if one did."
    )
    external_id: str | None
    active: bool
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as expectedVersion when updating.")
    resource_uuid: strawberry.Private[uuid.UUID]

    @classmethod
    def from_dto(cls, dto: ResourceDTO) -> Resource:
        return cls(
            id=gid(dto.id),
            kind=ResourceKind(dto.kind.value),
            name=dto.name,
            email=dto.email,
            role_name=dto.role_name,
            skills=dto.skills,
            max_units=money(dto.max_units) or "0",
            calendar_id=gid(dto.calendar_id) if dto.calendar_id else None,
            external_source=dto.external_source,
            external_id=dto.external_id,
            active=dto.active,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            resource_uuid=dto.id,
        )

    @strawberry.field(description="The resource's rates, oldest first.")
    async def rates(self, info: Info) -> list[ResourceRate]:
        answer = await info.context.loaders.resources.rates.load(self.resource_uuid)
        return [ResourceRate.from_dto(dto) for dto in answer.items]

    @strawberry.field(description="The resource's time off, earliest first.")
    async def time_off(self, info: Info) -> list[TimeOff]:
        answer = await info.context.loaders.resources.time_off.load(self.resource_uuid)
        return [TimeOff.from_dto(dto) for dto in answer.items]

    @strawberry.field(description="The resource's assignments in the projects you may read.")
    async def assignments(
        self, info: Info
    ) -> list[Annotated[Assignment, strawberry.lazy("services.gateway.assignments.types")]]:
        from services.gateway.assignments.types import Assignment

        dtos = await info.context.loaders.assignments.of_resource.load(self.resource_uuid)
        return [Assignment.from_dto(dto) for dto in dtos]
