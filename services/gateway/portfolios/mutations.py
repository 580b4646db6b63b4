from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.payloads import UserError, build, input_values, user_errors
from services.gateway.portfolios.inputs import CreatePortfolioInput
from services.gateway.portfolios.types import Portfolio
from shared.clients.projects.portfolios import PortfolioCreate
from shared.errors import ProblemError


@strawberry.type
class CreatePortfolioPayload:
    portfolio: Portfolio | None
    user_errors: list[UserError]


@strawberry.type
class PortfolioMutations:
    @strawberry.mutation
    async def create_portfolio(
        self, info: Info, input: CreatePortfolioInput
    ) -> CreatePortfolioPayload | None:
        context = info.context
        try:
            body = build(
                PortfolioCreate, input_values(input, exclude=frozenset({"idempotency_key"}))
            )
            dto = await context.clients.projects.create_portfolio(
                body, idempotency_key=input.idempotency_key
            )
        except ProblemError as exc:
            if (errors := user_errors(exc, conflict_field="name")) is None:
                raise
            return CreatePortfolioPayload(portfolio=None, user_errors=errors)
        context.loaders.portfolio.prime(dto.id, dto)
        return CreatePortfolioPayload(portfolio=Portfolio.from_dto(dto), user_errors=[])
