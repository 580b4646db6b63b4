"""A project's facts as governance rules read them (the client's DTOs in
``shared/clients/projects/facts.py`` read exactly these fields).

Plan times are project-local (``LocalDateTime``); durations, lags, floats and day counts are
working days of the project's calendar."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from shared.fields import LocalDateTime


class FactTask(BaseModel):
    id: uuid.UUID
    parent_id: uuid.UUID | None
    wbs_code: str | None
    name: str
    is_summary: bool
    is_milestone: bool
    duration_days: Decimal
    percent_complete: Decimal
    constraint_type: str
    constraint_date: LocalDateTime | None
    early_start: LocalDateTime | None
    early_finish: LocalDateTime | None
    late_start: LocalDateTime | None
    late_finish: LocalDateTime | None
    total_float_days: Decimal | None
    critical: bool
    actual_start: LocalDateTime | None
    actual_finish: LocalDateTime | None
    cost: Decimal | None
    baseline_start: LocalDateTime | None = Field(
        description="From the latest baseline; null when the task is not in it."
    )
    baseline_finish: LocalDateTime | None
    baseline_duration_days: Decimal | None
    baseline_cost: Decimal | None


class FactLink(BaseModel):
    id: uuid.UUID
    predecessor_id: uuid.UUID
    successor_id: uuid.UUID
    type: str = Field(description="FS, SS, FF or SF")
    lag_days: Decimal = Field(description="Working days; negative: a lead")


class FactBaseline(BaseModel):
    id: uuid.UUID
    number: int
    name: str | None
    created_at: datetime
    project_finish: LocalDateTime | None
    total_cost: Decimal | None


class FactRisk(BaseModel):
    id: uuid.UUID
    title: str
    status: str
    probability: int
    impact: int
    score: int = Field(description="probability * impact")
    owner: str | None
    response_strategy: str | None
    mitigation: str | None
    updated_at: datetime = Field(
        description="The last change to the risk (a review is recorded by updating it)."
    )


class FactRaidCounts(BaseModel):
    open_risks: int = Field(description="Risks with status open")
    open_issues: int = Field(description="Issues open or in progress")
    assumptions: int
    decisions: int


class FactStatusUpdate(BaseModel):
    id: uuid.UUID
    as_of: date
    overall_rag: str
    created_at: datetime


class CriticalPathTest(BaseModel):
    """DCMA check 12, computed on an in-memory copy of the plan (nothing is written)."""

    task_id: uuid.UUID = Field(description="The critical task lengthened")
    added_days: Decimal = Field(description="Working days added to its duration")
    finish_before: LocalDateTime
    finish_after: LocalDateTime
    finish_delta_days: Decimal = Field(
        description="Working days the project finish moved; equal to added_days on a sound "
        "critical path"
    )


class ProjectFacts(BaseModel):
    project_id: uuid.UUID
    portfolio_id: uuid.UUID | None
    code: str
    name: str
    description: str | None
    status: str
    phase: str | None
    sponsor: str | None
    manager: str | None
    priority: str
    tags: list[str]
    start_date: date | None
    target_date: date | None
    budget: Decimal | None
    currency: str | None
    status_date: date | None
    deadline: date | None
    scheduled_start: LocalDateTime | None
    scheduled_finish: LocalDateTime | None
    critical_path_length_days: Decimal | None = Field(
        description="Working days from the status date (its end), else from the scheduled "
        "start, to the scheduled finish: the critical path length of DCMA's CPLI"
    )
    finish_variance_days: Decimal | None = Field(
        description="Working days the scheduled finish lies after the latest baseline's "
        "finish (negative: earlier); null without a baseline"
    )
    as_of: date = Field(description="The status date if set, else today (UTC)")
    tasks: list[FactTask] = Field(description="Every task, in outline order")
    links: list[FactLink]
    baseline: FactBaseline | None = Field(description="The latest (highest-numbered) baseline")
    baseline_count: int
    risks: list[FactRisk] = Field(description="Every risk, whatever its status, oldest first")
    raid: FactRaidCounts
    last_status_update: FactStatusUpdate | None
    critical_path_test: CriticalPathTest | None = Field(
        description="Null when no incomplete, non-summary, non-milestone task is critical "
        "(or the lengthened plan leaves the calendar's range)"
    )


class ProjectFactsBatch(BaseModel):
    items: list[ProjectFacts] = Field(
        description="In the order asked; unknown projects and those the caller may not read "
        "are left out"
    )
