"""Inputs of the health and snapshot mutations. Policy fields default to UNSET: a field not
sent takes the service's built-in default (a policy is set whole, as the REST PUT)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from services.gateway.records.types import Rag
from services.gateway.reporting.health_types import HealthCombine, HealthDimensionName

EXPECTED_VERSION = "The version you read; a newer one makes this a userError."


@strawberry.input(description="Amber and red thresholds as decimal strings (counts: whole).")
class HealthThresholdInput:
    amber: str
    red: str


@strawberry.input(description="The thresholds to set; the others take the built-in defaults.")
class HealthThresholdsInput:
    spi: HealthThresholdInput | None = strawberry.UNSET
    spi_t: HealthThresholdInput | None = strawberry.UNSET
    cpi: HealthThresholdInput | None = strawberry.UNSET
    float_consumed_days: HealthThresholdInput | None = strawberry.UNSET
    overdue_milestones: HealthThresholdInput | None = strawberry.UNSET
    open_high_risks: HealthThresholdInput | None = strawberry.UNSET
    compliance_score: HealthThresholdInput | None = strawberry.UNSET
    days_since_status_update: HealthThresholdInput | None = strawberry.UNSET


@strawberry.input
class SetHealthPolicyInput:
    portfolio_id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    thresholds: HealthThresholdsInput | None = strawberry.UNSET
    enabled_dimensions: list[HealthDimensionName] | None = strawberry.UNSET
    high_risk_score: int | None = strawberry.UNSET
    combine: HealthCombine | None = strawberry.UNSET
    ambers_for_red: int | None = strawberry.UNSET
    note: str | None = strawberry.UNSET


@strawberry.input
class OverrideHealthInput:
    project_id: strawberry.ID
    rag: Rag
    justification: str
    expires_at: datetime = strawberry.field(description="With a UTC offset; at most 90 days ahead.")
    idempotency_key: str | None = None


@strawberry.input
class RevokeHealthOverrideInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="Exactly one of portfolioId and projectIds.")
class TakeSnapshotsInput:
    portfolio_id: strawberry.ID | None = None
    project_ids: list[strawberry.ID] | None = None
    idempotency_key: str | None = None
