"""The ``capacity`` and ``overAllocations`` fields of ``Portfolio`` and ``Project``."""

from __future__ import annotations

import uuid
from datetime import date

from services.gateway.capacity.loaders import CapacityKey, WindowKey
from services.gateway.capacity.types import (
    CapacityGrain,
    CapacityGroupBy,
    CapacityTable,
    OverAllocation,
)
from services.gateway.context import Info
from services.gateway.ids import parse_id
from shared.clients.projects import capacity as wire


async def portfolio_capacity(
    info: Info,
    portfolio_id: uuid.UUID,
    first: date,
    last: date,
    grain: CapacityGrain,
    by: CapacityGroupBy,
    resource_ids: list[str] | None,
    role: str | None,
) -> CapacityTable:
    ids = (
        tuple(parse_id(i, "resourceIds") for i in resource_ids)
        if resource_ids is not None
        else None
    )
    key = CapacityKey(
        portfolio_id,
        first,
        last,
        wire.CapacityGrain(grain.value),
        wire.CapacityGroupBy(by.value),
        ids,
        role,
    )
    return CapacityTable.from_dto(await info.context.loaders.capacity.portfolio.load(key))


async def portfolio_over_allocations(
    info: Info, portfolio_id: uuid.UUID, first: date, last: date
) -> list[OverAllocation]:
    key = WindowKey(portfolio_id, first, last)
    found = await info.context.loaders.capacity.portfolio_over_allocations.load(key)
    return [OverAllocation.from_dto(item) for item in found.items]


async def project_over_allocations(
    info: Info, project_id: uuid.UUID, first: date | None, last: date | None
) -> list[OverAllocation]:
    key = WindowKey(project_id, first, last)
    found = await info.context.loaders.capacity.project_over_allocations.load(key)
    return [OverAllocation.from_dto(item) for item in found.items]
