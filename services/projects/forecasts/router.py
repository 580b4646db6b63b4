from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

import services.projects.forecasts.job  # noqa: F401 - registers the job's handler
from services.projects.forecasts import service
from services.projects.forecasts.schemas import (
    RiskAnalysisRead,
    RiskAnalysisRequest,
    RiskAnalysisSummary,
    RiskForecastBatch,
)
from services.projects.jobs.router import JobsQueue
from services.projects.risk.charts import SVG_MEDIA_TYPE
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import Paging, Read, Session
from shared.pagination import Page, parse_ids
from shared.repository import json_response

router = APIRouter(prefix="/v1", tags=["risk analysis"])

MAX_FORECAST_BATCH = 100
SVG_CONTENT = {SVG_MEDIA_TYPE: {"schema": {"type": "string"}}}


def _read(answer: dict[str, object], response: Response) -> RiskAnalysisRead:
    set_etag(response, int(str(answer["version"])))
    return RiskAnalysisRead.model_validate(answer)


@router.post(
    "/projects/{project_id}/risk-analyses",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="request_risk_analysis",
)
async def request_risk_analysis(
    project_id: uuid.UUID,
    body: RiskAnalysisRequest,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    queue: JobsQueue,
) -> RiskAnalysisRead:
    """Queue a Monte Carlo schedule risk analysis of the project's plan: three-point
    estimates of its tasks, its open RAID risks with a schedule impact as risk drivers, the
    correlations asked for. ``Location`` is the analysis; its job reports progress. 422 up
    front (nothing queued) above the iteration limit (code iteration_limit), for a plan
    with a cycle (schedule_cycle), a correlation naming a task of another project, or
    estimates the simulation refuses."""
    analysis, job = await service.request_analysis(session, principal, project_id, body, queue)
    response.headers["Location"] = f"/v1/risk-analyses/{analysis.id}"
    return _read(service.analysis_answer(analysis, job), response)


@router.get(
    "/projects/{project_id}/risk-analyses",
    operation_id="list_risk_analyses",
    response_model=Page[RiskAnalysisSummary],
)
async def list_risk_analyses(
    project_id: uuid.UUID, principal: CurrentPrincipal, reader: Read, page: Paging
) -> Response:
    """The project's analyses, newest first (headline figures; the result is on each)."""
    items, cursor = await service.list_analyses(reader, principal, project_id, page)
    return json_response({"items": items, "next_cursor": cursor})


@router.get("/risk-analyses/{analysis_id}", operation_id="get_risk_analysis")
async def get_risk_analysis(
    analysis_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    reader: Read,
    response: Response,
) -> RiskAnalysisRead:
    """An analysis: its inputs, its job's state, and once that succeeded the forecast:
    P10/P50/P80/P90 finish dates, the chance of meeting the deadline and each milestone's,
    the criticality index of each task, the tornado, the histogram and cumulative curve."""
    answer = await service.get_analysis(session, reader, principal, analysis_id)
    return _read(answer, response)


def _chart_route(name: str, summary: str) -> None:
    @router.get(
        f"/risk-analyses/{{analysis_id}}/{name}.svg",
        operation_id=f"get_risk_analysis_{name}_svg",
        response_class=Response,
        responses={
            200: {"content": SVG_CONTENT, "description": summary},
            409: {"description": "The analysis has not finished."},
        },
    )
    async def chart(
        analysis_id: uuid.UUID, principal: CurrentPrincipal, session: Session, reader: Read
    ) -> Response:
        svg = await service.chart(session, reader, principal, analysis_id, name)
        return Response(svg, media_type=SVG_MEDIA_TYPE)

    chart.__doc__ = summary


_chart_route("histogram", "The finish histogram with its cumulative curve, P50 and P80 (SVG).")
_chart_route("cumulative", "The cumulative probability of finishing by each day (SVG).")
_chart_route("tornado", "The tasks and risks that move the finish most (SVG).")


@router.get("/risk-forecasts", operation_id="list_risk_forecasts", response_model=RiskForecastBatch)
async def list_risk_forecasts(
    principal: CurrentPrincipal,
    reader: Read,
    project_ids: Annotated[
        str, Query(description=f"Comma-separated project ids (at most {MAX_FORECAST_BATCH})")
    ],
) -> Response:
    """The latest finished risk analysis of each project asked for, in the order asked
    (P50 and P80 finish, deadline and the chance of meeting it); projects without one,
    unknown or unreadable are left out."""
    ids = parse_ids(project_ids, max_ids=MAX_FORECAST_BATCH, name="project_ids") or []
    return json_response({"items": await service.latest_forecasts(reader, principal, ids)})
