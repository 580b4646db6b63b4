"""Request and response bodies of the RAID log. Each kind shares the common fields of
``_Entry``; creates, updates (every field optional) and reads are spelled out per kind."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from services.projects.schemas_common import StrictModel
from shared.clients.projects.records import (
    AssumptionStatus,
    DecisionStatus,
    IssueStatus,
    ResponseStrategy,
    RiskStatus,
    Severity,
)

Title = Annotated[str, Field(min_length=1, max_length=300)]
Person = Annotated[str, Field(min_length=1, max_length=200)]
Rating = Annotated[int, Field(ge=1, le=5)]
Score = Annotated[int, Field(ge=1, le=25)]
TaskIds = Annotated[list[uuid.UUID], Field(max_length=500)]
IMPACT_HELP = (
    "With the three schedule impact fields (all four or none): the risk drives the schedule "
    "risk analysis, occurring with this probability and then delaying each of its tasks by "
    "a triangular(min, likely, max) number of working days."
)
Probability = Annotated[
    Decimal,
    Field(gt=0, le=1, max_digits=5, decimal_places=4, description="In (0, 1]. " + IMPACT_HELP),
]
ImpactDays = Annotated[
    Decimal, Field(ge=0, max_digits=10, decimal_places=2, description="Working days of delay")
]


class _Impact(BaseModel):
    occurrence_probability: Probability | None = None
    schedule_impact_min_days: ImpactDays | None = None
    schedule_impact_likely_days: ImpactDays | None = None
    schedule_impact_max_days: ImpactDays | None = None


class _Entry(StrictModel):
    title: Title
    description: str | None = None
    owner: Person | None = None
    task_ids: TaskIds = Field(default_factory=list)


class _EntryUpdate(StrictModel):
    title: Title | None = None
    description: str | None = None
    owner: Person | None = None
    task_ids: TaskIds | None = None


class _EntryRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    title: str
    description: str | None
    status: str
    owner: str | None
    task_ids: list[uuid.UUID]
    created_at: datetime
    updated_at: datetime
    version: int


class RiskCreate(_Entry, _Impact):
    status: RiskStatus = RiskStatus.open
    probability: Rating
    impact: Rating
    response_strategy: ResponseStrategy | None = None
    mitigation: str | None = None
    trigger: str | None = None
    due_date: date | None = None
    residual_score: Score | None = None


class RiskUpdate(_EntryUpdate, _Impact):
    status: RiskStatus | None = None
    probability: Rating | None = None
    impact: Rating | None = None
    response_strategy: ResponseStrategy | None = None
    mitigation: str | None = None
    trigger: str | None = None
    due_date: date | None = None
    residual_score: Score | None = None


class RiskRead(_EntryRead):
    probability: int
    impact: int
    score: int = Field(description="probability * impact (1-25)")
    response_strategy: str | None
    mitigation: str | None
    trigger: str | None
    due_date: date | None
    residual_score: int | None
    occurrence_probability: Decimal | None
    schedule_impact_min_days: Decimal | None
    schedule_impact_likely_days: Decimal | None
    schedule_impact_max_days: Decimal | None


class IssueCreate(_Entry):
    status: IssueStatus = IssueStatus.open
    severity: Severity = Severity.medium
    due_date: date | None = None
    resolution: str | None = None


class IssueUpdate(_EntryUpdate):
    status: IssueStatus | None = None
    severity: Severity | None = None
    due_date: date | None = None
    resolution: str | None = None


class IssueRead(_EntryRead):
    severity: str
    due_date: date | None
    resolution: str | None


class AssumptionCreate(_Entry):
    status: AssumptionStatus = AssumptionStatus.open
    validated_by: Person | None = None
    validation_date: date | None = None


class AssumptionUpdate(_EntryUpdate):
    status: AssumptionStatus | None = None
    validated_by: Person | None = None
    validation_date: date | None = None


class AssumptionRead(_EntryRead):
    validated_by: str | None
    validation_date: date | None


class DecisionCreate(_Entry):
    status: DecisionStatus = DecisionStatus.decided
    decision: str = Field(min_length=1)
    rationale: str | None = None
    decided_by: Person | None = None
    decision_date: date | None = None


class DecisionUpdate(_EntryUpdate):
    status: DecisionStatus | None = None
    decision: str | None = Field(default=None, min_length=1)
    rationale: str | None = None
    decided_by: Person | None = None
    decision_date: date | None = None


class DecisionRead(_EntryRead):
    decision: str
    rationale: str | None
    decided_by: str | None
    decision_date: date | None
