from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.what_if.types import ResourceWhatIf
from shared.errors import Conflict, NotFound


@strawberry.type
class WhatIfQueries:
    @strawberry.field(
        description="The comparison of a succeeded what-if job; null while it runs, when it "
        "failed (see job(id).error) or when the job is unknown or not a what-if."
    )
    async def resource_what_if_result(
        self, info: Info, job_id: strawberry.ID
    ) -> ResourceWhatIf | None:
        try:
            result = await info.context.clients.projects.what_if_result(parse_id(job_id, "jobId"))
        except (NotFound, Conflict):
            return None
        return ResourceWhatIf.from_dto(result)
