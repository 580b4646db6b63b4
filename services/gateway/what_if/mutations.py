from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.levelling.types import Job
from services.gateway.payloads import UserError, attempt, build, input_values
from services.gateway.what_if.inputs import ResourceWhatIfInput
from shared.clients.projects.what_if import WhatIfRequest
from shared.errors import FieldError, ValidationFailed

_TARGET = frozenset({"project_id", "portfolio_id"})


@strawberry.type
class ResourceWhatIfPayload:
    job: Job | None
    user_errors: list[UserError]


@strawberry.type
class WhatIfMutations:
    @strawberry.mutation(
        description="Queue a what-if on a project's or a portfolio's resources (nothing in "
        "the plan changes); poll job(id), read resourceWhatIfResult(jobId)."
    )
    async def resource_what_if(
        self, info: Info, input: ResourceWhatIfInput
    ) -> ResourceWhatIfPayload:
        async def call() -> Job:
            body = build(WhatIfRequest, input_values(input, exclude=_TARGET))
            projects = info.context.clients.projects
            if (input.project_id is None) == (input.portfolio_id is None):
                raise ValidationFailed(
                    "Give a projectId or a portfolioId.",
                    errors=[FieldError("project_id", "give this or portfolio_id")],
                )
            if input.project_id is not None:
                project_id = parse_id(input.project_id, "projectId")
                return Job.from_dto(await projects.request_project_what_if(project_id, body))
            portfolio_id = parse_id(str(input.portfolio_id), "portfolioId")
            return Job.from_dto(await projects.request_portfolio_what_if(portfolio_id, body))

        return await attempt(ResourceWhatIfPayload, call, conflict_field="projectId")
