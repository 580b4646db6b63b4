"""Gate reviews (governance service): the review of the gate into a project's next phase,
its automatic results, checklist and approvers' decisions."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from shared.clients import (
    InputModel,
    Operation,
    TypedClient,
    WireModel,
    chunks,
    join_ids,
    page_params,
)
from shared.clients.governance.lessons import LessonSuggestionDTO
from shared.clients.governance.lifecycles import ApproverRole, RuleSeverity
from shared.pagination import MAX_LIMIT, Page


class ReviewState(StrEnum):
    open = "open"
    passed = "passed"
    recycled = "recycled"
    stopped = "stopped"


class GateDecision(StrEnum):
    go = "go"
    hold = "hold"
    recycle = "recycle"
    stop = "stop"


class RuleOutcome(StrEnum):
    passed = "pass"
    failed = "fail"
    not_applicable = "not_applicable"


class RuleResultDTO(WireModel):
    kind: str
    params: dict[str, Any]
    severity: RuleSeverity
    status: RuleOutcome
    message: str
    evidence: dict[str, Any]


class ChecklistItemStateDTO(WireModel):
    key: str
    text: str
    required: bool
    done: bool
    comment: str
    checked_by: str | None = None
    checked_at: datetime | None = None


class DecisionDTO(WireModel):
    id: uuid.UUID
    role: ApproverRole
    decision: GateDecision
    comment: str
    decided_by: str
    decided_at: datetime


class BlockersDTO(WireModel):
    pending_roles: list[ApproverRole]
    open_checklist_items: list[str]
    failing_critical_rules: list[str]


class GateReviewDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    lifecycle_id: uuid.UUID
    from_phase: str
    to_phase: str
    gate_name: str
    state: ReviewState
    opened_by: str
    approver_roles: list[ApproverRole]
    results: list[RuleResultDTO]
    evaluated_at: datetime
    checklist: list[ChecklistItemStateDTO]
    decisions: list[DecisionDTO]
    blockers: BlockersDTO
    closed_at: datetime | None = None
    # Filled when a review is opened or read by id; empty in lists and decision answers.
    lessons: list[LessonSuggestionDTO] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime
    version: int


class GateReviewOpen(InputModel):
    project_id: uuid.UUID
    to_phase: str


class ChecklistCheck(InputModel):
    done: bool
    comment: str = ""


class DecisionCreate(InputModel):
    decision: GateDecision
    comment: str = ""


REVIEWS = "/v1/gate-reviews"
ONE = REVIEWS + "/{review_id}"
LIST_GATE_REVIEWS = Operation("list_gate_reviews", "GET", REVIEWS, Page[GateReviewDTO])
GET_GATE_REVIEW = Operation("get_gate_review", "GET", ONE, GateReviewDTO)
OPEN_GATE_REVIEW = Operation(
    "open_gate_review", "POST", REVIEWS, GateReviewDTO, body=GateReviewOpen
)
EVALUATE_GATE_REVIEW = Operation("evaluate_gate_review", "POST", ONE + "/evaluate", GateReviewDTO)
CHECK_GATE_REVIEW_ITEM = Operation(
    "check_gate_review_item",
    "PUT",
    ONE + "/checklist/{item_key}",
    GateReviewDTO,
    body=ChecklistCheck,
)
DECIDE_GATE_REVIEW = Operation(
    "decide_gate_review", "POST", ONE + "/decisions", GateReviewDTO, body=DecisionCreate
)


class GateReviewEndpoints(TypedClient):
    async def list_gate_reviews(
        self,
        *,
        project_id: uuid.UUID | None = None,
        state: ReviewState | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[GateReviewDTO]:
        """Oldest first; without ``project_id`` only for pmo, executive and admin."""
        params = page_params(
            limit,
            cursor,
            project_id=str(project_id) if project_id else None,
            state=state.value if state else None,
        )
        return await self.fetch(LIST_GATE_REVIEWS, params=params)

    async def gate_reviews_of_projects(
        self, project_ids: list[uuid.UUID], *, state: ReviewState | None = None
    ) -> list[GateReviewDTO]:
        """The reviews of many projects (those the caller may read), oldest first within
        each batch: one call per 500 projects, unless a batch has more than 500 reviews
        (then its next pages follow)."""
        found: list[GateReviewDTO] = []
        for batch in chunks(project_ids):
            found.extend(await self._reviews_of_batch(batch, state))
        return found

    async def _reviews_of_batch(
        self, project_ids: list[uuid.UUID], state: ReviewState | None
    ) -> list[GateReviewDTO]:
        found: list[GateReviewDTO] = []
        cursor: str | None = None
        while True:
            params = page_params(
                MAX_LIMIT,
                cursor,
                project_ids=join_ids(project_ids),
                state=state.value if state else None,
            )
            page = await self.fetch(LIST_GATE_REVIEWS, params=params)
            found.extend(page.items)
            if page.next_cursor is None:
                return found
            cursor = page.next_cursor

    async def get_gate_review(self, review_id: uuid.UUID) -> GateReviewDTO:
        return await self.fetch(GET_GATE_REVIEW, path={"review_id": review_id})

    async def open_gate_review(
        self, data: GateReviewOpen, *, idempotency_key: str | None = None
    ) -> GateReviewDTO:
        return await self.send(OPEN_GATE_REVIEW, data, idempotency_key=idempotency_key)

    async def evaluate_gate_review(
        self, review_id: uuid.UUID, *, expected_version: int | None = None
    ) -> GateReviewDTO:
        return await self.send(
            EVALUATE_GATE_REVIEW, path={"review_id": review_id}, expected_version=expected_version
        )

    async def check_gate_review_item(
        self,
        review_id: uuid.UUID,
        item_key: str,
        data: ChecklistCheck,
        *,
        expected_version: int | None = None,
    ) -> GateReviewDTO:
        return await self.send(
            CHECK_GATE_REVIEW_ITEM,
            data,
            path={"review_id": review_id, "item_key": item_key},
            expected_version=expected_version,
        )

    async def decide_gate_review(
        self,
        review_id: uuid.UUID,
        data: DecisionCreate,
        *,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> GateReviewDTO:
        return await self.send(
            DECIDE_GATE_REVIEW,
            data,
            path={"review_id": review_id},
            expected_version=expected_version,
            idempotency_key=idempotency_key,
        )
