"""The feed's wire format: an event as webhooks carry it (``shared.events.payload``) plus
the cursor that resumes the feed just after it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class EventEntity(BaseModel):
    type: str = Field(description="The entity's kind, e.g. task or project.")
    id: uuid.UUID


class EventRead(BaseModel):
    id: uuid.UUID = Field(description="The event's id (a webhook's webhook-id).")
    type: str = Field(description="<entity>.<action>, e.g. task.updated.")
    service: str = Field(description="The service that wrote the event.")
    occurred_at: datetime
    entity: EventEntity
    project_id: uuid.UUID | None
    portfolio_id: uuid.UUID | None
    actor: str
    data: dict[str, Any]
    cursor: str = Field(description="Resumes the feed just after this event (?after=).")


class EventPage(BaseModel):
    items: list[EventRead]
    next_cursor: str = Field(
        description="Always set: pass it as ?after= to read what comes next (the same "
        "cursor again when nothing new was written)."
    )
