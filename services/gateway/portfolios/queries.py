from __future__ import annotations

import strawberry

from services.gateway.connections import decode_after, page_size
from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.portfolios.types import Portfolio, PortfolioConnection


@strawberry.type
class PortfolioQueries:
    @strawberry.field
    async def portfolio(self, info: Info, id: strawberry.ID) -> Portfolio | None:
        return Portfolio.from_dto(await info.context.loaders.portfolio.load(parse_id(id)))

    @strawberry.field(description="Portfolios, oldest first.")
    async def portfolios(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> PortfolioConnection:
        size, position = page_size(first), decode_after(after)
        page = await info.context.clients.projects.list_portfolios(
            limit=position.limit_for(size), cursor=position.upstream
        )
        for dto in page.items:
            info.context.loaders.portfolio.prime(dto.id, dto)
        return PortfolioConnection.build(page.items, page.next_cursor, position, size)
