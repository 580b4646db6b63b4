from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.corrective.policy import CorrectivePolicy, SetCorrectivePolicyInput
from services.gateway.ids import parse_id
from services.gateway.levelling.types import Job
from services.gateway.payloads import UserError, attempt, build, input_values
from services.gateway.records.types import ChangeRequest
from shared.clients.projects.corrective import CorrectivePolicyWrite

POLICY_CALL_FIELDS = frozenset({"portfolio_id", "expected_version"})


@strawberry.type
class ProposeCorrectiveOptionsPayload:
    job: Job | None
    user_errors: list[UserError]


@strawberry.type
class ApplyCorrectiveOptionPayload:
    change_request: ChangeRequest | None
    user_errors: list[UserError]


@strawberry.type
class CorrectivePolicyPayload:
    policy: CorrectivePolicy | None
    user_errors: list[UserError]


@strawberry.type
class CorrectiveMutations:
    @strawberry.mutation(
        description="Queue the computation of a project's corrective options (nothing in the "
        "plan changes); poll job(id), then read Project.correctiveOptions."
    )
    async def propose_corrective_options(
        self, info: Info, project_id: strawberry.ID
    ) -> ProposeCorrectiveOptionsPayload:
        async def call() -> Job:
            projects = info.context.clients.projects
            job = await projects.request_corrective_options(parse_id(project_id, "projectId"))
            return Job.from_dto(job)

        return await attempt(ProposeCorrectiveOptionsPayload, call, conflict_field="projectId")

    @strawberry.mutation(
        description="Raise a submitted change request carrying the option's plan changes; "
        "approving it makes them. A stale or already applied option: a userError."
    )
    async def apply_corrective_option(
        self, info: Info, id: strawberry.ID
    ) -> ApplyCorrectiveOptionPayload:
        async def call() -> ChangeRequest:
            projects = info.context.clients.projects
            change = await projects.apply_corrective_option(parse_id(id, "id"))
            return ChangeRequest.from_dto(change)

        return await attempt(ApplyCorrectiveOptionPayload, call, conflict_field="id")

    @strawberry.mutation(
        description="Replace a portfolio's corrective policy (admin and pmo); fields not sent "
        "take the built-in defaults. expectedVersion: the version read (0 while unset)."
    )
    async def set_corrective_policy(
        self, info: Info, input: SetCorrectivePolicyInput
    ) -> CorrectivePolicyPayload:
        async def call() -> CorrectivePolicy:
            portfolio_id = parse_id(input.portfolio_id, "portfolioId")
            body = build(CorrectivePolicyWrite, input_values(input, exclude=POLICY_CALL_FIELDS))
            policy = await info.context.clients.projects.set_corrective_policy(
                portfolio_id, body, expected_version=input.expected_version
            )
            return CorrectivePolicy.from_dto(policy)

        return await attempt(
            CorrectivePolicyPayload,
            call,
            conflict_field=None,
            precondition_field="expectedVersion",
        )
