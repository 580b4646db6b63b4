from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from services.reporting.overrides.schemas import HealthOverrideRead
from services.reporting.policies.policy import Comparison, Dimension, Rag

DECIMAL = "A decimal string (null: the figure is missing)."


class HealthReason(BaseModel):
    metric: str = Field(
        description="The metric compared (spi, spi_t, cpi, float_consumed_days, "
        "overdue_milestones, open_high_risks, compliance_score, days_since_status_update), or "
        "`amber_dimensions` for the overall of a `count` policy."
    )
    value: Decimal | None = Field(description=DECIMAL)
    threshold: Decimal | None = Field(
        description="The threshold breached (red, else amber), or the amber one when none is; "
        "null when the value is missing."
    )
    comparison: Comparison = Field(
        description="`below`: lower is worse; `above`: higher is worse; `at_least`: a count."
    )
    policy_version: int
    rag: Rag = Field(description="The colour this metric alone gives.")
    message: str


class DimensionHealthRead(BaseModel):
    name: Dimension
    rag: Rag
    reasons: list[HealthReason]


class HealthPolicyRef(BaseModel):
    id: uuid.UUID | None = Field(description="Null for the built-in default policy.")
    portfolio_id: uuid.UUID | None
    version: int
    is_default: bool


class HealthMetrics(BaseModel):
    """The figures the colours were computed from (decimal strings; null: missing)."""

    spi: Decimal | None
    spi_t: Decimal | None
    cpi: Decimal | None
    float_consumed_days: Decimal | None
    overdue_milestones: Decimal | None
    open_high_risks: Decimal | None
    compliance_score: Decimal | None
    days_since_status_update: Decimal | None


class ProjectHealthRead(BaseModel):
    project_id: uuid.UUID
    portfolio_id: uuid.UUID | None
    status_date: date = Field(description="The EVM status date the figures are measured at.")
    evaluated_at: datetime = Field(
        description="When the health was computed (staleness counts to it)."
    )
    overall: Rag = Field(description="The computed overall colour.")
    effective: Rag = Field(
        description="What to show: the active override's colour, else the computed overall."
    )
    overall_reasons: list[HealthReason] = Field(
        description="The reasons that decided the computed overall."
    )
    dimensions: list[DimensionHealthRead] = Field(description="The enabled dimensions only.")
    override: HealthOverrideRead | None = Field(description="The active override, if any.")
    policy: HealthPolicyRef
    metrics: HealthMetrics


class ProjectHealthBatch(BaseModel):
    items: list[ProjectHealthRead] = Field(
        description="One per project asked for that the caller may read, in the order asked."
    )
