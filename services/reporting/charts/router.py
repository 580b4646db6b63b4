"""SVG charts of a project: Gantt, EVM S-curve and RAG trend."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from services.reporting.charts import service
from services.reporting.charts.figure import SVG_MEDIA_TYPE, render_svg
from services.reporting.charts.gantt import draw_gantt
from services.reporting.charts.rag_trend import draw_rag_trend
from services.reporting.charts.s_curve import draw_s_curve
from services.reporting.dependencies import CurrentClock, Projects
from shared.auth import CurrentPrincipal
from shared.dependencies import Session
from shared.errors import FieldError, ValidationFailed

router = APIRouter(prefix="/v1/projects", tags=["charts"])

SVG_CONTENT = {SVG_MEDIA_TYPE: {"schema": {"type": "string"}}}
TREND_DAYS = 90
MAX_TREND_DAYS = 3660
From = Annotated[
    date | None, Query(alias="from", description="First day (default: 90 days before `to`)")
]
To = Annotated[date | None, Query(alias="to", description="Last day, included (default: today)")]


def svg_response(svg: bytes) -> Response:
    # Charts change with the plan: a cache may keep one only briefly, and only for the caller.
    return Response(
        svg, media_type=SVG_MEDIA_TYPE, headers={"Cache-Control": "private, max-age=60"}
    )


@router.get(
    "/{project_id}/charts/gantt.svg",
    operation_id="get_project_gantt_svg",
    response_class=Response,
    responses={200: {"content": SVG_CONTENT, "description": "The Gantt chart (SVG)."}},
)
async def get_project_gantt_svg(
    project_id: uuid.UUID, principal: CurrentPrincipal, request: Request
) -> Response:
    """Task bars at their computed dates (critical ones red), the current baseline's bars
    beneath, milestones as diamonds, a line at the status date (else today). At most the
    first 300 tasks of the plan, in WBS order; the chart says when there are more."""
    state = request.app.state
    chart = await service.gantt_chart(
        state.projects_client, project_id, max_rows=state.settings.gantt_max_rows
    )
    return svg_response(await render_svg(lambda: draw_gantt(chart)))


@router.get(
    "/{project_id}/charts/s-curve.svg",
    operation_id="get_project_s_curve_svg",
    response_class=Response,
    responses={200: {"content": SVG_CONTENT, "description": "The EVM S-curve (SVG)."}},
)
async def get_project_s_curve_svg(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    request: Request,
    status_date: date | None = None,
) -> Response:
    """Planned value over the current baseline, actual cost and earned value to the status
    date (default: the project's, else today), the projection to the estimate at
    completion and the budget at completion, from the projects service's earned value."""
    curve = await service.s_curve(request.app.state.projects_client, project_id, status_date)
    return svg_response(await render_svg(lambda: draw_s_curve(curve)))


@router.get(
    "/{project_id}/charts/rag-trend.svg",
    operation_id="get_project_rag_trend_svg",
    response_class=Response,
    responses={200: {"content": SVG_CONTENT, "description": "The RAG over time (SVG)."}},
)
async def get_project_rag_trend_svg(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    clock: CurrentClock,
    from_date: From = None,
    to_date: To = None,
) -> Response:
    """The colour the project showed each day from `from` to `to`, from its daily
    snapshots (an override's colour where one was active)."""
    end = to_date or clock.today()
    start = from_date or end - timedelta(days=TREND_DAYS)
    if start > end or (end - start).days > MAX_TREND_DAYS:
        message = f"on or before to, at most {MAX_TREND_DAYS} days before it"
        raise ValidationFailed("The range is not valid.", errors=[FieldError("from", message)])
    trend = await service.rag_trend(session, projects, project_id, start, end)
    return svg_response(await render_svg(lambda: draw_rag_trend(trend.title, trend.points)))
