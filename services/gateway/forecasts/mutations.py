from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.forecasts.inputs import RunRiskAnalysisInput
from services.gateway.forecasts.types import RiskAnalysis
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, attempt, build, input_values
from shared.clients.projects.forecasts import RiskAnalysisRequest


@strawberry.type
class RunRiskAnalysisPayload:
    analysis: RiskAnalysis | None
    user_errors: list[UserError]


@strawberry.type
class ForecastMutations:
    @strawberry.mutation(
        description="Queue a Monte Carlo schedule risk analysis of a project's plan; poll "
        "riskAnalysis(id) (or job(id)) until its state is SUCCEEDED."
    )
    async def run_risk_analysis(
        self, info: Info, input: RunRiskAnalysisInput
    ) -> RunRiskAnalysisPayload:
        async def call() -> RiskAnalysis:
            body = build(
                RiskAnalysisRequest, input_values(input, exclude=frozenset({"project_id"}))
            )
            project_id = parse_id(input.project_id, "projectId")
            dto = await info.context.clients.projects.request_risk_analysis(project_id, body)
            return RiskAnalysis.from_full(dto)

        return await attempt(RunRiskAnalysisPayload, call, conflict_field="projectId")
