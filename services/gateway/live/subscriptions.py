from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

import strawberry
from graphql import GraphQLError

from services.gateway.context import Info
from services.gateway.errors import code_for
from services.gateway.ids import parse_id
from services.gateway.live import cursor as live_cursor
from services.gateway.live.hub import FeedHub
from services.gateway.live.stream import project_stream, starting_positions
from services.gateway.live.types import ProjectEvent
from shared.clients.events import EventEndpoints
from shared.errors import ProblemError, ServiceUnavailable
from shared.observability import bearer_token_as


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="A project's changes as they happen, from every service (over "
        "graphql-transport-ws at /graphql; the token goes in connection_init's payload as "
        '{"authorization": "Bearer ..."}). `after`: an event\'s cursor, to resume just '
        "after it (events meanwhile are sent first). Needs read access to the project."
    )
    async def project_events(
        self, info: Info, project_id: strawberry.ID, after: str | None = None
    ) -> AsyncGenerator[ProjectEvent, None]:
        try:
            async for event in _project_events(info, project_id, after):
                yield event
        except ProblemError as error:
            # A stream's errors skip the extension that annotates a query's (UpstreamErrors).
            extensions: dict[str, Any] = {"code": code_for(error), "status": error.status}
            if error.errors:
                extensions["fieldErrors"] = [e.as_dict() for e in error.errors]
            raise GraphQLError(error.detail, extensions=extensions, original_error=error) from None


async def _project_events(
    info: Info, project_id: strawberry.ID, after: str | None
) -> AsyncGenerator[ProjectEvent, None]:
    key = parse_id(project_id, "projectId", "Project")
    resume = live_cursor.decode(after) if after else None
    hub: FeedHub | None = getattr(info.context, "hub", None)
    if hub is None:
        raise ServiceUnavailable("projectEvents is served over graphql-transport-ws only.")
    clients = info.context.clients
    feeds: dict[str, EventEndpoints] = {
        "projects": clients.projects,
        "governance": clients.governance,
        "reporting": clients.reporting,
    }
    async with hub.subscription(key) as subscriber:
        with bearer_token_as(info.context.token or ""):
            # A project the caller may not see is a NOT_FOUND, as for any lookup.
            await clients.projects.get_project(key)
            positions = resume or await starting_positions(feeds, key)
            stream = project_stream(hub, feeds, subscriber, positions)
            async for _service, event, cursor in stream:
                yield ProjectEvent.from_dto(event, cursor)
