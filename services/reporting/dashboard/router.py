"""The portfolio dashboard: JSON, and its per-project table as CSV and XLSX."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.responses import StreamingResponse

from services.reporting.dashboard import export, service
from services.reporting.dashboard.schemas import PortfolioDashboard
from services.reporting.dashboard.sources import DashboardQuery, Sources
from services.reporting.dependencies import CurrentClock
from services.reporting.exports.responses import (
    CSV_CONTENT,
    XLSX_CONTENT,
    csv_response,
    xlsx_response,
)
from shared.auth import CurrentPrincipal
from shared.dependencies import Read
from shared.errors import FieldError, ValidationFailed

router = APIRouter(prefix="/v1/portfolios", tags=["dashboard"])

MAX_MILESTONE_DAYS = 366
MAX_TOP_RISKS = 100
# The milestone window's end must stay a date (date.max is 9999-12-31).
LAST_AS_OF = date(9999, 12, 30) - timedelta(days=MAX_MILESTONE_DAYS)


def dashboard_query(
    clock: CurrentClock,
    milestone_days: Annotated[
        int, Query(ge=0, le=MAX_MILESTONE_DAYS, description="Milestones due in as_of + N days")
    ] = 30,
    top_risks: Annotated[int, Query(ge=1, le=MAX_TOP_RISKS, description="How many risks")] = 10,
    as_of: Annotated[
        date | None,
        Query(
            description="The dashboard's day (default today, UTC): milestones due from it, "
            "costs and health up to it"
        ),
    ] = None,
) -> DashboardQuery:
    # Reporting's clock, which dates its snapshots (a test or a benchmark may fix it).
    day = as_of or clock.today()
    if day > LAST_AS_OF:
        raise ValidationFailed(
            "as_of is too far in the future.",
            errors=[FieldError("as_of", f"at most {LAST_AS_OF}")],
        )
    return DashboardQuery(as_of=day, milestone_days=milestone_days, top_risks=top_risks)


Params = Annotated[DashboardQuery, Depends(dashboard_query)]
MISSING_HEADER_DOC = {
    export.MISSING_HEADER: {
        "description": "The dashboard parts missing (their columns blank), comma-separated",
        "schema": {"type": "string"},
    }
}


def _sources(request: Request, reader: Read) -> Sources:
    state = request.app.state
    return Sources(state.projects_client, state.governance_client, reader)


Upstream = Annotated[Sources, Depends(_sources)]


@router.get(
    "/{portfolio_id}/dashboard",
    operation_id="get_portfolio_dashboard",
    response_model=PortfolioDashboard,
)
async def get_portfolio_dashboard(
    portfolio_id: uuid.UUID, principal: CurrentPrincipal, upstream: Upstream, params: Params
) -> Response:
    """Projects by status, phase and RAG; budget vs actual vs EAC; milestones due; top
    risks; gates pending; the compliance distribution; the projects whose health worsened
    in a week. Over the projects the caller may read (the caller's token is forwarded), in
    at most 1 + 2 x ceil(projects / 500) upstream calls. A part whose source is down is
    null and named in `missing` (the answer is still 200)."""
    dashboard = await service.portfolio_dashboard(upstream, portfolio_id, params)
    # Serialized once, by the model that built it (not validated again on the way out).
    return Response(dashboard.model_dump_json(), media_type="application/json")


@router.get(
    "/{portfolio_id}/dashboard.csv",
    operation_id="export_portfolio_dashboard_csv",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": CSV_CONTENT,
            "description": "A header line, one per project.",
            "headers": MISSING_HEADER_DOC,
        }
    },
)
async def export_portfolio_dashboard_csv(
    portfolio_id: uuid.UUID, principal: CurrentPrincipal, upstream: Upstream, params: Params
) -> StreamingResponse:
    """The dashboard's per-project table (503 when the projects service is down)."""
    dashboard = await service.portfolio_dashboard(upstream, portfolio_id, params)
    rows = export.export_rows(export.table_of(dashboard))
    response = csv_response(rows, export.PROJECT_COLUMNS, f"dashboard-{portfolio_id}.csv")
    response.headers.update(export.missing_header(dashboard))
    return response


@router.get(
    "/{portfolio_id}/dashboard.xlsx",
    operation_id="export_portfolio_dashboard_xlsx",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": XLSX_CONTENT,
            "description": "A header row, one per project.",
            "headers": MISSING_HEADER_DOC,
        }
    },
)
async def export_portfolio_dashboard_xlsx(
    portfolio_id: uuid.UUID, principal: CurrentPrincipal, upstream: Upstream, params: Params
) -> StreamingResponse:
    """The CSV's table in a workbook: typed cells, a frozen bold header row."""
    dashboard = await service.portfolio_dashboard(upstream, portfolio_id, params)
    rows = export.export_rows(export.table_of(dashboard))
    response = await xlsx_response(
        rows,
        export.PROJECT_COLUMNS,
        f"dashboard-{portfolio_id}.xlsx",
        sheet=dashboard.portfolio_name or "Dashboard",
    )
    response.headers.update(export.missing_header(dashboard))
    return response
