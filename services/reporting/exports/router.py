"""Exports of a portfolio's project list: CSV (streamed) and XLSX (typed cells)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import StreamingResponse

from services.reporting.exports import service
from services.reporting.exports.responses import (
    CSV_CONTENT,
    XLSX_CONTENT,
    csv_response,
    xlsx_response,
)
from services.reporting.exports.service import PROJECT_COLUMNS, ProjectFilters
from shared.auth import CurrentPrincipal
from shared.clients.projects.projects import ProjectStatus

router = APIRouter(prefix="/v1/portfolios", tags=["exports"])


def project_filters(
    status: Annotated[list[ProjectStatus] | None, Query()] = None,
    tag: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in name or code")] = None,
    sort: Annotated[
        str | None,
        Query(max_length=32, description="created_at, updated_at, name, code; '-' descending"),
    ] = None,
) -> ProjectFilters:
    """The projects list's own filters, passed through to it."""
    return ProjectFilters(status=status, tag=tag, q=q, sort=sort)


Filters = Annotated[ProjectFilters, Depends(project_filters)]


async def _export(
    request: Request, portfolio_id: uuid.UUID, filters: ProjectFilters
) -> service.ProjectExport:
    state = request.app.state
    page_size = state.settings.export_page_size
    return await service.portfolio_projects(
        state.projects_client, portfolio_id, filters, page_size=page_size
    )


@router.get(
    "/{portfolio_id}/projects.csv",
    operation_id="export_portfolio_projects_csv",
    response_class=StreamingResponse,
    responses={200: {"content": CSV_CONTENT, "description": "A header line, one per project."}},
)
async def export_portfolio_projects_csv(
    portfolio_id: uuid.UUID, filters: Filters, principal: CurrentPrincipal, request: Request
) -> StreamingResponse:
    """The portfolio's projects the caller may see, streamed as the pages are read."""
    export = await _export(request, portfolio_id, filters)
    return csv_response(export.rows, PROJECT_COLUMNS, f"portfolio-{portfolio_id}-projects.csv")


@router.get(
    "/{portfolio_id}/projects.xlsx",
    operation_id="export_portfolio_projects_xlsx",
    response_class=StreamingResponse,
    responses={200: {"content": XLSX_CONTENT, "description": "A header row, one per project."}},
)
async def export_portfolio_projects_xlsx(
    portfolio_id: uuid.UUID, filters: Filters, principal: CurrentPrincipal, request: Request
) -> StreamingResponse:
    """The CSV's rows in a workbook: typed cells (numbers, dates), a frozen bold header
    row, an autofilter."""
    export = await _export(request, portfolio_id, filters)
    return await xlsx_response(
        export.rows,
        PROJECT_COLUMNS,
        f"portfolio-{portfolio_id}-projects.xlsx",
        sheet=export.portfolio_name,
    )
