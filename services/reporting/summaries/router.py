from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from services.reporting.summaries import service
from services.reporting.summaries.schemas import PortfolioSummary
from shared.auth import CurrentPrincipal

router = APIRouter(prefix="/v1/portfolios", tags=["summaries"])


@router.get("/{portfolio_id}/summary", operation_id="get_portfolio_summary")
async def get_portfolio_summary(
    portfolio_id: uuid.UUID, principal: CurrentPrincipal, request: Request
) -> PortfolioSummary:
    # The caller's token is forwarded, so the projects service applies the caller's rights.
    return await service.portfolio_summary(request.app.state.projects_client, portfolio_id)
