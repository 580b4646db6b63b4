"""Health (reporting service): portfolio health policies (versioned), a project's health
with its reasons, and manual overrides. The enums are shared with the service's own
schemas (one vocabulary on both sides)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

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
from shared.fields import decimal_string
from shared.pagination import Page


class Rag(StrEnum):
    green = "green"
    amber = "amber"
    red = "red"
    # The figure behind it is missing (no baseline, no compliance evaluation...): grey.
    unknown = "unknown"


class OverrideRag(StrEnum):
    green = "green"
    amber = "amber"
    red = "red"


class Dimension(StrEnum):
    schedule = "schedule"
    cost = "cost"
    float = "float"
    milestones = "milestones"
    risk = "risk"
    governance = "governance"
    staleness = "staleness"


class Comparison(StrEnum):
    below = "below"  # lower is worse
    above = "above"  # higher is worse
    at_least = "at_least"  # the amber dimensions of a "count" policy


class Combine(StrEnum):
    worst = "worst"
    by_count = "count"


class IndexThresholdsDTO(WireModel):
    amber: Decimal
    red: Decimal


class CountThresholdsDTO(WireModel):
    amber: int
    red: int


class PolicyThresholdsDTO(WireModel):
    spi: IndexThresholdsDTO
    spi_t: IndexThresholdsDTO
    cpi: IndexThresholdsDTO
    float_consumed_days: IndexThresholdsDTO
    overdue_milestones: CountThresholdsDTO
    open_high_risks: CountThresholdsDTO
    compliance_score: IndexThresholdsDTO
    days_since_status_update: CountThresholdsDTO


class HealthPolicyDTO(WireModel):
    id: uuid.UUID | None = None
    portfolio_id: uuid.UUID
    version: int
    is_default: bool
    thresholds: PolicyThresholdsDTO
    enabled_dimensions: list[Dimension]
    high_risk_score: int
    combine: Combine
    ambers_for_red: int | None = None
    note: str | None = None
    created_at: datetime | None = None
    created_by: str | None = None


# As the service documents them: decimal strings (floats are refused).
IndexIn = Annotated[Decimal, decimal_string(6, 4)]
ScoreIn = Annotated[Decimal, decimal_string(5, 2)]
DaysIn = Annotated[Decimal, decimal_string(6, 2)]


class IndexThresholds(InputModel):
    """SPI, SPI(t), CPI: lower is worse (red at or below amber)."""

    amber: IndexIn
    red: IndexIn


class ScoreThresholds(InputModel):
    """Compliance score, 0-100: lower is worse."""

    amber: ScoreIn
    red: ScoreIn


class DaysThresholds(InputModel):
    """Float consumed, working days: higher is worse."""

    amber: DaysIn
    red: DaysIn


class CountThresholds(InputModel):
    """Counts and whole days: higher is worse."""

    amber: int
    red: int


# The defaults below are never sent (only the fields a caller set are): the service applies
# its own built-in ones to the fields left out.
class PolicyThresholds(InputModel):
    """The thresholds to set; the ones left out take the service's built-in defaults."""

    spi: IndexThresholds = IndexThresholds(amber=Decimal("0.95"), red=Decimal("0.85"))
    spi_t: IndexThresholds = IndexThresholds(amber=Decimal("0.95"), red=Decimal("0.85"))
    cpi: IndexThresholds = IndexThresholds(amber=Decimal("0.95"), red=Decimal("0.85"))
    float_consumed_days: DaysThresholds = DaysThresholds(amber=Decimal(5), red=Decimal(10))
    overdue_milestones: CountThresholds = CountThresholds(amber=0, red=2)
    open_high_risks: CountThresholds = CountThresholds(amber=0, red=2)
    compliance_score: ScoreThresholds = ScoreThresholds(amber=Decimal(80), red=Decimal(60))
    days_since_status_update: CountThresholds = CountThresholds(amber=14, red=30)


class HealthPolicyWrite(InputModel):
    """A whole policy (a PUT): fields left unset take the service's built-in defaults."""

    thresholds: PolicyThresholds = PolicyThresholds()
    enabled_dimensions: list[Dimension] = list(Dimension)
    high_risk_score: int = 15
    combine: Combine = Combine.worst
    ambers_for_red: int | None = None
    note: str | None = None


class HealthReasonDTO(WireModel):
    metric: str
    value: Decimal | None = None
    threshold: Decimal | None = None
    comparison: Comparison
    policy_version: int
    rag: Rag
    message: str


class DimensionHealthDTO(WireModel):
    name: Dimension
    rag: Rag
    reasons: list[HealthReasonDTO]


class HealthPolicyRefDTO(WireModel):
    id: uuid.UUID | None = None
    portfolio_id: uuid.UUID | None = None
    version: int
    is_default: bool


class HealthMetricsDTO(WireModel):
    spi: Decimal | None = None
    spi_t: Decimal | None = None
    cpi: Decimal | None = None
    float_consumed_days: Decimal | None = None
    overdue_milestones: Decimal | None = None
    open_high_risks: Decimal | None = None
    compliance_score: Decimal | None = None
    days_since_status_update: Decimal | None = None


class HealthOverrideDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    rag: OverrideRag
    justification: str
    expires_at: datetime
    created_at: datetime
    created_by: str
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    superseded_by_id: uuid.UUID | None = None
    active: bool
    version: int


class HealthOverrideCreate(InputModel):
    rag: OverrideRag
    justification: str
    expires_at: datetime = Field(description="Aware (with a UTC offset).")


class ProjectHealthDTO(WireModel):
    project_id: uuid.UUID
    portfolio_id: uuid.UUID | None = None
    status_date: date
    evaluated_at: datetime
    overall: Rag
    effective: Rag
    overall_reasons: list[HealthReasonDTO]
    dimensions: list[DimensionHealthDTO]
    override: HealthOverrideDTO | None = None
    policy: HealthPolicyRefDTO
    metrics: HealthMetricsDTO


class ProjectHealthBatchDTO(WireModel):
    items: list[ProjectHealthDTO]


POLICY = "/v1/portfolios/{portfolio_id}/health-policy"
GET_HEALTH_POLICY = Operation("get_health_policy", "GET", POLICY, HealthPolicyDTO)
SET_HEALTH_POLICY = Operation(
    "set_health_policy", "PUT", POLICY, HealthPolicyDTO, body=HealthPolicyWrite
)
LIST_HEALTH_POLICY_VERSIONS = Operation(
    "list_health_policy_versions", "GET", POLICY + "/versions", Page[HealthPolicyDTO]
)
GET_PROJECT_HEALTH = Operation(
    "get_project_health", "GET", "/v1/projects/{project_id}/health", ProjectHealthDTO
)
LIST_PROJECT_HEALTH = Operation(
    "list_project_health", "GET", "/v1/project-health", ProjectHealthBatchDTO
)
OVERRIDES = "/v1/projects/{project_id}/health-overrides"
CREATE_HEALTH_OVERRIDE = Operation(
    "create_health_override", "POST", OVERRIDES, HealthOverrideDTO, body=HealthOverrideCreate
)
LIST_HEALTH_OVERRIDES = Operation(
    "list_health_overrides", "GET", OVERRIDES, Page[HealthOverrideDTO]
)
REVOKE_HEALTH_OVERRIDE = Operation(
    "revoke_health_override", "DELETE", "/v1/health-overrides/{override_id}", HealthOverrideDTO
)


class HealthEndpoints(TypedClient):
    async def health_policy(self, portfolio_id: uuid.UUID) -> HealthPolicyDTO:
        """The current policy (version 0: the built-in default)."""
        return await self.fetch(GET_HEALTH_POLICY, path={"portfolio_id": portfolio_id})

    async def set_health_policy(
        self,
        portfolio_id: uuid.UUID,
        data: HealthPolicyWrite,
        *,
        expected_version: int | None = None,
    ) -> HealthPolicyDTO:
        """A new version; ``expected_version``: the current one (0 for the default)."""
        return await self.send(
            SET_HEALTH_POLICY,
            data,
            path={"portfolio_id": portfolio_id},
            expected_version=expected_version,
        )

    async def health_policy_versions(
        self, portfolio_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[HealthPolicyDTO]:
        """Newest first."""
        return await self.fetch(
            LIST_HEALTH_POLICY_VERSIONS,
            path={"portfolio_id": portfolio_id},
            params=page_params(limit, cursor),
        )

    async def project_health(
        self, project_id: uuid.UUID, *, status_date: date | None = None
    ) -> ProjectHealthDTO:
        params = {"status_date": status_date.isoformat()} if status_date else None
        return await self.fetch(GET_PROJECT_HEALTH, path={"project_id": project_id}, params=params)

    async def health_of_projects(
        self, project_ids: list[uuid.UUID], *, status_date: date | None = None
    ) -> list[ProjectHealthDTO]:
        """Many projects' health, one call per 500; those the caller may not read are left
        out."""
        found: list[ProjectHealthDTO] = []
        for batch in chunks(project_ids):
            params = {"project_ids": join_ids(batch)}
            if status_date is not None:
                params["status_date"] = status_date.isoformat()
            found.extend((await self.fetch(LIST_PROJECT_HEALTH, params=params)).items)
        return found

    async def create_health_override(
        self,
        project_id: uuid.UUID,
        data: HealthOverrideCreate,
        *,
        idempotency_key: str | None = None,
    ) -> HealthOverrideDTO:
        return await self.send(
            CREATE_HEALTH_OVERRIDE,
            data,
            path={"project_id": project_id},
            idempotency_key=idempotency_key,
        )

    async def health_overrides(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[HealthOverrideDTO]:
        """Newest first, revoked and expired ones included."""
        path = {"project_id": project_id}
        return await self.fetch(LIST_HEALTH_OVERRIDES, path=path, params=page_params(limit, cursor))

    async def revoke_health_override(
        self, override_id: uuid.UUID, *, expected_version: int | None = None
    ) -> HealthOverrideDTO:
        return await self.send(
            REVOKE_HEALTH_OVERRIDE,
            path={"override_id": override_id},
            expected_version=expected_version,
        )


__all__ = [
    "Combine",
    "Comparison",
    "CountThresholds",
    "DaysThresholds",
    "Dimension",
    "HealthEndpoints",
    "HealthOverrideCreate",
    "HealthOverrideDTO",
    "HealthPolicyDTO",
    "HealthPolicyWrite",
    "IndexThresholds",
    "OverrideRag",
    "PolicyThresholds",
    "ProjectHealthDTO",
    "Rag",
    "ScoreThresholds",
]
