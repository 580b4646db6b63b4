from __future__ import annotations

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.fields import node_by_id
from services.gateway.gates.types import GateReview, GateReviewState
from services.gateway.ids import parse_id
from shared.clients.governance.gates import ReviewState


@strawberry.type
class GateQueries:
    gate_review = node_by_id(GateReview, lambda loaders: loaders.gates.review)

    @strawberry.field(
        description="Gate reviews, oldest first: one project's, or (pmo, executive, admin) all."
    )
    async def gate_reviews(
        self,
        info: Info,
        project_id: strawberry.ID | None = None,
        state: GateReviewState | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[GateReview] | None:
        request = page_request(first, after)
        page = await info.context.clients.governance.list_gate_reviews(
            project_id=parse_id(project_id, "projectId") if project_id else None,
            state=ReviewState(state.value) if state else None,
            limit=request.limit,
            cursor=request.cursor,
        )
        for dto in page.items:
            info.context.loaders.gates.review.prime(dto.id, dto)
        return connection(page.items, page.next_cursor, request, GateReview.from_dto)
