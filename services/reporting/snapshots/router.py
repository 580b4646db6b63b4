from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request

from services.reporting.corrective_actions.register import queue_options
from services.reporting.dependencies import CurrentClock, Governance, Projects
from services.reporting.health.sources import HealthSources
from services.reporting.snapshots import reads, service
from services.reporting.snapshots.schemas import (
    ProjectTrend,
    ProjectTrends,
    SnapshotPagesByProject,
    SnapshotRead,
    SnapshotsTake,
    SnapshotsTaken,
    TrendMetric,
)
from shared.auth import CurrentPrincipal
from shared.dependencies import FirstPages, Paging, ProjectIds, Session
from shared.errors import FieldError, ValidationFailed
from shared.pagination import Page

router = APIRouter(tags=["snapshots"])
MAX_SPAN_DAYS = 3660
From = Annotated[
    date | None, Query(alias="from", description="First day (default: 90 days before `to`)")
]
To = Annotated[date | None, Query(alias="to", description="Last day, included (default: today)")]


def _span(clock: CurrentClock, from_date: date | None, to_date: date | None) -> tuple[date, date]:
    start, end = reads.default_range(clock, from_date, to_date)
    if start > end:
        raise ValidationFailed("from is after to.", errors=[FieldError("from", "after to")])
    if (end - start).days > MAX_SPAN_DAYS:
        message = f"at most {MAX_SPAN_DAYS} days"
        raise ValidationFailed(f"The range covers {message}.", errors=[FieldError("from", message)])
    return start, end


@router.post(
    "/v1/snapshots",
    operation_id="take_snapshots",
    responses={
        403: {"description": "Only admin and pmo take snapshots."},
        404: {"description": "The portfolio is unknown."},
    },
)
async def take_snapshots(
    body: SnapshotsTake,
    request: Request,
    background: BackgroundTasks,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    governance: Governance,
    clock: CurrentClock,
) -> SnapshotsTaken:
    """Take today's snapshot of every project of a portfolio, or of the projects named.
    Idempotent: taken again the same day, a project's snapshot of the day is replaced;
    earlier days are never changed. A corrective action it proposes gets its options
    computed by the projects service, asked once the snapshot is committed."""
    sources = HealthSources(projects, governance)
    taken, proposed = await service.take_snapshots(session, sources, principal, body, clock)
    if proposed:
        sessionmaker = request.app.state.sessionmaker
        background.add_task(queue_options, sessionmaker, projects, proposed)
    return taken


@router.get("/v1/snapshots/first-pages", operation_id="list_first_snapshot_pages")
async def list_first_snapshot_pages(
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    clock: CurrentClock,
    batch: FirstPages,
    from_date: From = None,
    to_date: To = None,
) -> SnapshotPagesByProject:
    """The first snapshots (oldest first, from `from` to `to`) of many projects at once: the
    gateway's DataLoader batch. Each `next_cursor` continues in the project's own list."""
    span = _span(clock, from_date, to_date)
    pages = await reads.first_snapshot_pages(
        session, projects, batch.project_ids, span, batch.limit
    )
    return SnapshotPagesByProject(items=pages)


@router.get(
    "/v1/projects/{project_id}/snapshots",
    operation_id="list_project_snapshots",
)
async def list_project_snapshots(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    clock: CurrentClock,
    page: Paging,
    from_date: From = None,
    to_date: To = None,
) -> Page[SnapshotRead]:
    """The project's daily snapshots from `from` to `to`, oldest first."""
    span = _span(clock, from_date, to_date)
    items, cursor = await reads.list_snapshots(session, projects, project_id, span, page)
    return Page(items=items, next_cursor=cursor)


@router.get(
    "/v1/projects/{project_id}/trend",
    operation_id="get_project_trend",
)
async def get_project_trend(
    project_id: uuid.UUID,
    metric: TrendMetric,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    clock: CurrentClock,
    from_date: From = None,
    to_date: To = None,
) -> ProjectTrend:
    """One metric of the project's daily snapshots from `from` to `to`: `float` is the float
    consumed (finish variance, working days), `critical_float` the least total float of the
    unfinished critical tasks."""
    span = _span(clock, from_date, to_date)
    return await reads.project_trend(session, projects, project_id, metric, span)


@router.get("/v1/project-trends", operation_id="list_project_trends")
async def list_project_trends(
    metric: TrendMetric,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    clock: CurrentClock,
    project_ids: ProjectIds,
    from_date: From = None,
    to_date: To = None,
) -> ProjectTrends:
    """The trend of one metric for many projects in one answer (the gateway's batch read);
    unknown projects and those the caller may not read are left out."""
    span = _span(clock, from_date, to_date)
    items = await reads.projects_trends(session, projects, project_ids, metric, span)
    return ProjectTrends(items=items)
