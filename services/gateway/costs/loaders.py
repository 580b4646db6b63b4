from __future__ import annotations

import uuid
from functools import cached_property

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, each, project_pages
from shared.clients.projects import ProjectsClient
from shared.clients.projects.costs import ActualCostDTO


class CostLoaders(LoaderGroup):
    """A project's actual costs: first pages through the batch endpoint (one call per page
    size, whatever the number of projects), later pages through the project's list."""

    actual_costs = project_pages(
        ProjectsClient.actual_costs_by_project, ProjectsClient.list_actual_costs
    )

    @cached_property
    def actual_cost(self) -> DataLoader[uuid.UUID, ActualCostDTO]:
        """Entries by id (mutations keep what they wrote here); no batch read exists."""
        return each(self.clients.projects.get_actual_cost)
