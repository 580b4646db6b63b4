"""RAID mutations: risks, issues, assumptions and decisions created, edited and deleted.
The entries are read per project (no by-id loader), so nothing is primed."""

from __future__ import annotations

import strawberry

from services.gateway.context import GatewayContext
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, action, mutation
from services.gateway.records.inputs import (
    CreateAssumptionInput,
    CreateDecisionInput,
    CreateIssueInput,
    CreateRiskInput,
    DeleteRaidEntryInput,
    UpdateAssumptionInput,
    UpdateDecisionInput,
    UpdateIssueInput,
    UpdateRiskInput,
)
from services.gateway.records.types import Assumption, Decision, Issue, Risk
from shared.clients.projects.record_edits import (
    AssumptionUpdate,
    DecisionUpdate,
    IssueUpdate,
    RiskUpdate,
)
from shared.clients.projects.records import (
    AssumptionCreate,
    AssumptionDTO,
    DecisionCreate,
    DecisionDTO,
    IssueCreate,
    IssueDTO,
    RiskCreate,
    RiskDTO,
)


@strawberry.type
class RiskPayload:
    risk: Risk | None
    user_errors: list[UserError]


@strawberry.type
class IssuePayload:
    issue: Issue | None
    user_errors: list[UserError]


@strawberry.type
class AssumptionPayload:
    assumption: Assumption | None
    user_errors: list[UserError]


@strawberry.type
class DecisionPayload:
    decision: Decision | None
    user_errors: list[UserError]


@strawberry.type
class DeleteRaidEntryPayload:
    deleted_id: strawberry.ID | None
    user_errors: list[UserError]


async def _create_risk(
    context: GatewayContext, input: CreateRiskInput, body: RiskCreate
) -> RiskDTO:
    project_id = parse_id(input.project_id, "projectId")
    key = input.idempotency_key
    return await context.clients.projects.create_risk(project_id, body, idempotency_key=key)


async def _create_issue(
    context: GatewayContext, input: CreateIssueInput, body: IssueCreate
) -> IssueDTO:
    project_id = parse_id(input.project_id, "projectId")
    key = input.idempotency_key
    return await context.clients.projects.create_issue(project_id, body, idempotency_key=key)


async def _create_assumption(
    context: GatewayContext, input: CreateAssumptionInput, body: AssumptionCreate
) -> AssumptionDTO:
    project_id = parse_id(input.project_id, "projectId")
    key = input.idempotency_key
    return await context.clients.projects.create_assumption(project_id, body, idempotency_key=key)


async def _create_decision(
    context: GatewayContext, input: CreateDecisionInput, body: DecisionCreate
) -> DecisionDTO:
    project_id = parse_id(input.project_id, "projectId")
    key = input.idempotency_key
    return await context.clients.projects.create_decision(project_id, body, idempotency_key=key)


async def _update_risk(
    context: GatewayContext, input: UpdateRiskInput, body: RiskUpdate
) -> RiskDTO:
    version = input.expected_version
    return await context.clients.projects.update_risk(
        parse_id(input.id), body, expected_version=version
    )


async def _update_issue(
    context: GatewayContext, input: UpdateIssueInput, body: IssueUpdate
) -> IssueDTO:
    version = input.expected_version
    return await context.clients.projects.update_issue(
        parse_id(input.id), body, expected_version=version
    )


async def _update_assumption(
    context: GatewayContext, input: UpdateAssumptionInput, body: AssumptionUpdate
) -> AssumptionDTO:
    version = input.expected_version
    return await context.clients.projects.update_assumption(
        parse_id(input.id), body, expected_version=version
    )


async def _update_decision(
    context: GatewayContext, input: UpdateDecisionInput, body: DecisionUpdate
) -> DecisionDTO:
    version = input.expected_version
    return await context.clients.projects.update_decision(
        parse_id(input.id), body, expected_version=version
    )


async def _delete_risk(context: GatewayContext, input: DeleteRaidEntryInput) -> None:
    await context.clients.projects.delete_risk(
        parse_id(input.id), expected_version=input.expected_version
    )


async def _delete_issue(context: GatewayContext, input: DeleteRaidEntryInput) -> None:
    await context.clients.projects.delete_issue(
        parse_id(input.id), expected_version=input.expected_version
    )


async def _delete_assumption(context: GatewayContext, input: DeleteRaidEntryInput) -> None:
    await context.clients.projects.delete_assumption(
        parse_id(input.id), expected_version=input.expected_version
    )


async def _delete_decision(context: GatewayContext, input: DeleteRaidEntryInput) -> None:
    await context.clients.projects.delete_decision(
        parse_id(input.id), expected_version=input.expected_version
    )


def _edit(payload: type, send: object, what: str) -> object:
    return mutation(
        payload,
        send,  # type: ignore[arg-type]
        None,
        conflict_field="status",
        precondition_field="expectedVersion",
        description=what,
    )


def _delete(call: object, what: str) -> object:
    return action(
        DeleteRaidEntryPayload,
        call,  # type: ignore[arg-type]
        conflict_field=None,
        description=f"Delete a {what} (the project's writers may).",
    )


@strawberry.type
class RecordMutations:
    create_risk = _edit(RiskPayload, _create_risk, "Log a risk on a project.")
    update_risk = _edit(RiskPayload, _update_risk, "Change a risk.")
    delete_risk = _delete(_delete_risk, "risk")
    create_issue = _edit(IssuePayload, _create_issue, "Log an issue on a project.")
    update_issue = _edit(IssuePayload, _update_issue, "Change an issue.")
    delete_issue = _delete(_delete_issue, "issue")
    create_assumption = _edit(
        AssumptionPayload, _create_assumption, "Log an assumption on a project."
    )
    update_assumption = _edit(AssumptionPayload, _update_assumption, "Change an assumption.")
    delete_assumption = _delete(_delete_assumption, "assumption")
    create_decision = _edit(DecisionPayload, _create_decision, "Record a decision on a project.")
    update_decision = _edit(DecisionPayload, _update_decision, "Change a decision.")
    delete_decision = _delete(_delete_decision, "decision")
