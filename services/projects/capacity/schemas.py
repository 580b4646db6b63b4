"""The capacity answers as documented in OpenAPI (the routes answer JSON built by
``wire.py`` without validating it again: the computation shaped it)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from services.projects.capacity.compute import Grain, GroupBy

HOURS = "Hours, a number with two decimals"
UTILISATION = "Demand over capacity (1.2 = 120 %); null where the capacity is 0"
RESOURCE_ID = (
    "The person or the role (a role's row is its pool); null for a pool of people whose "
    "role name no role resource carries"
)


class Bucket(BaseModel):
    start: date
    end: date = Field(description="Last day of the bucket (both ends included)")


class LoadTotals(BaseModel):
    demand_hours: float = Field(description=HOURS)
    other_demand_hours: float = Field(
        description=f"{HOURS}: the part of the demand from projects outside the scope"
    )
    capacity_hours: float = Field(description=HOURS)
    utilisation: float | None = Field(description=UTILISATION)
    over_allocated_days: int


class LoadBucket(BaseModel):
    start: date = Field(description="The bucket's first day")
    demand_hours: float = Field(description=f"{HOURS}: asked of the resource, every project")
    other_demand_hours: float = Field(
        description=f"{HOURS}: of that, what projects outside the scope ask"
    )
    capacity_hours: float = Field(description=HOURS)
    utilisation: float | None = Field(description=UTILISATION)
    over_allocated: bool = Field(description="Demand exceeds capacity on a day of the bucket")
    over_allocated_days: int


class LoadRow(BaseModel):
    resource_id: uuid.UUID | None = Field(description=RESOURCE_ID)
    name: str
    kind: str = Field(description="person, or role (a role pool)")
    role_name: str | None
    members: int | None = Field(
        description="A pool's available people (0: the role's own max units stand for them)"
    )
    totals: LoadTotals
    buckets: list[LoadBucket] = Field(description="One per bucket of the answer, in order")


class PortfolioCapacity(BaseModel):
    portfolio_id: uuid.UUID
    from_date: date = Field(description="The window's first day")
    to_date: date = Field(description="The window's last day (included)")
    grain: Grain
    by: GroupBy
    buckets: list[Bucket] = Field(
        description="Days, ISO weeks (from Monday) or months, clipped to the window"
    )
    rows: list[LoadRow] = Field(description="By name")


class OverAllocatingTask(BaseModel):
    task_id: uuid.UUID
    task_name: str
    project_id: uuid.UUID
    resource_id: uuid.UUID = Field(description="Whose assignment it is (a pool: the member)")
    units: Decimal = Field(description="Decimal string: the assignment's units")


class OverAllocationItem(BaseModel):
    resource_id: uuid.UUID | None = Field(description=RESOURCE_ID)
    name: str
    kind: str = Field(description="person, or role (a role pool)")
    role_name: str | None
    from_date: date = Field(description="The period's first over-allocated day")
    to_date: date = Field(description="Its last; days nobody works do not break a period")
    days: int = Field(description="Over-allocated days in the period")
    peak_excess_hours: float = Field(description=f"{HOURS}: the most over capacity in a day")
    excess_hours: float = Field(description=f"{HOURS}: over capacity, summed over the days")
    tasks: list[OverAllocatingTask] = Field(
        description="The tasks of the scope asking for the resource on those days"
    )


class PortfolioOverAllocations(BaseModel):
    portfolio_id: uuid.UUID
    from_date: date = Field(description="The window's first day")
    to_date: date = Field(description="The window's last day (included)")
    items: list[OverAllocationItem]


class ProjectOverAllocations(BaseModel):
    project_id: uuid.UUID
    from_date: date = Field(description="The window's first day")
    to_date: date = Field(description="The window's last day (included)")
    items: list[OverAllocationItem]
