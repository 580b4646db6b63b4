from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.reporting.health_types import HealthPolicy
from services.gateway.reporting.types import PortfolioSummary


@strawberry.type
class ReportingQueries:
    @strawberry.field(description="Counts, budget totals and task progress of a portfolio.")
    async def portfolio_summary(
        self, info: Info, portfolio_id: strawberry.ID
    ) -> PortfolioSummary | None:
        summary_id = parse_id(portfolio_id, "portfolioId")
        return PortfolioSummary.from_dto(
            await info.context.loaders.reporting.portfolio_summary.load(summary_id)
        )

    @strawberry.field(
        description="A portfolio's current health policy (version 0: the built-in default)."
    )
    async def health_policy(self, info: Info, portfolio_id: strawberry.ID) -> HealthPolicy | None:
        policy_id = parse_id(portfolio_id, "portfolioId")
        return HealthPolicy.from_dto(
            await info.context.loaders.reporting.health_policy.load(policy_id)
        )
