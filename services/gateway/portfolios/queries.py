from __future__ import annotations

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.fields import node_by_id
from services.gateway.portfolios.types import Portfolio


@strawberry.type
class PortfolioQueries:
    portfolio = node_by_id(Portfolio, lambda loaders: loaders.portfolios.portfolio)

    @strawberry.field(description="Portfolios, oldest first.")
    async def portfolios(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Portfolio]:
        request = page_request(first, after)
        page = await info.context.clients.projects.list_portfolios(
            limit=request.limit, cursor=request.cursor
        )
        for dto in page.items:
            info.context.loaders.portfolios.portfolio.prime(dto.id, dto)
        return connection(page.items, page.next_cursor, request, Portfolio.from_dto)
