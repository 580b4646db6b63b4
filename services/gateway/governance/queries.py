from __future__ import annotations

import strawberry

from services.gateway.connections import decode_after, page_size
from services.gateway.context import Info
from services.gateway.governance.types import Standard, StandardConnection, StandardStatus
from services.gateway.ids import parse_id
from shared.clients.governance import StandardStatus as WireStatus


@strawberry.type
class GovernanceQueries:
    @strawberry.field
    async def standard(self, info: Info, id: strawberry.ID) -> Standard | None:
        return Standard.from_dto(await info.context.loaders.standard.load(parse_id(id)))

    @strawberry.field
    async def standards(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: StandardStatus | None = None,
    ) -> StandardConnection | None:
        size, position = page_size(first), decode_after(after)
        page = await info.context.clients.governance.list_standards(
            status=WireStatus(status.value) if status else None,
            limit=position.limit_for(size),
            cursor=position.upstream,
        )
        for dto in page.items:
            info.context.loaders.standard.prime(dto.id, dto)
        return StandardConnection.build(page.items, page.next_cursor, position, size)
