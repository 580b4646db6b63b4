from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.forecasts.types import RiskAnalysis
from services.gateway.ids import parse_id
from shared.errors import NotFound


@strawberry.type
class ForecastQueries:
    @strawberry.field(description="A schedule risk analysis by id; null if unknown.")
    async def risk_analysis(self, info: Info, id: strawberry.ID) -> RiskAnalysis | None:
        try:
            dto = await info.context.clients.projects.risk_analysis(parse_id(id))
        except NotFound:
            return None
        return RiskAnalysis.from_full(dto)
