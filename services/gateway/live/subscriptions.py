from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from typing import Any

import strawberry
from graphql import GraphQLError

from services.gateway.context import Info
from services.gateway.errors import code_for
from services.gateway.ids import parse_id
from services.gateway.live import cursor as live_cursor
from services.gateway.live.access import AccessGuard, token_expiry
from services.gateway.live.hub import FeedHub
from services.gateway.live.stream import (
    ensure_backlog_within,
    project_stream,
    starting_positions,
)
from services.gateway.live.types import ProjectEvent
from shared.clients.events import EventEndpoints
from shared.errors import ProblemError, ServiceUnavailable
from shared.observability import bearer_token_as

DESCRIPTION = (
    "A project's changes as they happen, from every service (over graphql-transport-ws at "
    "/graphql; the token goes in connection_init's payload as "
    '{"authorization": "Bearer ..."}). `after`: an event\'s cursor, to resume just after it '
    "(events meanwhile are sent first). Needs read access to the project, checked at the "
    "start, again right after each membership or archiving event of the project, before "
    "the first governance or reporting event that arrives after the latest check, and every "
    "GATEWAY_LIVE_ACCESS_RECHECK_SECONDS (60 by default): a caller who lost it gets the "
    "error a lookup would (NOT_FOUND) and the stream ends. The stream ends "
    "UNAUTHENTICATED when the token expires, then the connection closes (4401): reconnect "
    "with a new token and resume with `after`. A cursor more than "
    "GATEWAY_LIVE_MAX_CATCHUP_EVENTS (10000 by default) events behind is refused with "
    "CATCHUP_TOO_LARGE, one older than the feeds keep with CURSOR_EXPIRED: read the events "
    "with GET /v1/events first, then subscribe with a newer cursor."
)


@strawberry.type
class Subscription:
    @strawberry.subscription(description=DESCRIPTION)
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


def _feeds(info: Info) -> dict[str, EventEndpoints]:
    clients = info.context.clients
    return {
        "projects": clients.projects,
        "governance": clients.governance,
        "reporting": clients.reporting,
    }


async def _project_events(
    info: Info, project_id: strawberry.ID, after: str | None
) -> AsyncGenerator[ProjectEvent, None]:
    key = parse_id(project_id, "projectId", "Project")
    resume = live_cursor.decode(after) if after else None
    hub: FeedHub | None = getattr(info.context, "hub", None)
    if hub is None:
        raise ServiceUnavailable("projectEvents is served over graphql-transport-ws only.")
    feeds = _feeds(info)
    token = info.context.token or ""
    async with hub.subscription(key) as subscriber:
        with bearer_token_as(token):
            guard = _guard(info, key, token, hub)
            # A project the caller may not see is a NOT_FOUND, as for any lookup; an expired
            # token is refused here, though the services' leeway would still accept it.
            guard.ensure_unexpired()
            await guard.recheck()
            if resume is not None:
                await ensure_backlog_within(feeds, key, resume, hub.limits.max_catch_up_events)
            positions = resume or await starting_positions(feeds, key)
            stream = project_stream(hub, feeds, subscriber, positions, guard)
            async for _service, event, cursor in stream:
                yield ProjectEvent.from_dto(event, cursor)


def _guard(info: Info, project_id: uuid.UUID, token: str, hub: FeedHub) -> AccessGuard:
    """Access checked as at the start: the project looked up with the caller's token."""
    projects = info.context.clients.projects

    async def check() -> None:
        await projects.get_project(project_id)

    return AccessGuard(check, token_expiry(token), hub.limits.recheck_seconds)
