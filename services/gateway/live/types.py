"""What a live subscriber receives."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from shared.clients.events import EventDTO


@strawberry.type(description="A change to a project, from one service's change feed.")
class ProjectEvent:
    id: strawberry.ID = strawberry.field(description="The event's id (as webhooks carry it).")
    type: str = strawberry.field(description="<entity>.<action>, e.g. task.updated.")
    service: str = strawberry.field(description="projects, governance or reporting.")
    occurred_at: datetime
    entity_type: str
    entity_id: strawberry.ID
    project_id: strawberry.ID
    actor: str
    data: JSON = strawberry.field(description="What changed: the service's event data.")
    cursor: str = strawberry.field(
        description="Pass as projectEvents(after:) to resume just after this event."
    )

    @classmethod
    def from_dto(cls, event: EventDTO, cursor: str) -> ProjectEvent:
        return cls(
            id=strawberry.ID(str(event.id)),
            type=event.type,
            service=event.service,
            occurred_at=event.occurred_at,
            entity_type=event.entity.type,
            entity_id=strawberry.ID(str(event.entity.id)),
            project_id=strawberry.ID(str(event.project_id)),
            actor=event.actor,
            data=JSON(event.data),
            cursor=cursor,
        )
