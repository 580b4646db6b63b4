from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Self

from pydantic import BaseModel, Field, model_validator

from services.reporting.health.schemas import DimensionHealthRead, HealthPolicyRef, HealthReason
from services.reporting.policies.policy import Rag
from services.reporting.schemas_common import StrictModel
from shared.clients.reporting.snapshots import TrendMetric

MAX_PROJECT_IDS = 1000


class SnapshotsTake(StrictModel):
    """Exactly one of the two."""

    portfolio_id: uuid.UUID | None = None
    project_ids: list[uuid.UUID] | None = Field(
        default=None, min_length=1, max_length=MAX_PROJECT_IDS
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.portfolio_id is None) == (self.project_ids is None):
            raise ValueError("give exactly one of portfolio_id and project_ids")
        return self


class SnapshotsTaken(BaseModel):
    day: date = Field(description="The day the snapshots belong to (UTC).")
    taken_at: datetime
    projects: int = Field(description="Projects snapshotted.")
    created: int = Field(description="Snapshots new for the day.")
    replaced: int = Field(description="Snapshots of the day taken again (replaced).")
    missing: list[uuid.UUID] = Field(
        description="Project ids asked for that are unknown or not visible to the caller."
    )


class SnapshotRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    portfolio_id: uuid.UUID | None
    day: date
    taken_at: datetime
    status_date: date
    currency: str | None
    bac: Decimal | None
    pv: Decimal | None
    ev: Decimal | None
    ac: Decimal | None
    eac: Decimal | None
    spi: Decimal | None
    cpi: Decimal | None
    spi_t: Decimal | None
    percent_complete: Decimal | None
    finish_variance_days: Decimal | None = Field(description="Float consumed (working days).")
    critical_float_days: Decimal | None
    p80_finish: date | None = Field(
        default=None,
        description="The P80 finish of the project's latest finished risk analysis (null: none, "
        "or the projects service did not answer when the snapshot was taken).",
    )
    deadline_probability: Decimal | None = Field(
        default=None, description="That analysis's probability of meeting the deadline."
    )
    overdue_milestones: int
    open_risks: int
    open_high_risks: int
    compliance_score: Decimal | None
    days_since_status_update: int | None
    evm: dict[str, Any] = Field(description="Every EVM figure of the day.")
    overall: Rag = Field(description="The computed overall colour under `policy`.")
    effective: Rag = Field(description="The colour shown that day (an active override's).")
    override_id: uuid.UUID | None
    overall_reasons: list[HealthReason]
    dimensions: list[DimensionHealthRead]
    policy: HealthPolicyRef


class TrendPoint(BaseModel):
    date: date
    value: Decimal | None = Field(description="A decimal string; null: missing that day.")


class ProjectTrend(BaseModel):
    project_id: uuid.UUID
    metric: TrendMetric
    from_date: date
    to_date: date
    points: list[TrendPoint] = Field(description="One per day with a snapshot, oldest first.")


class ProjectTrends(BaseModel):
    items: list[ProjectTrend] = Field(
        description="One per project asked for that the caller may read, in the order asked."
    )


class ProjectSnapshotPage(BaseModel):
    project_id: uuid.UUID
    items: list[SnapshotRead]
    next_cursor: str | None = Field(
        description="Continues in `list_project_snapshots` with the same `from` and `to`."
    )


class SnapshotPagesByProject(BaseModel):
    items: list[ProjectSnapshotPage] = Field(description="One per project asked for, in order.")
