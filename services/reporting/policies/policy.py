"""What a health policy is, as the pure evaluator reads it: thresholds per metric, the
dimensions that are on, and how the dimensions combine into the overall colour.

The built-in default (:data:`DEFAULT_POLICY`, version 0) applies to every portfolio that
never set one, and to projects outside any portfolio:

============================  ==========  =========  ========
metric                        comparison  amber      red
============================  ==========  =========  ========
SPI                           below       0.95       0.85
SPI(t)                        below       0.95       0.85
CPI                           below       0.95       0.85
float consumed (days)         above       5          10
overdue milestones            above       0          2
open high risks (score ≥ 15)  above       0          2
compliance score (0-100)      below       80         60
days since status update      above       14         30
============================  ==========  =========  ========

"below": red when the value is below the red threshold, else amber when below the amber
one, else green; "above" the same upwards (so overdue milestones: one makes it amber,
three red). Every dimension is on; the overall is the worst dimension.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from shared.clients.reporting.health import Combine, Comparison, Dimension, Rag


class Metric(StrEnum):
    spi = "spi"
    spi_t = "spi_t"
    cpi = "cpi"
    float_consumed_days = "float_consumed_days"
    overdue_milestones = "overdue_milestones"
    open_high_risks = "open_high_risks"
    compliance_score = "compliance_score"
    days_since_status_update = "days_since_status_update"


COMPARISONS: Mapping[Metric, Comparison] = {
    Metric.spi: Comparison.below,
    Metric.spi_t: Comparison.below,
    Metric.cpi: Comparison.below,
    Metric.float_consumed_days: Comparison.above,
    Metric.overdue_milestones: Comparison.above,
    Metric.open_high_risks: Comparison.above,
    Metric.compliance_score: Comparison.below,
    Metric.days_since_status_update: Comparison.above,
}

DIMENSION_METRICS: Mapping[Dimension, tuple[Metric, ...]] = {
    Dimension.schedule: (Metric.spi, Metric.spi_t),
    Dimension.cost: (Metric.cpi,),
    Dimension.float: (Metric.float_consumed_days,),
    Dimension.milestones: (Metric.overdue_milestones,),
    Dimension.risk: (Metric.open_high_risks,),
    Dimension.governance: (Metric.compliance_score,),
    Dimension.staleness: (Metric.days_since_status_update,),
}


@dataclass(frozen=True, slots=True)
class Threshold:
    amber: Decimal
    red: Decimal


@dataclass(frozen=True, slots=True)
class Policy:
    """One version of a portfolio's policy (version 0: the built-in default, no row)."""

    version: int
    thresholds: Mapping[Metric, Threshold]
    enabled: frozenset[Dimension]
    high_risk_score: int
    combine: Combine
    ambers_for_red: int | None = None
    id: uuid.UUID | None = None
    portfolio_id: uuid.UUID | None = None

    @property
    def is_default(self) -> bool:
        return self.id is None


def _pair(amber: str, red: str) -> Threshold:
    return Threshold(Decimal(amber), Decimal(red))


DEFAULT_THRESHOLDS: Mapping[Metric, Threshold] = {
    Metric.spi: _pair("0.95", "0.85"),
    Metric.spi_t: _pair("0.95", "0.85"),
    Metric.cpi: _pair("0.95", "0.85"),
    Metric.float_consumed_days: _pair("5", "10"),
    Metric.overdue_milestones: _pair("0", "2"),
    Metric.open_high_risks: _pair("0", "2"),
    Metric.compliance_score: _pair("80", "60"),
    Metric.days_since_status_update: _pair("14", "30"),
}
DEFAULT_HIGH_RISK_SCORE = 15
DEFAULT_POLICY = Policy(
    version=0,
    thresholds=DEFAULT_THRESHOLDS,
    enabled=frozenset(Dimension),
    high_risk_score=DEFAULT_HIGH_RISK_SCORE,
    combine=Combine.worst,
)

__all__ = [
    "COMPARISONS",
    "DEFAULT_POLICY",
    "DEFAULT_THRESHOLDS",
    "DIMENSION_METRICS",
    "Combine",
    "Comparison",
    "Dimension",
    "Metric",
    "Policy",
    "Rag",
    "Threshold",
]
