"""Gate reviews on the wire: opening one, checking its checklist, deciding, and the review
as it reads (results, checklist, decisions and what still blocks it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.governance.lessons.schemas import LessonSuggestion
from services.governance.lifecycles.schemas import ApproverRole, Key
from services.governance.rules.base import FindingStatus, Severity
from shared.clients.governance.gates import GateDecision, ReviewState

# Decisions (shared with the client): ``go`` means ready to pass (from every required role,
# the project enters the phase); ``hold``: not yet (recorded, the role may decide again);
# ``recycle``: back to work, the review closes and the project stays; ``stop``: the review
# closes and the project is cancelled.
Decision = GateDecision


@dataclass(frozen=True, slots=True)
class ProjectFilter:
    """Which projects' reviews a list holds: one (``project_id``), those of ``project_ids``
    (a batch read), both (their intersection) or, with neither, every project."""

    project_id: uuid.UUID | None = None
    project_ids: list[uuid.UUID] | None = None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class GateReviewOpen(_Strict):
    project_id: uuid.UUID
    to_phase: Key


class ChecklistCheck(_Strict):
    done: bool
    comment: str = Field(default="", max_length=5000)


class DecisionCreate(_Strict):
    decision: Decision
    comment: str = Field(default="", max_length=5000)


class RuleResult(BaseModel):
    kind: str
    params: dict[str, Any]
    severity: Severity
    status: FindingStatus
    message: str
    evidence: dict[str, Any]


class ChecklistItemState(BaseModel):
    key: str
    text: str
    required: bool
    done: bool
    comment: str
    checked_by: str | None
    checked_at: datetime | None


class DecisionRead(BaseModel):
    id: uuid.UUID
    role: ApproverRole
    decision: Decision
    comment: str
    decided_by: str
    decided_at: datetime


class Blockers(BaseModel):
    """What keeps an open review from passing."""

    pending_roles: list[ApproverRole]
    open_checklist_items: list[str]
    failing_critical_rules: list[str]


class GateReviewRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    lifecycle_id: uuid.UUID
    from_phase: str
    to_phase: str
    gate_name: str
    state: ReviewState
    opened_by: str
    approver_roles: list[ApproverRole]
    results: list[RuleResult]
    evaluated_at: datetime
    checklist: list[ChecklistItemState]
    decisions: list[DecisionRead]
    blockers: Blockers
    closed_at: datetime | None
    # Offered when a review is opened or read one by one (not in lists or decisions).
    lessons: list[LessonSuggestion] = Field(
        default_factory=list,
        description="Lessons learned of other projects relevant to this gate, best first.",
    )
    created_at: datetime
    updated_at: datetime
    version: int
