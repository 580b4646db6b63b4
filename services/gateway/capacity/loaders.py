"""Capacity reads: one upstream call per portfolio (or project) and arguments, concurrently;
the answer is computed over the whole portfolio, there is nothing to batch."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, each
from shared.clients.projects.capacity import (
    CapacityGrain,
    CapacityGroupBy,
    PortfolioCapacityDTO,
    PortfolioOverAllocationsDTO,
    ProjectOverAllocationsDTO,
)


@dataclass(frozen=True, slots=True)
class CapacityKey:
    portfolio_id: uuid.UUID
    first: date
    last: date
    grain: CapacityGrain
    by: CapacityGroupBy
    resource_ids: tuple[uuid.UUID, ...] | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class WindowKey:
    id: uuid.UUID
    first: date | None
    last: date | None


class CapacityLoaders(LoaderGroup):
    @cached_property
    def portfolio(self) -> DataLoader[CapacityKey, PortfolioCapacityDTO]:
        return each(self._portfolio)

    async def _portfolio(self, key: CapacityKey) -> PortfolioCapacityDTO:
        return await self.clients.projects.portfolio_capacity(
            key.portfolio_id,
            key.first,
            key.last,
            grain=key.grain,
            by=key.by,
            resource_ids=list(key.resource_ids) if key.resource_ids is not None else None,
            role=key.role,
        )

    @cached_property
    def portfolio_over_allocations(self) -> DataLoader[WindowKey, PortfolioOverAllocationsDTO]:
        projects = self.clients.projects

        async def read(key: WindowKey) -> PortfolioOverAllocationsDTO:
            assert key.first is not None and key.last is not None
            return await projects.portfolio_over_allocations(key.id, key.first, key.last)

        return each(read)

    @cached_property
    def project_over_allocations(self) -> DataLoader[WindowKey, ProjectOverAllocationsDTO]:
        projects = self.clients.projects
        return each(lambda key: projects.project_over_allocations(key.id, key.first, key.last))
