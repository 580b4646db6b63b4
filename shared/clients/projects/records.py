"""What a project records besides its plan (projects service): the RAID log (risks,
assumptions, issues, decisions), change requests and status updates."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from shared.clients import (
    InputModel,
    Operation,
    PagesByProjectDTO,
    ProjectPageDTO,
    TypedClient,
    WireModel,
    page_params,
)
from shared.clients.projects.record_vocabulary import (
    AssumptionStatus,
    ChangeRequestStatus,
    DecisionStatus,
    IssueStatus,
    ResponseStrategy,
    RiskStatus,
    Severity,
)
from shared.fields import SignedMoneyIn
from shared.pagination import Page


class _RaidEntryDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    title: str
    description: str | None = None
    status: str
    owner: str | None = None
    task_ids: list[uuid.UUID] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime
    version: int


class RiskDTO(_RaidEntryDTO):
    probability: int
    impact: int
    score: int
    response_strategy: str | None = None
    mitigation: str | None = None
    trigger: str | None = None
    due_date: date | None = None
    residual_score: int | None = None
    # A schedule risk driver (all four or none): occurs with this probability, then delays
    # each of its tasks by triangular(min, likely, max) working days.
    occurrence_probability: Decimal | None = None
    schedule_impact_min_days: Decimal | None = None
    schedule_impact_likely_days: Decimal | None = None
    schedule_impact_max_days: Decimal | None = None


class IssueDTO(_RaidEntryDTO):
    severity: str
    due_date: date | None = None
    resolution: str | None = None


class AssumptionDTO(_RaidEntryDTO):
    validated_by: str | None = None
    validation_date: date | None = None


class DecisionDTO(_RaidEntryDTO):
    decision: str
    rationale: str | None = None
    decided_by: str | None = None
    decision_date: date | None = None


class ChangeRequestDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    title: str
    description: str | None = None
    reason: str | None = None
    schedule_impact_days: Decimal | None = None
    cost_impact: Decimal | None = None
    currency: str | None = None
    scope_impact: str | None = None
    status: ChangeRequestStatus
    requested_by: str
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str | None = None
    baseline_number: int | None = None
    plan_changes: list[dict[str, Any]] | None = None
    applied_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class Rag(StrEnum):
    red = "red"
    amber = "amber"
    green = "green"


class StatusUpdateDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    as_of: date
    overall_rag: Rag
    schedule_rag: Rag
    cost_rag: Rag
    scope_rag: Rag
    risk_rag: Rag
    narrative: str
    author: str
    created_at: datetime
    updated_at: datetime
    version: int


class _RaidEntryCreate(InputModel):
    title: str
    description: str | None = None
    owner: str | None = None
    task_ids: list[uuid.UUID] = Field(default_factory=list)


class RiskCreate(_RaidEntryCreate):
    status: RiskStatus = RiskStatus.open
    probability: int
    impact: int
    response_strategy: ResponseStrategy | None = None
    mitigation: str | None = None
    trigger: str | None = None
    due_date: date | None = None
    residual_score: int | None = None
    # A schedule risk driver (all four or none): occurs with this probability, then delays
    # each of its tasks by triangular(min, likely, max) working days.
    occurrence_probability: Decimal | None = None
    schedule_impact_min_days: Decimal | None = None
    schedule_impact_likely_days: Decimal | None = None
    schedule_impact_max_days: Decimal | None = None


class IssueCreate(_RaidEntryCreate):
    status: IssueStatus = IssueStatus.open
    severity: Severity = Severity.medium
    due_date: date | None = None
    resolution: str | None = None


class AssumptionCreate(_RaidEntryCreate):
    status: AssumptionStatus = AssumptionStatus.open
    validated_by: str | None = None
    validation_date: date | None = None


class DecisionCreate(_RaidEntryCreate):
    status: DecisionStatus = DecisionStatus.decided
    decision: str
    rationale: str | None = None
    decided_by: str | None = None
    decision_date: date | None = None


class ChangeRequestCreate(InputModel):
    title: str
    description: str | None = None
    reason: str | None = None
    schedule_impact_days: Decimal | None = None
    cost_impact: SignedMoneyIn | None = None
    currency: str | None = None
    scope_impact: str | None = None


class StatusUpdateCreate(InputModel):
    as_of: date
    overall_rag: Rag
    schedule_rag: Rag
    cost_rag: Rag
    scope_rag: Rag
    risk_rag: Rag
    narrative: str = ""


IN_PROJECT = "/v1/projects/{project_id}/"
CREATE_RISK = Operation("create_risk", "POST", IN_PROJECT + "risks", RiskDTO, body=RiskCreate)
LIST_RISKS = Operation("list_risks", "GET", IN_PROJECT + "risks", Page[RiskDTO])
CREATE_ISSUE = Operation("create_issue", "POST", IN_PROJECT + "issues", IssueDTO, body=IssueCreate)
LIST_ISSUES = Operation("list_issues", "GET", IN_PROJECT + "issues", Page[IssueDTO])
CREATE_ASSUMPTION = Operation(
    "create_assumption", "POST", IN_PROJECT + "assumptions", AssumptionDTO, body=AssumptionCreate
)
LIST_ASSUMPTIONS = Operation(
    "list_assumptions", "GET", IN_PROJECT + "assumptions", Page[AssumptionDTO]
)
CREATE_DECISION = Operation(
    "create_decision", "POST", IN_PROJECT + "decisions", DecisionDTO, body=DecisionCreate
)
LIST_DECISIONS = Operation("list_decisions", "GET", IN_PROJECT + "decisions", Page[DecisionDTO])
CHANGE_REQUESTS = IN_PROJECT + "change-requests"
CREATE_CHANGE_REQUEST = Operation(
    "create_change_request", "POST", CHANGE_REQUESTS, ChangeRequestDTO, body=ChangeRequestCreate
)
LIST_CHANGE_REQUESTS = Operation(
    "list_change_requests", "GET", CHANGE_REQUESTS, Page[ChangeRequestDTO]
)

STATUS_UPDATES = IN_PROJECT + "status-updates"
CREATE_STATUS_UPDATE = Operation(
    "create_status_update", "POST", STATUS_UPDATES, StatusUpdateDTO, body=StatusUpdateCreate
)
LIST_STATUS_UPDATES = Operation("list_status_updates", "GET", STATUS_UPDATES, Page[StatusUpdateDTO])

# The first pages of many projects at once (the gateway's DataLoader batches).
FIRST_RISK_PAGES = Operation(
    "list_first_risk_pages", "GET", "/v1/risks/first-pages", PagesByProjectDTO[RiskDTO]
)
FIRST_ISSUE_PAGES = Operation(
    "list_first_issue_pages", "GET", "/v1/issues/first-pages", PagesByProjectDTO[IssueDTO]
)
FIRST_ASSUMPTION_PAGES = Operation(
    "list_first_assumption_pages",
    "GET",
    "/v1/assumptions/first-pages",
    PagesByProjectDTO[AssumptionDTO],
)
FIRST_DECISION_PAGES = Operation(
    "list_first_decision_pages", "GET", "/v1/decisions/first-pages", PagesByProjectDTO[DecisionDTO]
)
FIRST_CHANGE_REQUEST_PAGES = Operation(
    "list_first_change_request_pages",
    "GET",
    "/v1/change-requests/first-pages",
    PagesByProjectDTO[ChangeRequestDTO],
)
FIRST_STATUS_UPDATE_PAGES = Operation(
    "list_first_status_update_pages",
    "GET",
    "/v1/status-updates/first-pages",
    PagesByProjectDTO[StatusUpdateDTO],
)

M = TypeVar("M", bound=BaseModel)


class RecordEndpoints(TypedClient):
    """Each list is oldest first unless said otherwise; ``limit``/``cursor`` page it."""

    async def create_risk(
        self, project_id: uuid.UUID, data: RiskCreate, *, idempotency_key: str | None = None
    ) -> RiskDTO:
        path = {"project_id": project_id}
        return await self.send(CREATE_RISK, data, path=path, idempotency_key=idempotency_key)

    async def create_issue(
        self, project_id: uuid.UUID, data: IssueCreate, *, idempotency_key: str | None = None
    ) -> IssueDTO:
        path = {"project_id": project_id}
        return await self.send(CREATE_ISSUE, data, path=path, idempotency_key=idempotency_key)

    async def create_assumption(
        self, project_id: uuid.UUID, data: AssumptionCreate, *, idempotency_key: str | None = None
    ) -> AssumptionDTO:
        path = {"project_id": project_id}
        return await self.send(CREATE_ASSUMPTION, data, path=path, idempotency_key=idempotency_key)

    async def create_decision(
        self, project_id: uuid.UUID, data: DecisionCreate, *, idempotency_key: str | None = None
    ) -> DecisionDTO:
        path = {"project_id": project_id}
        return await self.send(CREATE_DECISION, data, path=path, idempotency_key=idempotency_key)

    async def create_change_request(
        self,
        project_id: uuid.UUID,
        data: ChangeRequestCreate,
        *,
        idempotency_key: str | None = None,
    ) -> ChangeRequestDTO:
        path = {"project_id": project_id}
        return await self.send(
            CREATE_CHANGE_REQUEST, data, path=path, idempotency_key=idempotency_key
        )

    async def list_risks(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[RiskDTO]:
        return await self._page(LIST_RISKS, project_id, limit, cursor)

    async def list_issues(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[IssueDTO]:
        return await self._page(LIST_ISSUES, project_id, limit, cursor)

    async def list_assumptions(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[AssumptionDTO]:
        return await self._page(LIST_ASSUMPTIONS, project_id, limit, cursor)

    async def list_decisions(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[DecisionDTO]:
        return await self._page(LIST_DECISIONS, project_id, limit, cursor)

    async def list_change_requests(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[ChangeRequestDTO]:
        return await self._page(LIST_CHANGE_REQUESTS, project_id, limit, cursor)

    async def create_status_update(
        self, project_id: uuid.UUID, data: StatusUpdateCreate, *, idempotency_key: str | None = None
    ) -> StatusUpdateDTO:
        path = {"project_id": project_id}
        return await self.send(
            CREATE_STATUS_UPDATE, data, path=path, idempotency_key=idempotency_key
        )

    async def list_status_updates(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[StatusUpdateDTO]:
        """Newest first (by the date they report on)."""
        return await self._page(LIST_STATUS_UPDATES, project_id, limit, cursor)

    # Batch reads: project id -> its first page (each ``next_cursor`` continues in the
    # project's list above), one call per 500 projects.

    async def risks_by_project(
        self, project_ids: list[uuid.UUID], *, limit: int
    ) -> dict[uuid.UUID, ProjectPageDTO[RiskDTO]]:
        return await self.fetch_by_project(FIRST_RISK_PAGES, project_ids, limit=limit)

    async def issues_by_project(
        self, project_ids: list[uuid.UUID], *, limit: int
    ) -> dict[uuid.UUID, ProjectPageDTO[IssueDTO]]:
        return await self.fetch_by_project(FIRST_ISSUE_PAGES, project_ids, limit=limit)

    async def assumptions_by_project(
        self, project_ids: list[uuid.UUID], *, limit: int
    ) -> dict[uuid.UUID, ProjectPageDTO[AssumptionDTO]]:
        return await self.fetch_by_project(FIRST_ASSUMPTION_PAGES, project_ids, limit=limit)

    async def decisions_by_project(
        self, project_ids: list[uuid.UUID], *, limit: int
    ) -> dict[uuid.UUID, ProjectPageDTO[DecisionDTO]]:
        return await self.fetch_by_project(FIRST_DECISION_PAGES, project_ids, limit=limit)

    async def change_requests_by_project(
        self, project_ids: list[uuid.UUID], *, limit: int
    ) -> dict[uuid.UUID, ProjectPageDTO[ChangeRequestDTO]]:
        return await self.fetch_by_project(FIRST_CHANGE_REQUEST_PAGES, project_ids, limit=limit)

    async def status_updates_by_project(
        self, project_ids: list[uuid.UUID], *, limit: int
    ) -> dict[uuid.UUID, ProjectPageDTO[StatusUpdateDTO]]:
        """Newest first, like :meth:`list_status_updates`."""
        return await self.fetch_by_project(FIRST_STATUS_UPDATE_PAGES, project_ids, limit=limit)

    async def _page(
        self, op: Operation[M], project_id: uuid.UUID, limit: int | None, cursor: str | None
    ) -> M:
        params = page_params(limit, cursor)
        return await self.fetch(op, path={"project_id": project_id}, params=params)
