"""A health policy on the wire. Every field of a write defaults to the built-in policy
(``policy.DEFAULT_POLICY``), so a PUT names only what it changes from the defaults."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from services.reporting.policies.policy import (
    DEFAULT_HIGH_RISK_SCORE,
    DEFAULT_THRESHOLDS,
    Combine,
    Dimension,
    Metric,
)
from services.reporting.schemas_common import StrictModel, no_float
from shared.fields import decimal_string, decimal_string_answer

Ratio = Annotated[
    Decimal,
    BeforeValidator(no_float),
    Field(gt=0, le=10, max_digits=6, decimal_places=4),
    decimal_string(6, 4),
    decimal_string_answer(6, 4),
]
Score = Annotated[
    Decimal,
    BeforeValidator(no_float),
    Field(ge=0, le=100, max_digits=5, decimal_places=2),
    decimal_string(5, 2),
    decimal_string_answer(5, 2),
]
WorkingDays = Annotated[
    Decimal,
    BeforeValidator(no_float),
    Field(ge=0, le=3650, max_digits=6, decimal_places=2),
    decimal_string(6, 2),
    decimal_string_answer(6, 2),
]
Count = Annotated[int, Field(ge=0, le=10_000)]
MAX_AMBERS = len(Dimension)


class _LowerIsWorse(StrictModel):
    amber: Decimal
    red: Decimal

    @model_validator(mode="after")
    def _red_below_amber(self) -> Self:
        if self.red > self.amber:
            raise ValueError("red must not be above amber: for this metric lower is worse")
        return self


class _HigherIsWorse(StrictModel):
    amber: Decimal
    red: Decimal

    @model_validator(mode="after")
    def _red_above_amber(self) -> Self:
        if self.red < self.amber:
            raise ValueError("red must not be below amber: for this metric higher is worse")
        return self


class IndexThresholds(_LowerIsWorse):
    """SPI, SPI(t), CPI: amber below ``amber``, red below ``red``."""

    amber: Ratio
    red: Ratio


class ScoreThresholds(_LowerIsWorse):
    """Compliance score (0-100): amber below ``amber``, red below ``red``."""

    amber: Score
    red: Score


class DaysThresholds(_HigherIsWorse):
    """Float consumed, in working days: amber above ``amber``, red above ``red``."""

    amber: WorkingDays
    red: WorkingDays


class CountThresholds(_HigherIsWorse):
    """A count (or whole days): amber above ``amber``, red above ``red``."""

    amber: Count  # type: ignore[assignment]
    red: Count  # type: ignore[assignment]


def _default(metric: Metric) -> dict[str, Decimal]:
    pair = DEFAULT_THRESHOLDS[metric]
    return {"amber": pair.amber, "red": pair.red}


def _counted(metric: Metric) -> dict[str, int]:
    pair = DEFAULT_THRESHOLDS[metric]
    return {"amber": int(pair.amber), "red": int(pair.red)}


class PolicyThresholds(StrictModel):
    # Every threshold is in an answer: the defaults apply to writes only.
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_serialization_defaults_required=True
    )

    spi: IndexThresholds = Field(default_factory=lambda: IndexThresholds(**_default(Metric.spi)))
    spi_t: IndexThresholds = Field(
        default_factory=lambda: IndexThresholds(**_default(Metric.spi_t))
    )
    cpi: IndexThresholds = Field(default_factory=lambda: IndexThresholds(**_default(Metric.cpi)))
    float_consumed_days: DaysThresholds = Field(
        default_factory=lambda: DaysThresholds(**_default(Metric.float_consumed_days)),
        description="The forecast finish's slip past the baseline finish (working days).",
    )
    overdue_milestones: CountThresholds = Field(
        default_factory=lambda: CountThresholds(**_counted(Metric.overdue_milestones))
    )
    open_high_risks: CountThresholds = Field(
        default_factory=lambda: CountThresholds(**_counted(Metric.open_high_risks)),
        description="Open risks whose score (probability x impact) is at least `high_risk_score`.",
    )
    compliance_score: ScoreThresholds = Field(
        default_factory=lambda: ScoreThresholds(**_default(Metric.compliance_score))
    )
    days_since_status_update: CountThresholds = Field(
        default_factory=lambda: CountThresholds(**_counted(Metric.days_since_status_update))
    )


class HealthPolicyWrite(StrictModel):
    thresholds: PolicyThresholds = Field(default_factory=PolicyThresholds)
    enabled_dimensions: list[Dimension] = Field(
        default_factory=lambda: list(Dimension), min_length=1, max_length=len(Dimension)
    )
    high_risk_score: int = Field(
        default=DEFAULT_HIGH_RISK_SCORE,
        ge=1,
        le=25,
        description="A risk is high from this score (probability x impact, 1-25) up.",
    )
    combine: Combine = Field(
        default=Combine.worst,
        description="`worst`: the overall is the worst dimension. `count`: red when any "
        "dimension is red or at least `ambers_for_red` are amber, else amber when any is.",
    )
    ambers_for_red: int | None = Field(default=None, ge=1, le=MAX_AMBERS)
    note: str | None = Field(default=None, max_length=2000, description="Why this version.")

    @field_validator("enabled_dimensions")
    @classmethod
    def _each_once(cls, value: list[Dimension]) -> list[Dimension]:
        if len(set(value)) != len(value):
            raise ValueError("name each dimension at most once")
        return value

    @model_validator(mode="after")
    def _count_needs_ambers(self) -> Self:
        if self.combine is Combine.by_count and self.ambers_for_red is None:
            raise ValueError("combine 'count' needs ambers_for_red")
        if self.combine is Combine.worst and self.ambers_for_red is not None:
            raise ValueError("ambers_for_red applies to combine 'count' only")
        return self


class HealthPolicyRead(BaseModel):
    id: uuid.UUID | None = Field(description="Null for the built-in default policy.")
    portfolio_id: uuid.UUID
    version: int = Field(description="0: the built-in default (no policy was ever set).")
    is_default: bool
    thresholds: PolicyThresholds
    enabled_dimensions: list[Dimension]
    high_risk_score: int
    combine: Combine
    ambers_for_red: int | None
    note: str | None
    created_at: datetime | None
    created_by: str | None
