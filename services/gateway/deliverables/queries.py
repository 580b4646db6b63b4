from __future__ import annotations

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.deliverables.types import Deliverable, DeliverableStatus
from services.gateway.ids import parse_id
from shared.clients.governance.deliverables import DeliverableStatus as WireStatus


@strawberry.type
class DeliverableQueries:
    @strawberry.field(description="A project's deliverables register, oldest first.")
    async def deliverables(
        self,
        info: Info,
        project_id: strawberry.ID,
        first: First = None,
        after: After = None,
        status: DeliverableStatus | None = None,
    ) -> Connection[Deliverable] | None:
        request = page_request(first, after)
        page = await info.context.clients.governance.list_deliverables(
            parse_id(project_id, "projectId"),
            status=WireStatus(status.value) if status else None,
            limit=request.limit,
            cursor=request.cursor,
        )
        return connection(page.items, page.next_cursor, request, Deliverable.from_dto)
