"""Health: a project's RAG per dimension and overall with the reasons behind each colour,
its override, the portfolio's policy, trends and snapshots taken. Decimals are strings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import strawberry

from services.gateway.records.types import Rag
from services.gateway.relay.node import Node
from services.gateway.values import gid, gids
from shared.clients.reporting.health import (
    DimensionHealthDTO,
    HealthOverrideDTO,
    HealthPolicyDTO,
    HealthReasonDTO,
    ProjectHealthDTO,
)
from shared.clients.reporting.snapshots import SnapshotDTO, SnapshotsTakenDTO, TrendPointDTO


def _text(value: Decimal | int | None) -> str | None:
    return str(value) if value is not None else None


@strawberry.enum(
    description="A computed colour: red, amber, green, or UNKNOWN (grey) when the figure "
    "behind it is missing (no baseline, no compliance evaluation...)."
)
class HealthRag(Enum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    UNKNOWN = "unknown"


@strawberry.enum
class HealthDimensionName(Enum):
    SCHEDULE = "schedule"
    COST = "cost"
    FLOAT = "float"
    MILESTONES = "milestones"
    RISK = "risk"
    GOVERNANCE = "governance"
    STALENESS = "staleness"


@strawberry.enum(description="How a value is compared with its threshold.")
class HealthComparison(Enum):
    BELOW = strawberry.enum_value("below", description="Lower is worse.")
    ABOVE = strawberry.enum_value("above", description="Higher is worse.")
    AT_LEAST = strawberry.enum_value("at_least", description="Amber dimensions of a COUNT policy.")


@strawberry.enum
class HealthCombine(Enum):
    WORST = strawberry.enum_value("worst", description="The overall is the worst dimension.")
    COUNT = strawberry.enum_value(
        "count", description="Red if any is red or at least ambersForRed are amber."
    )


@strawberry.enum
class TrendMetric(Enum):
    SPI = "spi"
    CPI = "cpi"
    EAC = "eac"
    SPI_T = "spi_t"
    FLOAT = strawberry.enum_value("float", description="Float consumed (working days).")
    CRITICAL_FLOAT = strawberry.enum_value(
        "critical_float", description="Least total float of the unfinished critical tasks."
    )
    OPEN_RISKS = "open_risks"
    COMPLIANCE_SCORE = "compliance_score"


@strawberry.type(description="Why a colour: a metric compared with a threshold of a policy.")
class HealthReason:
    metric: str
    value: str | None = strawberry.field(description="Decimal string; null: missing.")
    threshold: str | None = strawberry.field(
        description="The threshold breached (red, else amber), or the amber one when none is."
    )
    comparison: HealthComparison
    policy_version: int
    rag: HealthRag
    message: str

    @classmethod
    def from_dto(cls, dto: HealthReasonDTO) -> HealthReason:
        return cls(
            metric=dto.metric,
            value=_text(dto.value),
            threshold=_text(dto.threshold),
            comparison=HealthComparison(dto.comparison.value),
            policy_version=dto.policy_version,
            rag=HealthRag(dto.rag.value),
            message=dto.message,
        )


@strawberry.type
class HealthDimension:
    name: HealthDimensionName
    rag: HealthRag
    reasons: list[HealthReason]

    @classmethod
    def from_dto(cls, dto: DimensionHealthDTO) -> HealthDimension:
        return cls(
            name=HealthDimensionName(dto.name.value),
            rag=HealthRag(dto.rag.value),
            reasons=[HealthReason.from_dto(r) for r in dto.reasons],
        )


@strawberry.type(description="A manual overall colour, with its justification, until it expires.")
class HealthOverride(Node):
    id: strawberry.ID
    project_id: strawberry.ID
    rag: Rag
    justification: str
    expires_at: datetime
    created_at: datetime
    created_by: str
    revoked_at: datetime | None
    revoked_by: str | None
    active: bool
    version: int = strawberry.field(description="Send as expectedVersion when revoking.")

    @classmethod
    def from_dto(cls, dto: HealthOverrideDTO) -> HealthOverride:
        return cls(
            id=gid(dto.id),
            project_id=gid(dto.project_id),
            rag=Rag(dto.rag.value),
            justification=dto.justification,
            expires_at=dto.expires_at,
            created_at=dto.created_at,
            created_by=dto.created_by,
            revoked_at=dto.revoked_at,
            revoked_by=dto.revoked_by,
            active=dto.active,
            version=dto.version,
        )


@strawberry.type
class ProjectHealth:
    overall: HealthRag = strawberry.field(description="The computed overall colour.")
    effective: HealthRag = strawberry.field(
        description="What to show: the active override's colour, else the computed overall."
    )
    overall_reasons: list[HealthReason]
    dimensions: list[HealthDimension]
    override: HealthOverride | None = strawberry.field(description="The active override.")
    status_date: date
    evaluated_at: datetime
    policy_version: int = strawberry.field(description="0: the built-in default policy.")

    @classmethod
    def from_dto(cls, dto: ProjectHealthDTO) -> ProjectHealth:
        return cls(
            overall=HealthRag(dto.overall.value),
            effective=HealthRag(dto.effective.value),
            overall_reasons=[HealthReason.from_dto(r) for r in dto.overall_reasons],
            dimensions=[HealthDimension.from_dto(d) for d in dto.dimensions],
            override=HealthOverride.from_dto(dto.override) if dto.override else None,
            status_date=dto.status_date,
            evaluated_at=dto.evaluated_at,
            policy_version=dto.policy.version,
        )


@strawberry.type(description="Amber and red thresholds (decimal strings).")
class HealthThreshold:
    amber: str
    red: str


@strawberry.type
class HealthThresholds:
    spi: HealthThreshold
    spi_t: HealthThreshold
    cpi: HealthThreshold
    float_consumed_days: HealthThreshold
    overdue_milestones: HealthThreshold
    open_high_risks: HealthThreshold
    compliance_score: HealthThreshold
    days_since_status_update: HealthThreshold


@strawberry.type(description="A version of a portfolio's health policy (0: the default).")
class HealthPolicy:
    id: strawberry.ID | None
    portfolio_id: strawberry.ID
    version: int = strawberry.field(description="Send as expectedVersion when changing it.")
    is_default: bool
    thresholds: HealthThresholds
    enabled_dimensions: list[HealthDimensionName]
    high_risk_score: int
    combine: HealthCombine
    ambers_for_red: int | None
    note: str | None
    created_at: datetime | None
    created_by: str | None

    @classmethod
    def from_dto(cls, dto: HealthPolicyDTO) -> HealthPolicy:
        pairs = dto.thresholds.model_dump()
        thresholds = HealthThresholds(
            **{
                k: HealthThreshold(amber=str(v["amber"]), red=str(v["red"]))
                for k, v in pairs.items()
            }
        )
        return cls(
            id=gid(dto.id) if dto.id else None,
            portfolio_id=gid(dto.portfolio_id),
            version=dto.version,
            is_default=dto.is_default,
            thresholds=thresholds,
            enabled_dimensions=[HealthDimensionName(d.value) for d in dto.enabled_dimensions],
            high_risk_score=dto.high_risk_score,
            combine=HealthCombine(dto.combine.value),
            ambers_for_red=dto.ambers_for_red,
            note=dto.note,
            created_at=dto.created_at,
            created_by=dto.created_by,
        )


@strawberry.type
class TrendPoint:
    date: date
    value: str | None = strawberry.field(description="Decimal string; null: missing that day.")

    @classmethod
    def from_dto(cls, dto: TrendPointDTO) -> TrendPoint:
        return cls(date=dto.date, value=_text(dto.value))


@strawberry.type(description="Today's snapshots, taken (or taken again: replaced).")
class SnapshotsTaken:
    day: date
    taken_at: datetime
    projects: int
    created: int
    replaced: int
    missing: list[strawberry.ID] = strawberry.field(
        description="Projects asked for that are unknown or not visible."
    )

    @classmethod
    def from_dto(cls, dto: SnapshotsTakenDTO) -> SnapshotsTaken:
        return cls(
            day=dto.day,
            taken_at=dto.taken_at,
            projects=dto.projects,
            created=dto.created,
            replaced=dto.replaced,
            missing=gids(dto.missing),
        )


@strawberry.type(
    description="A project's figures and health on one day, as computed that day (under the "
    "policy version then current): never rewritten by a later policy change."
)
class HealthSnapshot(Node):
    id: strawberry.ID
    day: date
    taken_at: datetime
    status_date: date
    overall: HealthRag
    effective: HealthRag
    policy_version: int
    overall_reasons: list[HealthReason]
    dimensions: list[HealthDimension]
    spi: str | None
    cpi: str | None
    spi_t: str | None
    eac: str | None
    currency: str | None
    float_consumed_days: str | None
    open_risks: int
    open_high_risks: int
    compliance_score: str | None

    @classmethod
    def from_dto(cls, dto: SnapshotDTO) -> HealthSnapshot:
        return cls(
            id=gid(dto.id),
            day=dto.day,
            taken_at=dto.taken_at,
            status_date=dto.status_date,
            overall=HealthRag(dto.overall.value),
            effective=HealthRag(dto.effective.value),
            policy_version=dto.policy.version,
            overall_reasons=[HealthReason.from_dto(r) for r in dto.overall_reasons],
            dimensions=[HealthDimension.from_dto(d) for d in dto.dimensions],
            spi=_text(dto.spi),
            cpi=_text(dto.cpi),
            spi_t=_text(dto.spi_t),
            eac=_text(dto.eac),
            currency=dto.currency,
            float_consumed_days=_text(dto.finish_variance_days),
            open_risks=dto.open_risks,
            open_high_risks=dto.open_high_risks,
            compliance_score=_text(dto.compliance_score),
        )
