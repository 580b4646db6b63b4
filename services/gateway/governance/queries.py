from __future__ import annotations

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.fields import node_by_id
from services.gateway.governance.types import Standard, StandardStatus
from shared.clients.governance import StandardStatus as WireStatus


@strawberry.type
class GovernanceQueries:
    standard = node_by_id(Standard, lambda loaders: loaders.governance.standard)

    @strawberry.field
    async def standards(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        status: StandardStatus | None = None,
    ) -> Connection[Standard] | None:
        request = page_request(first, after)
        page = await info.context.clients.governance.list_standards(
            status=WireStatus(status.value) if status else None,
            limit=request.limit,
            cursor=request.cursor,
        )
        for dto in page.items:
            info.context.loaders.governance.standard.prime(dto.id, dto)
        return connection(page.items, page.next_cursor, request, Standard.from_dto)
