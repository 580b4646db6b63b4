"""The ``riskAnalyses`` and ``riskForecast`` fields of ``Project``."""

from __future__ import annotations

import uuid

from services.gateway.context import Info
from services.gateway.forecasts.types import RiskAnalysisSummary, RiskForecast
from shared.errors import FieldError, ValidationFailed

MAX_ANALYSES = 100


async def project_risk_analyses(
    info: Info, project_id: uuid.UUID, first: int
) -> list[RiskAnalysisSummary]:
    if not 1 <= first <= MAX_ANALYSES:
        raise ValidationFailed(
            f"first must be between 1 and {MAX_ANALYSES}.",
            errors=[FieldError("first", f"1..{MAX_ANALYSES}")],
        )
    page = await info.context.clients.projects.list_risk_analyses(project_id, limit=first)
    return [RiskAnalysisSummary.from_dto(dto) for dto in page.items]


async def project_risk_forecast(info: Info, project_id: uuid.UUID) -> RiskForecast | None:
    found = await info.context.loaders.forecasts.latest.load(project_id)
    return None if found is None else RiskForecast.from_dto(found)
