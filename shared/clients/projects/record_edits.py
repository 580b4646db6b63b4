"""Changing what a project records (projects service): RAID entries edited and deleted,
change requests edited and moved through their workflow."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from shared.clients import InputModel, Operation, TypedClient
from shared.clients.projects.records import (
    AssumptionDTO,
    AssumptionStatus,
    ChangeRequestDTO,
    DecisionDTO,
    DecisionStatus,
    IssueDTO,
    IssueStatus,
    ResponseStrategy,
    RiskDTO,
    RiskStatus,
    Severity,
)
from shared.fields import SignedMoneyIn


class _RaidEntryUpdate(InputModel):
    title: str | None = None
    description: str | None = None
    owner: str | None = None
    task_ids: list[uuid.UUID] | None = None


class RiskUpdate(_RaidEntryUpdate):
    status: RiskStatus | None = None
    probability: int | None = None
    impact: int | None = None
    response_strategy: ResponseStrategy | None = None
    mitigation: str | None = None
    trigger: str | None = None
    due_date: date | None = None
    residual_score: int | None = None
    occurrence_probability: Decimal | None = None
    schedule_impact_min_days: Decimal | None = None
    schedule_impact_likely_days: Decimal | None = None
    schedule_impact_max_days: Decimal | None = None


class IssueUpdate(_RaidEntryUpdate):
    status: IssueStatus | None = None
    severity: Severity | None = None
    due_date: date | None = None
    resolution: str | None = None


class AssumptionUpdate(_RaidEntryUpdate):
    status: AssumptionStatus | None = None
    validated_by: str | None = None
    validation_date: date | None = None


class DecisionUpdate(_RaidEntryUpdate):
    status: DecisionStatus | None = None
    decision: str | None = None
    rationale: str | None = None
    decided_by: str | None = None
    decision_date: date | None = None


class ChangeRequestUpdate(InputModel):
    title: str | None = None
    description: str | None = None
    reason: str | None = None
    schedule_impact_days: Decimal | None = None
    cost_impact: SignedMoneyIn | None = None
    currency: str | None = None
    scope_impact: str | None = None


class ChangeRequestApproval(InputModel):
    note: str | None = None
    set_baseline: int | None = None
    replace_baseline: bool = False


class ChangeRequestRejection(InputModel):
    note: str | None = None


def _edits(kind: str, dto: type[Any], body: type[InputModel]) -> tuple[Operation, Operation]:
    one = f"/v1/{kind}s/{{entry_id}}"
    update = Operation(f"update_{kind}", "PATCH", one, dto, body=body)
    return update, Operation(f"delete_{kind}", "DELETE", one, None)


UPDATE_RISK, DELETE_RISK = _edits("risk", RiskDTO, RiskUpdate)
UPDATE_ISSUE, DELETE_ISSUE = _edits("issue", IssueDTO, IssueUpdate)
UPDATE_ASSUMPTION, DELETE_ASSUMPTION = _edits("assumption", AssumptionDTO, AssumptionUpdate)
UPDATE_DECISION, DELETE_DECISION = _edits("decision", DecisionDTO, DecisionUpdate)

CHANGE_REQUEST = "/v1/change-requests/{change_request_id}"
UPDATE_CHANGE_REQUEST = Operation(
    "update_change_request", "PATCH", CHANGE_REQUEST, ChangeRequestDTO, body=ChangeRequestUpdate
)
SUBMIT_CHANGE_REQUEST = Operation(
    "submit_change_request", "POST", CHANGE_REQUEST + "/submit", ChangeRequestDTO
)
APPROVE_CHANGE_REQUEST = Operation(
    "approve_change_request",
    "POST",
    CHANGE_REQUEST + "/approve",
    ChangeRequestDTO,
    body=ChangeRequestApproval,
)
REJECT_CHANGE_REQUEST = Operation(
    "reject_change_request",
    "POST",
    CHANGE_REQUEST + "/reject",
    ChangeRequestDTO,
    body=ChangeRequestRejection,
)


class RecordEditEndpoints(TypedClient):
    """Every write takes the version the caller read (``expected_version``: If-Match)."""

    async def update_risk(
        self, entry_id: uuid.UUID, data: RiskUpdate, *, expected_version: int | None = None
    ) -> RiskDTO:
        path = {"entry_id": entry_id}
        return await self.send(UPDATE_RISK, data, path=path, expected_version=expected_version)

    async def update_issue(
        self, entry_id: uuid.UUID, data: IssueUpdate, *, expected_version: int | None = None
    ) -> IssueDTO:
        path = {"entry_id": entry_id}
        return await self.send(UPDATE_ISSUE, data, path=path, expected_version=expected_version)

    async def update_assumption(
        self, entry_id: uuid.UUID, data: AssumptionUpdate, *, expected_version: int | None = None
    ) -> AssumptionDTO:
        path = {"entry_id": entry_id}
        return await self.send(
            UPDATE_ASSUMPTION, data, path=path, expected_version=expected_version
        )

    async def update_decision(
        self, entry_id: uuid.UUID, data: DecisionUpdate, *, expected_version: int | None = None
    ) -> DecisionDTO:
        path = {"entry_id": entry_id}
        return await self.send(UPDATE_DECISION, data, path=path, expected_version=expected_version)

    async def delete_risk(
        self, entry_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        await self._delete(DELETE_RISK, entry_id, expected_version)

    async def delete_issue(
        self, entry_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        await self._delete(DELETE_ISSUE, entry_id, expected_version)

    async def delete_assumption(
        self, entry_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        await self._delete(DELETE_ASSUMPTION, entry_id, expected_version)

    async def delete_decision(
        self, entry_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        await self._delete(DELETE_DECISION, entry_id, expected_version)

    async def update_change_request(
        self,
        change_request_id: uuid.UUID,
        data: ChangeRequestUpdate,
        *,
        expected_version: int | None = None,
    ) -> ChangeRequestDTO:
        path = {"change_request_id": change_request_id}
        return await self.send(
            UPDATE_CHANGE_REQUEST, data, path=path, expected_version=expected_version
        )

    async def submit_change_request(
        self,
        change_request_id: uuid.UUID,
        *,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> ChangeRequestDTO:
        return await self.send(
            SUBMIT_CHANGE_REQUEST,
            path={"change_request_id": change_request_id},
            expected_version=expected_version,
            idempotency_key=idempotency_key,
        )

    async def approve_change_request(
        self,
        change_request_id: uuid.UUID,
        data: ChangeRequestApproval,
        *,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> ChangeRequestDTO:
        """``set_baseline``: capture that baseline of the plan as approved (re-baseline)."""
        return await self.send(
            APPROVE_CHANGE_REQUEST,
            data,
            path={"change_request_id": change_request_id},
            expected_version=expected_version,
            idempotency_key=idempotency_key,
        )

    async def reject_change_request(
        self,
        change_request_id: uuid.UUID,
        data: ChangeRequestRejection,
        *,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> ChangeRequestDTO:
        return await self.send(
            REJECT_CHANGE_REQUEST,
            data,
            path={"change_request_id": change_request_id},
            expected_version=expected_version,
            idempotency_key=idempotency_key,
        )

    async def _delete(
        self, op: Operation[Any], entry_id: uuid.UUID, expected_version: int | None
    ) -> None:
        await self.send_no_content(
            op, path={"entry_id": entry_id}, expected_version=expected_version
        )
