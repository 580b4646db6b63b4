"""Snapshot rows as the API shows them."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from services.reporting.health.schemas import DimensionHealthRead, HealthPolicyRef, HealthReason
from services.reporting.models import ProjectSnapshot
from services.reporting.policies.policy import Rag
from services.reporting.snapshots.schemas import SnapshotRead, TrendMetric

TREND_COLUMNS: Mapping[TrendMetric, str] = {
    TrendMetric.spi: "spi",
    TrendMetric.cpi: "cpi",
    TrendMetric.eac: "eac",
    TrendMetric.spi_t: "spi_t",
    TrendMetric.float: "finish_variance_days",
    TrendMetric.critical_float: "critical_float_days",
    TrendMetric.open_risks: "open_risks",
    TrendMetric.compliance_score: "compliance_score",
}
_FIGURES = (
    "id",
    "project_id",
    "portfolio_id",
    "day",
    "taken_at",
    "status_date",
    "currency",
    "bac",
    "pv",
    "ev",
    "ac",
    "eac",
    "spi",
    "cpi",
    "spi_t",
    "percent_complete",
    "finish_variance_days",
    "critical_float_days",
    "p80_finish",
    "deadline_probability",
    "overdue_milestones",
    "open_risks",
    "open_high_risks",
    "compliance_score",
    "days_since_status_update",
    "evm",
    "override_id",
)


def trend_value(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(value)


def snapshot_read(row: ProjectSnapshot) -> SnapshotRead:
    health: dict[str, Any] = row.health
    return SnapshotRead(
        **{name: getattr(row, name) for name in _FIGURES},
        overall=Rag(row.overall_rag),
        effective=Rag(row.effective_rag),
        overall_reasons=[HealthReason.model_validate(r) for r in health["overall_reasons"]],
        dimensions=[DimensionHealthRead.model_validate(d) for d in health["dimensions"]],
        policy=HealthPolicyRef(
            id=row.policy_id,
            portfolio_id=row.portfolio_id,
            version=row.policy_version,
            is_default=row.policy_id is None,
        ),
    )
