"""Change-control mutations: change requests drafted, edited, submitted and decided (an
approval may re-baseline the plan), and status updates posted."""

from __future__ import annotations

import strawberry

from services.gateway.context import GatewayContext
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, action, mutation
from services.gateway.records.change_inputs import (
    ApproveChangeRequestInput,
    CreateChangeRequestInput,
    PostStatusUpdateInput,
    RejectChangeRequestInput,
    SubmitChangeRequestInput,
    UpdateChangeRequestInput,
)
from services.gateway.records.types import ChangeRequest, StatusUpdate
from shared.clients.projects.record_edits import (
    ChangeRequestApproval,
    ChangeRequestRejection,
    ChangeRequestUpdate,
)
from shared.clients.projects.records import (
    ChangeRequestCreate,
    ChangeRequestDTO,
    StatusUpdateCreate,
    StatusUpdateDTO,
)


@strawberry.type
class ChangeRequestPayload:
    change_request: ChangeRequest | None
    user_errors: list[UserError]


@strawberry.type
class StatusUpdatePayload:
    status_update: StatusUpdate | None
    user_errors: list[UserError]


async def _create(
    context: GatewayContext, input: CreateChangeRequestInput, body: ChangeRequestCreate
) -> ChangeRequestDTO:
    project_id = parse_id(input.project_id, "projectId")
    key = input.idempotency_key
    return await context.clients.projects.create_change_request(
        project_id, body, idempotency_key=key
    )


async def _update(
    context: GatewayContext, input: UpdateChangeRequestInput, body: ChangeRequestUpdate
) -> ChangeRequestDTO:
    version = input.expected_version
    return await context.clients.projects.update_change_request(
        parse_id(input.id), body, expected_version=version
    )


async def _submit(context: GatewayContext, input: SubmitChangeRequestInput) -> ChangeRequestDTO:
    return await context.clients.projects.submit_change_request(
        parse_id(input.id),
        expected_version=input.expected_version,
        idempotency_key=input.idempotency_key,
    )


async def _approve(
    context: GatewayContext, input: ApproveChangeRequestInput, body: ChangeRequestApproval
) -> ChangeRequestDTO:
    return await context.clients.projects.approve_change_request(
        parse_id(input.id),
        body,
        expected_version=input.expected_version,
        idempotency_key=input.idempotency_key,
    )


async def _reject(
    context: GatewayContext, input: RejectChangeRequestInput, body: ChangeRequestRejection
) -> ChangeRequestDTO:
    return await context.clients.projects.reject_change_request(
        parse_id(input.id),
        body,
        expected_version=input.expected_version,
        idempotency_key=input.idempotency_key,
    )


async def _post_status(
    context: GatewayContext, input: PostStatusUpdateInput, body: StatusUpdateCreate
) -> StatusUpdateDTO:
    project_id = parse_id(input.project_id, "projectId")
    key = input.idempotency_key
    return await context.clients.projects.create_status_update(
        project_id, body, idempotency_key=key
    )


def _step(send: object, what: str) -> object:
    return mutation(
        ChangeRequestPayload,
        send,  # type: ignore[arg-type]
        None,
        conflict_field="id",
        precondition_field="expectedVersion",
        description=what,
    )


@strawberry.type
class ChangeRequestMutations:
    create_change_request = _step(_create, "Draft a change request on a project.")
    update_change_request = _step(_update, "Edit a draft change request.")
    submit_change_request = action(
        ChangeRequestPayload,
        _submit,
        conflict_field="id",
        description="Submit a draft change request for a decision.",
    )
    approve_change_request = _step(
        _approve, "Approve a submitted change request; setBaseline re-baselines the plan."
    )
    reject_change_request = _step(_reject, "Reject a submitted change request.")
    post_status_update = mutation(
        StatusUpdatePayload,
        _post_status,
        None,
        conflict_field="asOf",
        description="Report on a project as of a date (RAG per dimension and a narrative).",
    )
