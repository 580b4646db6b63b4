"""Capacity against demand and over-allocations as GraphQL shows them: hours and
utilisation as floats, units as decimal strings, dates as ISO dates."""

from __future__ import annotations

import uuid
from datetime import date
from enum import Enum

import strawberry

from services.gateway.context import Info
from services.gateway.resources.types import Resource
from services.gateway.values import gid
from shared.clients.projects.capacity import (
    BucketDTO,
    LoadBucketDTO,
    LoadRowDTO,
    OverAllocatingTaskDTO,
    OverAllocationDTO,
    PortfolioCapacityDTO,
)


@strawberry.enum(description="How capacity is grouped in time.")
class CapacityGrain(Enum):
    DAY = "day"
    WEEK = strawberry.enum_value("week", description="ISO weeks, from Monday")
    MONTH = "month"


@strawberry.enum(description="Rows per resource (a role's row is its pool) or per role pool.")
class CapacityGroupBy(Enum):
    RESOURCE = "resource"
    ROLE = "role"


async def _resource(info: Info, resource_id: uuid.UUID | None) -> Resource | None:
    if resource_id is None:
        return None
    return Resource.from_dto(await info.context.loaders.resources.resource.load(resource_id))


@strawberry.type
class CapacityBucketSpan:
    start: date
    end: date = strawberry.field(description="Its last day (included).")

    @classmethod
    def from_dto(cls, dto: BucketDTO) -> CapacityBucketSpan:
        return cls(start=dto.start, end=dto.end)


@strawberry.type(description="One bucket of a row: hours asked and available.")
class CapacityBucket:
    start: date
    demand_hours: float = strawberry.field(description="Asked by every project.")
    other_demand_hours: float = strawberry.field(
        description="Of that, asked by projects outside the portfolio (not named)."
    )
    capacity_hours: float
    utilisation: float | None = strawberry.field(
        description="Demand over capacity (1.2 = 120 %); null without capacity."
    )
    over_allocated: bool = strawberry.field(description="Over capacity on a day of it.")
    over_allocated_days: int

    @classmethod
    def from_dto(cls, dto: LoadBucketDTO) -> CapacityBucket:
        return cls(**dto.model_dump())


@strawberry.type(description="A person's own load, a role's pool, or a role pool.")
class CapacityRow:
    name: str
    kind: str = strawberry.field(description="person, or role (a pool)")
    role_name: str | None
    members: int | None = strawberry.field(description="A pool's available people.")
    demand_hours: float
    capacity_hours: float
    utilisation: float | None
    over_allocated_days: int
    buckets: list[CapacityBucket]
    resource_uuid: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The person or role (null: a pool no role resource names).")
    def resource_id(self) -> strawberry.ID | None:
        return gid(self.resource_uuid) if self.resource_uuid else None

    @strawberry.field
    async def resource(self, info: Info) -> Resource | None:
        return await _resource(info, self.resource_uuid)

    @classmethod
    def from_dto(cls, dto: LoadRowDTO) -> CapacityRow:
        return cls(
            name=dto.name,
            kind=dto.kind,
            role_name=dto.role_name,
            members=dto.members,
            demand_hours=dto.totals.demand_hours,
            capacity_hours=dto.totals.capacity_hours,
            utilisation=dto.totals.utilisation,
            over_allocated_days=dto.totals.over_allocated_days,
            buckets=[CapacityBucket.from_dto(b) for b in dto.buckets],
            resource_uuid=dto.resource_id,
        )


@strawberry.type(description="Demand against capacity over a window.")
class CapacityTable:
    from_date: date = strawberry.field(name="from")
    to_date: date = strawberry.field(name="to")
    grain: CapacityGrain
    by: CapacityGroupBy
    buckets: list[CapacityBucketSpan]
    rows: list[CapacityRow]

    @classmethod
    def from_dto(cls, dto: PortfolioCapacityDTO) -> CapacityTable:
        return cls(
            from_date=dto.from_date,
            to_date=dto.to_date,
            grain=CapacityGrain(dto.grain.value),
            by=CapacityGroupBy(dto.by.value),
            buckets=[CapacityBucketSpan.from_dto(b) for b in dto.buckets],
            rows=[CapacityRow.from_dto(r) for r in dto.rows],
        )


@strawberry.type(description="A task asking for an over-allocated resource.")
class OverAllocatingTask:
    task_id: strawberry.ID
    task_name: str
    project_id: strawberry.ID
    resource_id: strawberry.ID = strawberry.field(
        description="Whose assignment (a pool: the member)."
    )
    units: str = strawberry.field(description='Decimal string, e.g. "0.50".')

    @classmethod
    def from_dto(cls, dto: OverAllocatingTaskDTO) -> OverAllocatingTask:
        return cls(
            task_id=gid(dto.task_id),
            task_name=dto.task_name,
            project_id=gid(dto.project_id),
            resource_id=gid(dto.resource_id),
            units=str(dto.units),
        )


@strawberry.type(description="A period a person or a role pool is asked for more than it has.")
class OverAllocation:
    name: str
    kind: str
    role_name: str | None
    from_date: date = strawberry.field(name="from")
    to_date: date = strawberry.field(name="to")
    days: int = strawberry.field(description="Over-allocated days in the period.")
    peak_excess_hours: float
    excess_hours: float
    tasks: list[OverAllocatingTask]
    resource_uuid: strawberry.Private[uuid.UUID | None]

    @strawberry.field
    def resource_id(self) -> strawberry.ID | None:
        return gid(self.resource_uuid) if self.resource_uuid else None

    @strawberry.field
    async def resource(self, info: Info) -> Resource | None:
        return await _resource(info, self.resource_uuid)

    @classmethod
    def from_dto(cls, dto: OverAllocationDTO) -> OverAllocation:
        return cls(
            name=dto.name,
            kind=dto.kind,
            role_name=dto.role_name,
            from_date=dto.from_date,
            to_date=dto.to_date,
            days=dto.days,
            peak_excess_hours=dto.peak_excess_hours,
            excess_hours=dto.excess_hours,
            tasks=[OverAllocatingTask.from_dto(t) for t in dto.tasks],
            resource_uuid=dto.resource_id,
        )
