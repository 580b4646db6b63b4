from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.portfolios.types import Portfolio


@strawberry.type
class PortfolioQueries:
    @strawberry.field
    async def portfolio(self, info: Info, id: strawberry.ID) -> Portfolio | None:
        return Portfolio.from_dto(await info.context.loaders.portfolio.load(parse_id(id)))
