"""Earned value reads. A project's figures alone come from the metrics batch (one call per
status date for every project of a query, at most 100 a call); with its tasks or its
S-curve, from the project's own read (one call each: a list of projects asking for every
task's figures is a large answer whichever way it is read). A portfolio's roll-up has no
batch endpoint: one call per portfolio, concurrently."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property, partial

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, each, loader
from shared.clients.projects import ProjectsClient
from shared.clients.projects.evm import EvmFigures, PortfolioEvmDTO, ProjectEvmDTO
from shared.errors import NotFound


@dataclass(frozen=True, slots=True)
class EvmKey:
    """An entity's earned value at a status date (None: its default)."""

    id: uuid.UUID
    status_date: date | None = None
    include: tuple[str, ...] = ()


class EvmLoaders(LoaderGroup):
    @cached_property
    def project_figures(self) -> DataLoader[EvmKey, EvmFigures]:
        return loader(partial(_project_figures, self.clients.projects))

    @cached_property
    def project(self) -> DataLoader[EvmKey, ProjectEvmDTO]:
        projects = self.clients.projects
        return each(lambda key: projects.project_evm(key.id, key.status_date, key.include))

    @cached_property
    def portfolio(self) -> DataLoader[EvmKey, PortfolioEvmDTO]:
        projects = self.clients.projects
        return each(lambda key: projects.portfolio_evm(key.id, key.status_date))


async def _project_figures(
    client: ProjectsClient, keys: list[EvmKey]
) -> list[EvmFigures | BaseException]:
    by_date: dict[date | None, list[uuid.UUID]] = defaultdict(list)
    for key in keys:
        by_date[key.status_date].append(key.id)
    found: dict[tuple[uuid.UUID, date | None], EvmFigures] = {}
    for status_date, ids in by_date.items():
        for metrics in await client.metrics_of_projects(list(dict.fromkeys(ids)), status_date):
            found[(metrics.project_id, status_date)] = metrics.evm
    return [
        found.get((key.id, key.status_date)) or NotFound(f"Project {key.id} not found.")
        for key in keys
    ]
