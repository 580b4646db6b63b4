"""The API's reads of snapshots: a project's snapshots in a date range, and trends of one
metric for one project or many. Anyone who may read a project reads its snapshots."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.clock import Clock
from services.reporting.snapshots import repository, views
from services.reporting.snapshots.schemas import (
    ProjectTrend,
    SnapshotRead,
    TrendMetric,
    TrendPoint,
)
from shared.clients.projects import ProjectsClient
from shared.pagination import PageParams

Span = tuple[date, date]


def default_range(
    clock: Clock, from_date: date | None, to_date: date | None, days: int = 90
) -> tuple[date, date]:
    """The range a read covers: ``to`` defaults to today, ``from`` to ``days`` before it."""
    end = to_date or clock.today()
    return from_date or end - timedelta(days=days), end


async def check_readable(projects: ProjectsClient, project_id: uuid.UUID) -> None:
    await projects.get_project(project_id)  # 404 unless the caller may read the project


async def list_snapshots(
    session: AsyncSession,
    projects: ProjectsClient,
    project_id: uuid.UUID,
    span: Span,
    page: PageParams,
) -> tuple[list[SnapshotRead], str | None]:
    await check_readable(projects, project_id)
    rows, cursor = await repository.page(session, project_id, *span, page)
    return [views.snapshot_read(row) for row in rows], cursor


async def project_trend(
    session: AsyncSession,
    projects: ProjectsClient,
    project_id: uuid.UUID,
    metric: TrendMetric,
    span: Span,
) -> ProjectTrend:
    await check_readable(projects, project_id)
    rows = await repository.trend(session, project_id, views.TREND_COLUMNS[metric], *span)
    points = [TrendPoint(date=day, value=views.trend_value(value)) for day, value in rows]
    return ProjectTrend(
        project_id=project_id, metric=metric, from_date=span[0], to_date=span[1], points=points
    )


async def projects_trends(
    session: AsyncSession,
    projects: ProjectsClient,
    project_ids: list[uuid.UUID],
    metric: TrendMetric,
    span: Span,
) -> list[ProjectTrend]:
    """The trend of each project the caller may read (one read of the projects service for
    all of them), in the order asked."""
    readable = {p.id for p in await projects.projects_by_ids(list(dict.fromkeys(project_ids)))}
    ids = [i for i in dict.fromkeys(project_ids) if i in readable]
    points: dict[uuid.UUID, list[TrendPoint]] = defaultdict(list)
    column = views.TREND_COLUMNS[metric]
    for project_id, day, value in await repository.trends(session, ids, column, *span):
        points[project_id].append(TrendPoint(date=day, value=views.trend_value(value)))
    return [
        ProjectTrend(
            project_id=i, metric=metric, from_date=span[0], to_date=span[1], points=points[i]
        )
        for i in ids
    ]
