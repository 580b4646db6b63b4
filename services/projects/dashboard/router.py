from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.projects.dashboard import service
from services.projects.dashboard.schemas import PortfolioDashboardFacts
from shared.auth import CurrentPrincipal
from shared.dependencies import Read
from shared.repository import json_response

router = APIRouter(prefix="/v1/portfolios", tags=["dashboard"])


@router.get(
    "/{portfolio_id}/dashboard-facts",
    operation_id="get_portfolio_dashboard_facts",
    response_model=PortfolioDashboardFacts,
)
async def get_portfolio_dashboard_facts(
    portfolio_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    milestone_days: Annotated[
        int, Query(ge=0, le=service.MAX_MILESTONE_DAYS, description="Days ahead of as_of")
    ] = 30,
    top_risks: Annotated[int, Query(ge=1, le=service.MAX_TOP_RISKS)] = 10,
    as_of: Annotated[date | None, Query(description="Default: today (UTC)")] = None,
) -> Response:
    """What the portfolio dashboard needs of this service in one answer, aggregated in SQL
    over the portfolio's projects the caller may read: counts by status and phase, budget
    and actual cost per project and in total (the portfolio's currency), the milestones due
    and the top open risks. Three statements whatever the size of the portfolio."""
    facts = await service.dashboard_facts(
        reader,
        principal,
        portfolio_id,
        milestone_days=milestone_days,
        top_risks=top_risks,
        as_of=as_of,
    )
    return json_response(facts)
