from __future__ import annotations

import strawberry

from services.gateway.context import GatewayContext
from services.gateway.payloads import UserError, mutation
from services.gateway.portfolios.inputs import CreatePortfolioInput
from services.gateway.portfolios.types import Portfolio
from shared.clients.projects.portfolios import PortfolioCreate, PortfolioDTO


@strawberry.type
class CreatePortfolioPayload:
    portfolio: Portfolio | None
    user_errors: list[UserError]


async def _create(
    context: GatewayContext, input: CreatePortfolioInput, body: PortfolioCreate
) -> PortfolioDTO:
    projects = context.clients.projects
    return await projects.create_portfolio(body, idempotency_key=input.idempotency_key)


@strawberry.type
class PortfolioMutations:
    create_portfolio = mutation(
        CreatePortfolioPayload,
        _create,
        lambda loaders: loaders.portfolios.portfolio,
        conflict_field="name",
    )
