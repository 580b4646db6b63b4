from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.levelling.types import Job
from shared.errors import NotFound


@strawberry.type
class LevellingQueries:
    @strawberry.field(description="A job (e.g. a levelling preview) by id; null if unknown.")
    async def job(self, info: Info, id: strawberry.ID) -> Job | None:
        try:
            return Job.from_dto(await info.context.clients.projects.get_job(parse_id(id)))
        except NotFound:
            return None
