from __future__ import annotations

import uuid
from functools import cached_property, partial

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, loader
from shared.clients.projects import ProjectsClient
from shared.clients.projects.forecasts import RiskForecastDTO


class ForecastLoaders(LoaderGroup):
    @cached_property
    def latest(self) -> DataLoader[uuid.UUID, RiskForecastDTO | None]:
        """Each project's latest finished risk analysis, one upstream call per batch."""
        return loader(partial(_latest, self.clients.projects))


async def _latest(
    client: ProjectsClient, project_ids: list[uuid.UUID]
) -> list[RiskForecastDTO | None]:
    found = {dto.project_id: dto for dto in await client.latest_risk_forecasts(project_ids)}
    return [found.get(project_id) for project_id in project_ids]
