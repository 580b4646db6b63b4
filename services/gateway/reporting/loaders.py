from __future__ import annotations

import uuid
from functools import cached_property

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, each
from shared.clients.reporting import PortfolioSummaryDTO


class ReportingLoaders(LoaderGroup):
    @cached_property
    def portfolio_summary(self) -> DataLoader[uuid.UUID, PortfolioSummaryDTO]:
        # No batch endpoint: the summary is only a root field, so one id per query in practice.
        return each(self.clients.reporting.portfolio_summary)
