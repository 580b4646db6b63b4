"""Daily snapshots and trends (reporting service)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared.clients import (
    InputModel,
    Operation,
    PagesByProjectDTO,
    ProjectPageDTO,
    TypedClient,
    WireModel,
    chunks,
    join_ids,
    page_params,
)
from shared.clients.reporting.health import (
    DimensionHealthDTO,
    HealthPolicyRefDTO,
    HealthReasonDTO,
    Rag,
)
from shared.pagination import Page


class TrendMetric(StrEnum):
    spi = "spi"
    cpi = "cpi"
    eac = "eac"
    spi_t = "spi_t"
    float = "float"  # float consumed: the finish variance, working days
    critical_float = "critical_float"
    open_risks = "open_risks"
    compliance_score = "compliance_score"


class SnapshotsTake(InputModel):
    """Exactly one of the two."""

    portfolio_id: uuid.UUID | None = None
    project_ids: list[uuid.UUID] | None = None


class SnapshotsTakenDTO(WireModel):
    day: date
    taken_at: datetime
    projects: int
    created: int
    replaced: int
    missing: list[uuid.UUID]


class SnapshotDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    portfolio_id: uuid.UUID | None = None
    day: date
    taken_at: datetime
    status_date: date
    currency: str | None = None
    bac: Decimal | None = None
    pv: Decimal | None = None
    ev: Decimal | None = None
    ac: Decimal | None = None
    eac: Decimal | None = None
    spi: Decimal | None = None
    cpi: Decimal | None = None
    spi_t: Decimal | None = None
    percent_complete: Decimal | None = None
    finish_variance_days: Decimal | None = None
    critical_float_days: Decimal | None = None
    p80_finish: date | None = None
    deadline_probability: Decimal | None = None
    overdue_milestones: int
    open_risks: int
    open_high_risks: int
    compliance_score: Decimal | None = None
    days_since_status_update: int | None = None
    evm: dict[str, Any]
    overall: Rag
    effective: Rag
    override_id: uuid.UUID | None = None
    overall_reasons: list[HealthReasonDTO]
    dimensions: list[DimensionHealthDTO]
    policy: HealthPolicyRefDTO


class TrendPointDTO(WireModel):
    date: date
    value: Decimal | None = None


class ProjectTrendDTO(WireModel):
    project_id: uuid.UUID
    metric: TrendMetric
    from_date: date
    to_date: date
    points: list[TrendPointDTO]


class ProjectTrendsDTO(WireModel):
    items: list[ProjectTrendDTO]


TAKE_SNAPSHOTS = Operation(
    "take_snapshots", "POST", "/v1/snapshots", SnapshotsTakenDTO, body=SnapshotsTake
)
LIST_PROJECT_SNAPSHOTS = Operation(
    "list_project_snapshots", "GET", "/v1/projects/{project_id}/snapshots", Page[SnapshotDTO]
)
GET_PROJECT_TREND = Operation(
    "get_project_trend", "GET", "/v1/projects/{project_id}/trend", ProjectTrendDTO
)

LIST_FIRST_SNAPSHOT_PAGES = Operation(
    "list_first_snapshot_pages",
    "GET",
    "/v1/snapshots/first-pages",
    PagesByProjectDTO[SnapshotDTO],
)
LIST_PROJECT_TRENDS = Operation(
    "list_project_trends", "GET", "/v1/project-trends", ProjectTrendsDTO
)


def _span(from_date: date | None, to_date: date | None) -> dict[str, str]:
    span = {"from": from_date, "to": to_date}
    return {k: v.isoformat() for k, v in span.items() if v is not None}


class SnapshotEndpoints(TypedClient):
    async def take_snapshots(
        self, data: SnapshotsTake, *, idempotency_key: str | None = None
    ) -> SnapshotsTakenDTO:
        """Today's snapshot of a portfolio's projects or of the projects named."""
        return await self.send(TAKE_SNAPSHOTS, data, idempotency_key=idempotency_key)

    async def project_snapshots(
        self,
        project_id: uuid.UUID,
        *,
        from_date: date | None = None,
        to_date: date | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[SnapshotDTO]:
        """Oldest first."""
        params = {**page_params(limit, cursor), **_span(from_date, to_date)}
        return await self.fetch(
            LIST_PROJECT_SNAPSHOTS, path={"project_id": project_id}, params=params
        )

    async def snapshots_by_project(
        self,
        project_ids: list[uuid.UUID],
        *,
        limit: int,
        from_date: date | None = None,
        to_date: date | None = None,
    ) -> dict[uuid.UUID, ProjectPageDTO[SnapshotDTO]]:
        """The first ``limit`` snapshots of each project in the range, one call per 500
        projects; each ``next_cursor`` continues in :meth:`project_snapshots` (same range)."""
        pages: dict[uuid.UUID, ProjectPageDTO[SnapshotDTO]] = {}
        for batch in chunks(project_ids):
            params = {
                **page_params(limit, None, project_ids=join_ids(batch)),
                **_span(from_date, to_date),
            }
            answer = await self.fetch(LIST_FIRST_SNAPSHOT_PAGES, params=params)
            pages.update((page.project_id, page) for page in answer.items)
        return pages

    async def project_trend(
        self,
        project_id: uuid.UUID,
        metric: TrendMetric,
        *,
        from_date: date | None = None,
        to_date: date | None = None,
    ) -> ProjectTrendDTO:
        params = {"metric": metric.value, **_span(from_date, to_date)}
        return await self.fetch(GET_PROJECT_TREND, path={"project_id": project_id}, params=params)

    async def trends_of_projects(
        self,
        project_ids: list[uuid.UUID],
        metric: TrendMetric,
        *,
        from_date: date | None = None,
        to_date: date | None = None,
    ) -> list[ProjectTrendDTO]:
        """Many projects' trends of one metric, one call per 500 projects."""
        found: list[ProjectTrendDTO] = []
        for batch in chunks(project_ids):
            params = {
                "project_ids": join_ids(batch),
                "metric": metric.value,
                **_span(from_date, to_date),
            }
            found.extend((await self.fetch(LIST_PROJECT_TRENDS, params=params)).items)
        return found


__all__ = [
    "ProjectTrendDTO",
    "SnapshotDTO",
    "SnapshotEndpoints",
    "SnapshotsTake",
    "SnapshotsTakenDTO",
    "TrendMetric",
    "TrendPointDTO",
]
