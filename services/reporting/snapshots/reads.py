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
    ProjectSnapshotPage,
    ProjectTrend,
    SnapshotRead,
    TrendMetric,
    TrendPoint,
)
from shared.clients.projects import ProjectsClient
from shared.pagination import PageParams, encode_cursor

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
    ids = await readable_ids(projects, project_ids)
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


async def readable_ids(projects: ProjectsClient, project_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """The ids the caller may read, in the order asked (one read of the projects service)."""
    unique = list(dict.fromkeys(project_ids))
    readable = {p.id for p in await projects.projects_by_ids(unique)} if unique else set()
    return [i for i in unique if i in readable]


async def first_snapshot_pages(
    session: AsyncSession,
    projects: ProjectsClient,
    project_ids: list[uuid.UUID],
    span: Span,
    limit: int,
) -> list[ProjectSnapshotPage]:
    """The first page of snapshots of each project asked for, in that order (empty for those
    the caller may not read); each ``next_cursor`` continues in the project's own list."""
    readable = await readable_ids(projects, project_ids)
    grouped: dict[uuid.UUID, list[SnapshotRead]] = defaultdict(list)
    for row in await repository.first_pages(session, readable, *span, limit + 1):
        grouped[row.project_id].append(views.snapshot_read(row))
    pages = []
    for project_id in dict.fromkeys(project_ids):
        rows = grouped.get(project_id, [])
        cursor = None
        if len(rows) > limit:
            last = rows[limit - 1]
            cursor = encode_cursor([repository.OLDEST_FIRST.name, last.day, str(last.id)])
        pages.append(
            ProjectSnapshotPage(project_id=project_id, items=rows[:limit], next_cursor=cursor)
        )
    return pages
