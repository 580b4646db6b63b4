"""The one-page status report of a project, as PDF."""

from __future__ import annotations

import asyncio
import uuid

from fastapi import APIRouter
from starlette.responses import Response

from services.reporting.dependencies import CurrentClock, Governance, Projects
from services.reporting.health.sources import HealthSources
from services.reporting.status_reports import service
from services.reporting.status_reports.pdf import PDF_MEDIA_TYPE, render_pdf
from shared.auth import CurrentPrincipal
from shared.dependencies import Session

router = APIRouter(prefix="/v1/projects", tags=["status reports"])

PDF_CONTENT = {PDF_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}


@router.get(
    "/{project_id}/status-report.pdf",
    operation_id="get_project_status_report_pdf",
    response_class=Response,
    responses={200: {"content": PDF_CONTENT, "description": "One A4 page."}},
)
async def get_project_status_report_pdf(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    governance: Governance,
    clock: CurrentClock,
) -> Response:
    """The project's status on one page: its health (computed under its portfolio's
    policy; an override's colour where one is active) overall and per dimension with the
    reasons, its earned value, overdue and next milestones, its top five open risks, the
    latest status update's narrative and the EVM S-curve."""
    sources = HealthSources(projects, governance)
    report = await service.status_report(session, sources, clock, project_id)
    pdf = await asyncio.to_thread(render_pdf, report)
    headers = {
        "Content-Disposition": f'inline; filename="status-report-{project_id}.pdf"',
        "Cache-Control": "private, max-age=60",
    }
    return Response(pdf, media_type=PDF_MEDIA_TYPE, headers=headers)
