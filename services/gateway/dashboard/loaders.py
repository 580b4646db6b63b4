from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, each
from shared.clients.reporting.dashboard import PortfolioDashboardDTO


@dataclass(frozen=True, slots=True)
class DashboardKey:
    portfolio_id: uuid.UUID
    milestone_days: int
    top_risks: int
    as_of: date | None


class DashboardLoaders(LoaderGroup):
    @cached_property
    def dashboard(self) -> DataLoader[DashboardKey, PortfolioDashboardDTO]:
        # One reporting call per distinct portfolio and arguments: the dashboard is one
        # request whatever the portfolio's size (reporting bounds its own upstream calls).
        return each(self._read)

    async def _read(self, key: DashboardKey) -> PortfolioDashboardDTO:
        return await self.clients.reporting.portfolio_dashboard(
            key.portfolio_id,
            milestone_days=key.milestone_days,
            top_risks=key.top_risks,
            as_of=key.as_of,
        )
