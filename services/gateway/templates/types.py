"""Templates (governance): versioned project blueprints, and the projects made from them."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from services.gateway.relay.node import Node
from services.gateway.tasks.types import DependencyType
from services.gateway.values import gid
from shared.clients.governance.templates import (
    InstantiationRecordDTO,
    LessonSuggestionDTO,
    RaidDefaultsDTO,
    TemplateDeliverableDTO,
    TemplateDTO,
    TemplateLinkDTO,
    TemplateTaskDTO,
)

DECIMAL_DAYS = 'Working days as a decimal string, e.g. "2.5".'


@strawberry.enum
class TemplateStatus(Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


@strawberry.type(description="A constraint on a template task, dated from the project start.")
class TemplateTaskConstraint:
    type: str = strawberry.field(description="ASAP, ALAP, SNET, SNLT, FNET, FNLT, MSO or MFO.")
    offset_days: int | None = strawberry.field(
        description="Calendar days after the project's start date."
    )


@strawberry.type(description="A task of a template's WBS.")
class TemplateTask:
    key: str
    name: str
    parent_key: str | None
    duration_days: str = strawberry.field(description=DECIMAL_DAYS)
    milestone: bool
    constraint: TemplateTaskConstraint | None

    @classmethod
    def from_dto(cls, dto: TemplateTaskDTO) -> TemplateTask:
        constraint = None
        if dto.constraint is not None:
            constraint = TemplateTaskConstraint(
                type=dto.constraint.type.value, offset_days=dto.constraint.offset_days
            )
        return cls(
            key=dto.key,
            name=dto.name,
            parent_key=dto.parent_key,
            duration_days=str(dto.duration_days),
            milestone=dto.milestone,
            constraint=constraint,
        )


@strawberry.type(description="A link between two template tasks.")
class TemplateLink:
    predecessor_key: str
    successor_key: str
    type: DependencyType
    lag_days: str = strawberry.field(description=DECIMAL_DAYS + " Negative is a lead.")

    @classmethod
    def from_dto(cls, dto: TemplateLinkDTO) -> TemplateLink:
        return cls(
            predecessor_key=dto.predecessor_key,
            successor_key=dto.successor_key,
            type=DependencyType(dto.type.value),
            lag_days=str(dto.lag_days),
        )


@strawberry.type(description="A risk every project made from the template starts with.")
class TemplateRisk:
    title: str
    description: str | None
    probability: int
    impact: int
    owner_role: str | None
    response_strategy: str | None
    mitigation: str | None


@strawberry.type(description="An assumption every project made from the template starts with.")
class TemplateAssumption:
    title: str
    description: str | None
    owner_role: str | None


@strawberry.type(description="An issue every project made from the template starts with.")
class TemplateIssue:
    title: str
    description: str | None
    severity: str
    owner_role: str | None


@strawberry.type(description="The RAID entries a template gives each new project.")
class TemplateRaid:
    risks: list[TemplateRisk]
    assumptions: list[TemplateAssumption]
    issues: list[TemplateIssue]

    @classmethod
    def from_dto(cls, dto: RaidDefaultsDTO) -> TemplateRaid:
        return cls(
            risks=[
                TemplateRisk(
                    title=r.title,
                    description=r.description,
                    probability=r.probability,
                    impact=r.impact,
                    owner_role=r.owner_role,
                    response_strategy=r.response_strategy.value if r.response_strategy else None,
                    mitigation=r.mitigation,
                )
                for r in dto.risks
            ],
            assumptions=[
                TemplateAssumption(
                    title=a.title, description=a.description, owner_role=a.owner_role
                )
                for a in dto.assumptions
            ],
            issues=[
                TemplateIssue(
                    title=i.title,
                    description=i.description,
                    severity=i.severity.value,
                    owner_role=i.owner_role,
                )
                for i in dto.issues
            ],
        )


@strawberry.type(description="A deliverable every project made from the template must produce.")
class TemplateDeliverable:
    key: str
    name: str
    phase: str | None
    description: str | None

    @classmethod
    def from_dto(cls, dto: TemplateDeliverableDTO) -> TemplateDeliverable:
        return cls(key=dto.key, name=dto.name, phase=dto.phase, description=dto.description)


@strawberry.type(description="One revision of a project template (a blueprint).")
class Template(Node):
    id: strawberry.ID
    key: str
    revision: int
    status: TemplateStatus
    name: str
    description: str
    category: str | None
    tags: list[str]
    lifecycle_key: str | None
    lifecycle_id: strawberry.ID | None
    tasks: list[TemplateTask]
    dependencies: list[TemplateLink]
    raid: TemplateRaid
    deliverables: list[TemplateDeliverable]
    standard_keys: list[str]
    published_at: datetime | None
    retired_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as expectedVersion when updating.")

    @classmethod
    def from_dto(cls, dto: TemplateDTO) -> Template:
        return cls(
            id=gid(dto.id),
            key=dto.key,
            revision=dto.revision,
            status=TemplateStatus(dto.status.value),
            name=dto.name,
            description=dto.description,
            category=dto.category,
            tags=list(dto.tags),
            lifecycle_key=dto.lifecycle_key,
            lifecycle_id=gid(dto.lifecycle_id) if dto.lifecycle_id else None,
            tasks=[TemplateTask.from_dto(t) for t in dto.tasks],
            dependencies=[TemplateLink.from_dto(link) for link in dto.dependencies],
            raid=TemplateRaid.from_dto(dto.raid),
            deliverables=[TemplateDeliverable.from_dto(d) for d in dto.deliverables],
            standard_keys=list(dto.standard_keys),
            published_at=dto.published_at,
            retired_at=dto.retired_at,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
        )


@strawberry.type(description="A lesson learned offered because it matches a template.")
class SuggestedLesson(Node):
    id: strawberry.ID
    title: str
    recommendation: str | None
    category: str | None
    tags: list[str]
    score: float = strawberry.field(description="Relevance, higher is closer.")

    @classmethod
    def from_dto(cls, dto: LessonSuggestionDTO) -> SuggestedLesson:
        return cls(
            id=gid(dto.id),
            title=dto.title,
            recommendation=dto.recommendation,
            category=dto.category,
            tags=list(dto.tags),
            score=dto.score,
        )


@strawberry.type(description="The record of a project made from a template revision.")
class TemplateInstantiation(Node):
    id: strawberry.ID
    template_id: strawberry.ID
    template_key: str
    template_revision: int
    project_id: strawberry.ID
    project_code: str
    project_name: str
    phase: str | None = strawberry.field(description="The lifecycle phase the project began in.")
    lifecycle_id: strawberry.ID | None
    instantiated_by: str
    instantiated_at: datetime

    @classmethod
    def from_dto(cls, dto: InstantiationRecordDTO) -> TemplateInstantiation:
        return cls(
            id=gid(dto.id),
            template_id=gid(dto.template_id),
            template_key=dto.template_key,
            template_revision=dto.template_revision,
            project_id=gid(dto.project.id),
            project_code=dto.project.code,
            project_name=dto.project.name,
            phase=dto.project.phase,
            lifecycle_id=gid(dto.lifecycle_id) if dto.lifecycle_id else None,
            instantiated_by=dto.instantiated_by,
            instantiated_at=dto.instantiated_at,
        )
