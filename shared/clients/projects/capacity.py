"""Capacity against demand (projects service): a portfolio's load per resource or role
pool by day, week or month, and the over-allocations of a portfolio or of one project."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from enum import StrEnum

from shared.clients import Operation, TypedClient, WireModel, join_ids


class CapacityGrain(StrEnum):
    day = "day"
    week = "week"  # ISO weeks, from Monday
    month = "month"


class CapacityGroupBy(StrEnum):
    resource = "resource"
    role = "role"


class BucketDTO(WireModel):
    start: date
    end: date


class LoadTotalsDTO(WireModel):
    demand_hours: float
    other_demand_hours: float
    capacity_hours: float
    utilisation: float | None = None
    over_allocated_days: int


class LoadBucketDTO(WireModel):
    start: date
    demand_hours: float
    other_demand_hours: float
    capacity_hours: float
    utilisation: float | None = None
    over_allocated: bool
    over_allocated_days: int


class LoadRowDTO(WireModel):
    resource_id: uuid.UUID | None = None
    name: str
    kind: str
    role_name: str | None = None
    members: int | None = None
    totals: LoadTotalsDTO
    buckets: list[LoadBucketDTO]


class PortfolioCapacityDTO(WireModel):
    portfolio_id: uuid.UUID
    from_date: date
    to_date: date
    grain: CapacityGrain
    by: CapacityGroupBy
    buckets: list[BucketDTO]
    rows: list[LoadRowDTO]


class OverAllocatingTaskDTO(WireModel):
    task_id: uuid.UUID
    task_name: str
    project_id: uuid.UUID
    resource_id: uuid.UUID
    units: Decimal


class OverAllocationDTO(WireModel):
    resource_id: uuid.UUID | None = None
    name: str
    kind: str
    role_name: str | None = None
    from_date: date
    to_date: date
    days: int
    peak_excess_hours: float
    excess_hours: float
    tasks: list[OverAllocatingTaskDTO]


class PortfolioOverAllocationsDTO(WireModel):
    portfolio_id: uuid.UUID
    from_date: date
    to_date: date
    items: list[OverAllocationDTO]


class ProjectOverAllocationsDTO(WireModel):
    project_id: uuid.UUID
    from_date: date
    to_date: date
    items: list[OverAllocationDTO]


PORTFOLIO = "/v1/portfolios/{portfolio_id}"
GET_PORTFOLIO_CAPACITY = Operation(
    "get_portfolio_capacity", "GET", f"{PORTFOLIO}/capacity", PortfolioCapacityDTO
)
LIST_PORTFOLIO_OVER_ALLOCATIONS = Operation(
    "list_portfolio_over_allocations",
    "GET",
    f"{PORTFOLIO}/over-allocations",
    PortfolioOverAllocationsDTO,
)
LIST_PROJECT_OVER_ALLOCATIONS = Operation(
    "list_project_over_allocations",
    "GET",
    "/v1/projects/{project_id}/over-allocations",
    ProjectOverAllocationsDTO,
)


class CapacityEndpoints(TypedClient):
    async def portfolio_capacity(
        self,
        portfolio_id: uuid.UUID,
        first: date,
        last: date,
        *,
        grain: CapacityGrain = CapacityGrain.week,
        by: CapacityGroupBy = CapacityGroupBy.resource,
        resource_ids: list[uuid.UUID] | None = None,
        role: str | None = None,
    ) -> PortfolioCapacityDTO:
        """Demand against capacity from ``first`` to ``last`` (both included)."""
        params = {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "grain": grain.value,
            "by": by.value,
        }
        if resource_ids is not None:
            params["resource_ids"] = join_ids(resource_ids)
        if role is not None:
            params["role"] = role
        return await self.fetch(
            GET_PORTFOLIO_CAPACITY, path={"portfolio_id": portfolio_id}, params=params
        )

    async def portfolio_over_allocations(
        self, portfolio_id: uuid.UUID, first: date, last: date
    ) -> PortfolioOverAllocationsDTO:
        return await self.fetch(
            LIST_PORTFOLIO_OVER_ALLOCATIONS,
            path={"portfolio_id": portfolio_id},
            params={"from": first.isoformat(), "to": last.isoformat()},
        )

    async def project_over_allocations(
        self, project_id: uuid.UUID, first: date | None = None, last: date | None = None
    ) -> ProjectOverAllocationsDTO:
        """Without a window: the project's scheduled span (at most a year)."""
        params = {}
        if first is not None:
            params["from"] = first.isoformat()
        if last is not None:
            params["to"] = last.isoformat()
        return await self.fetch(
            LIST_PROJECT_OVER_ALLOCATIONS, path={"project_id": project_id}, params=params
        )
