"""``GET /v1/events``: a service's change feed, built by :func:`events_router`."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request, Response
from sqlalchemy import Table

from shared.auth import CurrentPrincipal, Principal
from shared.dependencies import Read
from shared.errors import FieldError, ValidationFailed
from shared.events.feed import service
from shared.events.feed.listener import OutboxListener
from shared.events.feed.repository import FeedFilters, FeedRepository
from shared.events.feed.schemas import EventPage
from shared.reads import Reader, asyncpg_dsn
from shared.repository import json_response

# Decides whether ``principal`` may read the events of ``project_id`` (None: of every
# project); raises the service's Forbidden or NotFound if not.
FeedAccess = Callable[[Principal, Request, Reader, uuid.UUID | None], Awaitable[None]]

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_WAIT_SECONDS = 25.0
MAX_TYPES = 50
EVENT_TYPE = re.compile(r"[a-z][a-z0-9_]{0,63}\.[a-z][a-z0-9_]{0,30}")

AFTER_DESCRIPTION = (
    "A cursor from an earlier answer (`next_cursor`, or an item's `cursor`): only events "
    "after it. Absent: from the first event. `now`: from this moment (no items, just the "
    "cursor to wait from). A cursor this feed never issued is a 400 (invalid-cursor); one "
    "from before the events retention pruned is a 410 (cursor-expired)."
)

FEED_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "The cursor is malformed or was never issued."},
    403: {"description": "Reading every project's events needs a global read role."},
    404: {"description": "The project is unknown or not visible."},
    410: {
        "description": "The cursor is older than the oldest event kept (events are "
        "pruned after the retention period): problem type `.../cursor-expired`; "
        "start again without `after` or with `after=now`."
    },
}


def parse_types(types: str | None) -> tuple[str, ...]:
    if not types:
        return ()
    names = tuple(dict.fromkeys(name.strip() for name in types.split(",") if name.strip()))
    bad = [name for name in names if not EVENT_TYPE.fullmatch(name)]
    if bad or len(names) > MAX_TYPES:
        message = f"at most {MAX_TYPES} event types like task.updated, comma-separated"
        raise ValidationFailed(
            "The types filter is not valid.", errors=[FieldError("types", message)]
        )
    return names


def events_router(outbox: Table, service_name: str, may_read: FeedAccess) -> APIRouter:
    repository = FeedRepository(outbox)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        listener = OutboxListener(asyncpg_dsn(app.state.settings.database_url))
        app.state.outbox_listener = listener
        try:
            yield
        finally:
            await listener.close()

    router = APIRouter(tags=["events"], lifespan=lifespan)

    @router.get(
        "/v1/events",
        operation_id="list_events",
        response_model=EventPage,
        responses=FEED_RESPONSES,
    )
    async def list_events(
        request: Request,
        principal: CurrentPrincipal,
        reader: Read,
        after: Annotated[str | None, Query(max_length=200, description=AFTER_DESCRIPTION)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
        project_id: Annotated[
            uuid.UUID | None, Query(description="Only this project's events.")
        ] = None,
        types: Annotated[
            str | None,
            Query(max_length=4000, description="Only these event types, comma-separated."),
        ] = None,
        wait: Annotated[
            float,
            Query(
                ge=0,
                le=MAX_WAIT_SECONDS,
                description="Seconds to wait for an event when none is new (long poll).",
            ),
        ] = 0,
    ) -> Response:
        """Events in the order they became final, after a cursor; `next_cursor` resumes."""
        filters = FeedFilters(project_id=project_id, types=parse_types(types))
        await may_read(principal, request, reader, project_id)
        listener: OutboxListener | None = getattr(request.app.state, "outbox_listener", None)
        answer = await service.read_feed(
            repository,
            reader,
            listener,
            service_name,
            service.FeedRequest(after=after, limit=limit, filters=filters, wait=wait),
        )
        return json_response(answer)

    return router
