from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property, partial

from strawberry.dataloader import DataLoader

from services.gateway.batching import (
    LoaderGroup,
    PageResult,
    each,
    first_pages_then_resumed,
    loader,
    rows_of,
)
from services.gateway.connections import PageRequest
from shared.clients.reporting import PortfolioSummaryDTO, ReportingClient
from shared.clients.reporting.health import HealthPolicyDTO, ProjectHealthDTO
from shared.clients.reporting.snapshots import SnapshotDTO, TrendMetric, TrendPointDTO


@dataclass(frozen=True, slots=True)
class HealthKey:
    project_id: uuid.UUID
    status_date: date | None


# A metric and a range: the keys one upstream call answers.
TrendQuery = tuple[TrendMetric, date | None, date | None]


@dataclass(frozen=True, slots=True)
class TrendKey:
    project_id: uuid.UUID
    metric: TrendMetric
    from_date: date | None
    to_date: date | None

    @property
    def query(self) -> TrendQuery:
        return self.metric, self.from_date, self.to_date


@dataclass(frozen=True, slots=True)
class SnapshotsKey:
    """A page of one project's snapshots in a range."""

    project_id: uuid.UUID
    request: PageRequest
    from_date: date | None
    to_date: date | None


class ReportingLoaders(LoaderGroup):
    @cached_property
    def portfolio_summary(self) -> DataLoader[uuid.UUID, PortfolioSummaryDTO]:
        # No batch endpoint: the summary is only a root field, so one id per query in practice.
        return each(self.clients.reporting.portfolio_summary)

    @cached_property
    def health_policy(self) -> DataLoader[uuid.UUID, HealthPolicyDTO]:
        # A root field only (one portfolio a query in practice).
        return each(self.clients.reporting.health_policy)

    @cached_property
    def health(self) -> DataLoader[HealthKey, ProjectHealthDTO | None]:
        """Projects' health, one upstream call per distinct status date in a batch."""
        return loader(partial(_health, self.clients.reporting))

    @cached_property
    def trend(self) -> DataLoader[TrendKey, list[TrendPointDTO]]:
        """Projects' trends, one upstream call per distinct metric and range in a batch."""
        return loader(partial(_trends, self.clients.reporting))

    @cached_property
    def snapshots(self) -> DataLoader[SnapshotsKey, PageResult[SnapshotDTO]]:
        """First pages from the batch endpoint (one call per page size and range), resumed
        pages from the project's own list."""
        return loader(partial(_snapshot_pages, self.clients.reporting))


async def _snapshot_pages(
    client: ReportingClient, keys: list[SnapshotsKey]
) -> list[PageResult[SnapshotDTO]]:
    async def first_pages(
        group: list[SnapshotsKey],
    ) -> dict[SnapshotsKey, PageResult[SnapshotDTO]]:
        head = group[0]
        ids = list(dict.fromkeys(key.project_id for key in group))
        pages = await client.snapshots_by_project(
            ids, limit=head.request.limit, from_date=head.from_date, to_date=head.to_date
        )
        return {key: rows_of(pages.get(key.project_id)) for key in group}

    async def resume(key: SnapshotsKey) -> PageResult[SnapshotDTO]:
        page = await client.project_snapshots(
            key.project_id,
            from_date=key.from_date,
            to_date=key.to_date,
            limit=key.request.limit,
            cursor=key.request.cursor,
        )
        return rows_of(page)

    return await first_pages_then_resumed(keys, _snapshot_group, first_pages, resume)


def _snapshot_group(key: SnapshotsKey) -> tuple[int, date | None, date | None]:
    return key.request.limit, key.from_date, key.to_date


async def _health(client: ReportingClient, keys: list[HealthKey]) -> list[ProjectHealthDTO | None]:
    by_date: dict[date | None, list[uuid.UUID]] = defaultdict(list)
    for key in keys:
        by_date[key.status_date].append(key.project_id)
    found: dict[HealthKey, ProjectHealthDTO] = {}
    for status_date, ids in by_date.items():
        for dto in await client.health_of_projects(
            list(dict.fromkeys(ids)), status_date=status_date
        ):
            found[HealthKey(dto.project_id, status_date)] = dto
    # Absent: the caller may not read the project (its own field says so already).
    return [found.get(key) for key in keys]


async def _trends(client: ReportingClient, keys: list[TrendKey]) -> list[list[TrendPointDTO]]:
    by_query: dict[TrendQuery, list[uuid.UUID]] = defaultdict(list)
    for key in keys:
        by_query[key.query].append(key.project_id)
    found: dict[TrendKey, list[TrendPointDTO]] = {}

    async def read(
        query: tuple[TrendMetric, date | None, date | None], ids: list[uuid.UUID]
    ) -> None:
        metric, start, end = query
        unique = list(dict.fromkeys(ids))
        for trend in await client.trends_of_projects(unique, metric, from_date=start, to_date=end):
            found[TrendKey(trend.project_id, metric, start, end)] = trend.points

    await asyncio.gather(*(read(query, ids) for query, ids in by_query.items()))
    return [found.get(key, []) for key in keys]
