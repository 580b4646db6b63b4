from __future__ import annotations

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.fields import node_by_id
from services.gateway.templates.types import Template, TemplateStatus
from shared.clients.governance.templates import TemplateStatus as WireStatus


@strawberry.type
class TemplateQueries:
    template = node_by_id(Template, lambda loaders: loaders.templates.template)

    @strawberry.field(description="Template revisions, oldest first.")
    async def templates(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        status: TemplateStatus | None = None,
        key: str | None = None,
        category: str | None = None,
        tag: str | None = None,
    ) -> Connection[Template] | None:
        request = page_request(first, after)
        page = await info.context.clients.governance.list_templates(
            status=WireStatus(status.value) if status else None,
            key=key,
            category=category,
            tag=tag,
            limit=request.limit,
            cursor=request.cursor,
        )
        for dto in page.items:
            info.context.loaders.templates.template.prime(dto.id, dto)
        return connection(page.items, page.next_cursor, request, Template.from_dto)
