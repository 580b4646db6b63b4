from __future__ import annotations

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.fields import node_by_id
from services.gateway.ids import parse_id
from services.gateway.programs.types import Program


@strawberry.type
class ProgramQueries:
    program = node_by_id(Program, lambda loaders: loaders.programs.program)

    @strawberry.field(description="Programs, oldest first; of one portfolio if given.")
    async def programs(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        portfolio_id: strawberry.ID | None = None,
    ) -> Connection[Program] | None:
        request = page_request(first, after)
        page = await info.context.clients.projects.list_programs(
            portfolio_id=parse_id(portfolio_id, "portfolioId") if portfolio_id else None,
            limit=request.limit,
            cursor=request.cursor,
        )
        loader = info.context.loaders.programs.program
        for dto in page.items:
            loader.prime(dto.id, dto)
        return connection(page.items, page.next_cursor, request, Program.from_dto)
