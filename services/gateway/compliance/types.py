"""Rules of standards, the rule kinds they name, and compliance: evaluations with their
findings, a project's latest evaluation and score trend, a portfolio's."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from services.gateway.context import Info
from services.gateway.projects.types import ProjectStatus
from services.gateway.relay.node import Node
from services.gateway.values import gid, gids
from shared.clients.governance.compliance import (
    EvaluationDTO,
    FindingDTO,
    PortfolioComplianceDTO,
    PortfolioDayDTO,
    ProjectComplianceDTO,
    StatusCountsDTO,
    TrendPointDTO,
)
from shared.clients.governance.rules import RuleDTO, RuleKindDTO

if TYPE_CHECKING:
    from services.gateway.projects.types import Project

PROJECT_TYPES = "services.gateway.projects.types"


@strawberry.enum
class Severity(Enum):
    INFO = "info"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


@strawberry.enum
class RuleKindCategory(Enum):
    GOVERNANCE = "governance"
    DCMA = "dcma"


@strawberry.enum
class FindingStatus(Enum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"


@strawberry.type(description="A kind of rule: a check over a project's facts.")
class RuleKind:
    name: str
    title: str
    description: str
    category: RuleKindCategory
    example: JSON = strawberry.field(description="Parameters that make a valid rule.")
    params_schema: JSON = strawberry.field(description="JSON Schema of the parameters.")

    @classmethod
    def from_dto(cls, dto: RuleKindDTO) -> RuleKind:
        return cls(
            name=dto.name,
            title=dto.title,
            description=dto.description,
            category=RuleKindCategory(dto.category.value),
            example=JSON(dto.example),
            params_schema=JSON(dto.params_schema),
        )


@strawberry.type(description="Which projects a rule applies to; an empty list means any.")
class RuleScope:
    portfolio_ids: list[strawberry.ID]
    project_statuses: list[ProjectStatus]
    phases: list[str]
    tags: list[str] = strawberry.field(description="Any one of them.")


@strawberry.type(description="An executable rule of a standard revision.")
class StandardRule(Node):
    id: strawberry.ID
    standard_id: strawberry.ID
    position: int
    kind: str
    params: JSON
    severity: Severity
    weight: float
    scope: RuleScope
    title: str | None
    description: str | None
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as expectedVersion when updating.")

    @classmethod
    def from_dto(cls, dto: RuleDTO) -> StandardRule:
        scope = dto.scope
        return cls(
            id=gid(dto.id),
            standard_id=gid(dto.standard_id),
            position=dto.position,
            kind=dto.kind,
            params=JSON(dto.params),
            severity=Severity(dto.severity.value),
            weight=dto.weight,
            scope=RuleScope(
                portfolio_ids=gids(scope.portfolio_ids),
                project_statuses=[ProjectStatus(s.value) for s in scope.project_statuses],
                phases=scope.phases,
                tags=scope.tags,
            ),
            title=dto.title,
            description=dto.description,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
        )


@strawberry.type(description="One rule's outcome in an evaluation.")
class Finding(Node):
    id: strawberry.ID
    position: int
    rule_id: strawberry.ID
    rule_title: str | None
    standard_id: strawberry.ID
    standard_key: str
    standard_revision: int
    kind: str
    severity: Severity
    weight: float
    status: FindingStatus
    message: str
    evidence: JSON = strawberry.field(description="The measured value, the limit, offending ids.")

    @classmethod
    def from_dto(cls, dto: FindingDTO) -> Finding:
        return cls(
            id=gid(dto.id),
            position=dto.position,
            rule_id=gid(dto.rule_id),
            rule_title=dto.rule_title,
            standard_id=gid(dto.standard_id),
            standard_key=dto.standard_key,
            standard_revision=dto.standard_revision,
            kind=dto.kind,
            severity=Severity(dto.severity.value),
            weight=dto.weight,
            status=FindingStatus(dto.status.value),
            message=dto.message,
            evidence=JSON(dto.evidence),
        )


@strawberry.type(description="Findings of one severity, by status.")
class SeverityCount:
    severity: Severity
    passed: int
    failed: int
    not_applicable: int


def _by_severity(dto: EvaluationDTO) -> list[SeverityCount]:
    counts: dict[Severity, StatusCountsDTO] = {
        Severity.CRITICAL: dto.by_severity.critical,
        Severity.MAJOR: dto.by_severity.major,
        Severity.MINOR: dto.by_severity.minor,
        Severity.INFO: dto.by_severity.info,
    }
    return [
        SeverityCount(
            severity=severity,
            passed=c.passed,
            failed=c.failed,
            not_applicable=c.not_applicable,
        )
        for severity, c in counts.items()
    ]


@strawberry.type(description="A project's compliance at one moment.")
class Evaluation(Node):
    id: strawberry.ID
    batch_id: strawberry.ID
    project_id: strawberry.ID
    portfolio_id: strawberry.ID | None
    evaluated_at: datetime
    evaluator: str
    score: float | None = strawberry.field(
        description="Weighted share of passed rules among passed and failed, 0-100."
    )
    passed: int
    failed: int
    not_applicable: int
    by_severity: list[SeverityCount] = strawberry.field(description="Critical first.")
    standard_ids: list[strawberry.ID]
    evaluation_uuid: strawberry.Private[uuid.UUID]
    project_uuid: strawberry.Private[uuid.UUID]
    known_findings: strawberry.Private[list[FindingDTO] | None]

    @classmethod
    def from_dto(cls, dto: EvaluationDTO) -> Evaluation:
        return cls(
            id=gid(dto.id),
            batch_id=gid(dto.batch_id),
            project_id=gid(dto.project_id),
            portfolio_id=gid(dto.portfolio_id) if dto.portfolio_id else None,
            evaluated_at=dto.evaluated_at,
            evaluator=dto.evaluator,
            score=dto.score,
            passed=dto.passed,
            failed=dto.failed,
            not_applicable=dto.not_applicable,
            by_severity=_by_severity(dto),
            standard_ids=gids(dto.standard_ids),
            evaluation_uuid=dto.id,
            project_uuid=dto.project_id,
            known_findings=getattr(dto, "findings", None),
        )

    @strawberry.field(description="One per applicable rule, in rule order.")
    async def findings(self, info: Info, status: FindingStatus | None = None) -> list[Finding]:
        found = self.known_findings
        if found is None:
            found = (
                await info.context.loaders.compliance.evaluation.load(self.evaluation_uuid)
            ).findings
        return [
            Finding.from_dto(f) for f in found if status is None or f.status.value == status.value
        ]

    @strawberry.field
    async def project(
        self, info: Info
    ) -> Annotated[Project, strawberry.lazy(PROJECT_TYPES)] | None:
        from services.gateway.projects.types import Project

        return Project.from_dto(await info.context.loaders.projects.project.load(self.project_uuid))


@strawberry.type
class ComplianceTrendPoint:
    evaluation_id: strawberry.ID
    evaluated_at: datetime
    score: float | None

    @classmethod
    def from_dto(cls, dto: TrendPointDTO) -> ComplianceTrendPoint:
        return cls(
            evaluation_id=gid(dto.evaluation_id), evaluated_at=dto.evaluated_at, score=dto.score
        )


@strawberry.type(description="A project's latest evaluation and its recent scores.")
class ProjectCompliance:
    project_id: strawberry.ID
    latest: Evaluation | None
    trend: list[ComplianceTrendPoint] = strawberry.field(description="Oldest first.")

    @classmethod
    def from_dto(cls, dto: ProjectComplianceDTO) -> ProjectCompliance:
        return cls(
            project_id=gid(dto.project_id),
            latest=Evaluation.from_dto(dto.latest) if dto.latest else None,
            trend=[ComplianceTrendPoint.from_dto(p) for p in dto.trend],
        )


@strawberry.type(description="A portfolio's average score on one UTC day.")
class PortfolioComplianceDay:
    day: date
    average_score: float | None
    projects: int = strawberry.field(description="Projects evaluated that day.")

    @classmethod
    def from_dto(cls, dto: PortfolioDayDTO) -> PortfolioComplianceDay:
        return cls(day=dto.day, average_score=dto.average_score, projects=dto.projects)


@strawberry.type(description="Each project's latest score in a portfolio, and the trend.")
class PortfolioCompliance:
    portfolio_id: strawberry.ID
    average_score: float | None
    projects: list[Evaluation] = strawberry.field(description="Latest evaluation per project.")
    trend: list[PortfolioComplianceDay] = strawberry.field(description="Oldest first.")

    @classmethod
    def from_dto(cls, dto: PortfolioComplianceDTO) -> PortfolioCompliance:
        return cls(
            portfolio_id=gid(dto.portfolio_id),
            average_score=dto.average_score,
            projects=[Evaluation.from_dto(e) for e in dto.projects],
            trend=[PortfolioComplianceDay.from_dto(d) for d in dto.trend],
        )
