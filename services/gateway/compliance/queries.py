from __future__ import annotations

import strawberry

from services.gateway.compliance.types import (
    Evaluation,
    PortfolioCompliance,
    ProjectCompliance,
    RuleKind,
)
from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.ids import parse_id


@strawberry.type
class ComplianceQueries:
    @strawberry.field(description="Every rule kind a standard's rule may name.")
    async def rule_kinds(self, info: Info) -> list[RuleKind]:
        return [
            RuleKind.from_dto(k) for k in await info.context.clients.governance.list_rule_kinds()
        ]

    @strawberry.field(description="An evaluation with its findings.")
    async def evaluation(self, info: Info, id: strawberry.ID) -> Evaluation | None:
        dto = await info.context.loaders.compliance.evaluation.load(parse_id(id))
        return Evaluation.from_dto(dto)

    @strawberry.field(description="Evaluations, newest first.")
    async def evaluations(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        project_id: strawberry.ID | None = None,
        portfolio_id: strawberry.ID | None = None,
    ) -> Connection[Evaluation] | None:
        request = page_request(first, after)
        page = await info.context.clients.governance.list_evaluations(
            project_id=parse_id(project_id, "projectId") if project_id else None,
            portfolio_id=parse_id(portfolio_id, "portfolioId") if portfolio_id else None,
            limit=request.limit,
            cursor=request.cursor,
        )
        return connection(page.items, page.next_cursor, request, Evaluation.from_dto)

    @strawberry.field(description="A project's latest evaluation and its recent scores.")
    async def project_compliance(
        self, info: Info, project_id: strawberry.ID, trend_limit: int | None = None
    ) -> ProjectCompliance | None:
        dto = await info.context.clients.governance.project_compliance(
            parse_id(project_id, "projectId"), trend_limit=trend_limit
        )
        return ProjectCompliance.from_dto(dto)

    @strawberry.field(description="Latest score per project of a portfolio and its daily trend.")
    async def portfolio_compliance(
        self, info: Info, portfolio_id: strawberry.ID, days: int | None = None
    ) -> PortfolioCompliance | None:
        dto = await info.context.clients.governance.portfolio_compliance(
            parse_id(portfolio_id, "portfolioId"), days=days
        )
        return PortfolioCompliance.from_dto(dto)
