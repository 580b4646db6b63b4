"""The change feed every service exposes at ``GET /v1/events`` (``shared.events.feed``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from shared.clients import Operation, TypedClient, WireModel


class EventEntityDTO(WireModel):
    type: str
    id: uuid.UUID


class EventDTO(WireModel):
    id: uuid.UUID
    type: str
    service: str
    occurred_at: datetime
    entity: EventEntityDTO
    project_id: uuid.UUID | None = None
    portfolio_id: uuid.UUID | None = None
    actor: str
    data: dict[str, Any]
    cursor: str


class EventPageDTO(WireModel):
    items: list[EventDTO]
    next_cursor: str


LIST_EVENTS = Operation("list_events", "GET", "/v1/events", EventPageDTO)


class EventEndpoints(TypedClient):
    """Part of every service's client."""

    async def list_events(
        self,
        *,
        after: str | None = None,
        limit: int | None = None,
        project_id: uuid.UUID | None = None,
        types: Sequence[str] = (),
        wait: float | None = None,
    ) -> EventPageDTO:
        """Events after the cursor ``after`` (None: from the start; ``"now"``: from now) in
        the order they became final; ``wait`` long-polls up to that many seconds when none
        is new (give the client a read timeout longer than that)."""
        params: dict[str, Any] = {}
        if after is not None:
            params["after"] = after
        if limit is not None:
            params["limit"] = limit
        if project_id is not None:
            params["project_id"] = str(project_id)
        if types:
            params["types"] = ",".join(types)
        if wait:
            params["wait"] = wait
        return await self.fetch(LIST_EVENTS, params=params)


__all__ = ["LIST_EVENTS", "EventDTO", "EventEndpoints", "EventEntityDTO", "EventPageDTO"]
