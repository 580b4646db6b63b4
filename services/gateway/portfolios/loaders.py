from __future__ import annotations

import uuid
from functools import cached_property

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, by_id
from shared.clients.projects.portfolios import PortfolioDTO


class PortfolioLoaders(LoaderGroup):
    @cached_property
    def portfolio(self) -> DataLoader[uuid.UUID, PortfolioDTO]:
        projects = self.clients.projects
        return by_id(projects.portfolios_by_ids, projects.get_portfolio, "Portfolio")
