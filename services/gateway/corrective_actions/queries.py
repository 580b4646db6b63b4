from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from services.gateway.connections import Connection, connection, page_request
from services.gateway.context import Info
from services.gateway.corrective_actions.types import CorrectiveAction, CorrectiveActionStatus
from services.gateway.ids import parse_id
from shared.clients.reporting.corrective_actions import ActionStatus
from shared.errors import NotFound

StatusFilter = Annotated[
    list[CorrectiveActionStatus] | None,
    strawberry.argument(description="Only actions in these statuses."),
]


def _statuses(status: list[CorrectiveActionStatus] | None) -> list[ActionStatus] | None:
    return [ActionStatus(s.value) for s in status] if status else None


async def project_corrective_actions(
    info: Info,
    project_id: uuid.UUID,
    first: int | None,
    after: str | None,
    status: list[CorrectiveActionStatus] | None,
) -> Connection[CorrectiveAction] | None:
    """The ``correctiveActions`` field of ``Project`` (newest first)."""
    request = page_request(first, after)
    page = await info.context.clients.reporting.project_corrective_actions(
        project_id, statuses=_statuses(status), limit=request.limit, cursor=request.cursor
    )
    return connection(page.items, page.next_cursor, request, CorrectiveAction.from_dto)


async def portfolio_corrective_actions(
    info: Info,
    portfolio_id: uuid.UUID,
    first: int | None,
    after: str | None,
    status: list[CorrectiveActionStatus] | None,
) -> Connection[CorrectiveAction] | None:
    """The ``correctiveActions`` field of ``Portfolio`` (newest first)."""
    request = page_request(first, after)
    page = await info.context.clients.reporting.portfolio_corrective_actions(
        portfolio_id, statuses=_statuses(status), limit=request.limit, cursor=request.cursor
    )
    return connection(page.items, page.next_cursor, request, CorrectiveAction.from_dto)


@strawberry.type
class CorrectiveActionQueries:
    @strawberry.field(description="A corrective action by id, with its measured effect.")
    async def corrective_action(self, info: Info, id: strawberry.ID) -> CorrectiveAction | None:
        try:
            found = await info.context.clients.reporting.get_corrective_action(parse_id(id))
        except NotFound:
            return None
        return CorrectiveAction.from_dto(found)
