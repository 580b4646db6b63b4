from __future__ import annotations

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.fields import node_by_id
from services.gateway.ids import parse_id
from services.gateway.lifecycles.types import Lifecycle, LifecycleStatus, ProjectLifecycle
from shared.clients.governance.lifecycles import LifecycleStatus as WireStatus


@strawberry.type
class LifecycleQueries:
    lifecycle = node_by_id(Lifecycle, lambda loaders: loaders.lifecycles.lifecycle)

    @strawberry.field
    async def lifecycles(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        status: LifecycleStatus | None = None,
        key: str | None = None,
    ) -> Connection[Lifecycle] | None:
        request = page_request(first, after)
        page = await info.context.clients.governance.list_lifecycles(
            status=WireStatus(status.value) if status else None,
            key=key,
            limit=request.limit,
            cursor=request.cursor,
        )
        for dto in page.items:
            info.context.loaders.lifecycles.lifecycle.prime(dto.id, dto)
        return connection(page.items, page.next_cursor, request, Lifecycle.from_dto)

    @strawberry.field(description="The lifecycle revision a project follows.")
    async def project_lifecycle(
        self, info: Info, project_id: strawberry.ID
    ) -> ProjectLifecycle | None:
        key = parse_id(project_id, "projectId")
        return ProjectLifecycle.from_dto(
            await info.context.loaders.lifecycles.project_lifecycle.load(key)
        )
