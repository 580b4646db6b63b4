from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.levelling.inputs import (
    ApplyLevellingInput,
    ClearLevellingInput,
    LevelPortfolioInput,
    LevelProjectInput,
)
from services.gateway.levelling.types import Job, LevellingApplied
from services.gateway.payloads import UserError, attempt
from shared.clients.projects.levelling import LevellingApply, LevellingRequest
from shared.clients.projects.levelling import LevellingMethod as WireMethod


@strawberry.type
class LevelPayload:
    job: Job | None
    user_errors: list[UserError]


@strawberry.type
class ApplyLevellingPayload:
    applied: LevellingApplied | None
    user_errors: list[UserError]


@strawberry.type
class ClearLevellingPayload:
    cleared_project_id: strawberry.ID | None
    user_errors: list[UserError]


def _request(method: object, seconds: float) -> LevellingRequest:
    return LevellingRequest(method=WireMethod(method.value), time_limit_seconds=seconds)  # type: ignore[attr-defined]


@strawberry.type
class LevellingMutations:
    @strawberry.mutation(description="Queue a levelling preview of a project; poll job(id).")
    async def level_project(self, info: Info, input: LevelProjectInput) -> LevelPayload:
        async def call() -> Job:
            project_id = parse_id(input.project_id, "projectId")
            body = _request(input.method, input.time_limit_seconds)
            job = await info.context.clients.projects.request_project_levelling(project_id, body)
            return Job.from_dto(job)

        return await attempt(LevelPayload, call, conflict_field="projectId")

    @strawberry.mutation(description="Queue a levelling preview of a portfolio's projects.")
    async def level_portfolio(self, info: Info, input: LevelPortfolioInput) -> LevelPayload:
        async def call() -> Job:
            portfolio_id = parse_id(input.portfolio_id, "portfolioId")
            body = _request(input.method, input.time_limit_seconds)
            projects = info.context.clients.projects
            return Job.from_dto(await projects.request_portfolio_levelling(portfolio_id, body))

        return await attempt(LevelPayload, call, conflict_field="portfolioId")

    @strawberry.mutation(
        description="Apply a succeeded levelling preview (a changed plan: a userError)."
    )
    async def apply_levelling(
        self, info: Info, input: ApplyLevellingInput
    ) -> ApplyLevellingPayload:
        async def call() -> LevellingApplied:
            body = LevellingApply(
                set_baseline=input.set_baseline,
                baseline_number=input.baseline_number,
                baseline_name=input.baseline_name,
                replace_baseline=input.replace_baseline,
            )
            job_id = parse_id(input.job_id, "jobId")
            applied = await info.context.clients.projects.apply_levelling(job_id, body)
            return LevellingApplied.from_dto(applied)

        return await attempt(ApplyLevellingPayload, call, conflict_field="jobId")

    @strawberry.mutation(description="Clear a project's levelling delays.")
    async def clear_levelling(
        self, info: Info, input: ClearLevellingInput
    ) -> ClearLevellingPayload:
        async def call() -> strawberry.ID:
            await info.context.clients.projects.clear_project_levelling(
                parse_id(input.project_id, "projectId"), expected_version=input.expected_version
            )
            return input.project_id

        return await attempt(
            ClearLevellingPayload,
            call,
            conflict_field="projectId",
            precondition_field="expectedVersion",
        )
