"""Templates (governance service): versioned project blueprints, and the projects made
from them."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from shared.clients import InputModel, Operation, TypedClient, WireModel, page_params
from shared.clients.projects.planning import LinkType
from shared.clients.projects.records import ResponseStrategy, Severity
from shared.clients.projects.tasks import ConstraintType
from shared.pagination import Page


class TemplateStatus(StrEnum):
    draft = "draft"
    published = "published"
    retired = "retired"


# --- the blueprint's parts, as read ------------------------------------------------------


class TaskConstraintDTO(WireModel):
    type: ConstraintType
    offset_days: int | None = None


class TemplateTaskDTO(WireModel):
    key: str
    name: str
    parent_key: str | None = None
    duration_days: Decimal = Decimal(0)
    milestone: bool = False
    constraint: TaskConstraintDTO | None = None


class TemplateLinkDTO(WireModel):
    predecessor_key: str
    successor_key: str
    type: LinkType = LinkType.FS
    lag_days: Decimal = Decimal(0)


class TemplateRiskDTO(WireModel):
    title: str
    description: str | None = None
    probability: int
    impact: int
    owner_role: str | None = None
    response_strategy: ResponseStrategy | None = None
    mitigation: str | None = None


class TemplateAssumptionDTO(WireModel):
    title: str
    description: str | None = None
    owner_role: str | None = None


class TemplateIssueDTO(WireModel):
    title: str
    description: str | None = None
    severity: Severity = Severity.medium
    owner_role: str | None = None


class RaidDefaultsDTO(WireModel):
    risks: list[TemplateRiskDTO] = Field(default_factory=list)
    assumptions: list[TemplateAssumptionDTO] = Field(default_factory=list)
    issues: list[TemplateIssueDTO] = Field(default_factory=list)


class TemplateDeliverableDTO(WireModel):
    key: str
    name: str
    phase: str | None = None
    description: str | None = None


class TemplateDTO(WireModel):
    id: uuid.UUID
    key: str
    revision: int
    status: TemplateStatus
    name: str
    description: str
    category: str | None = None
    tags: list[str] = Field(default_factory=list)
    lifecycle_key: str | None = None
    lifecycle_id: uuid.UUID | None = None
    tasks: list[TemplateTaskDTO] = Field(default_factory=list)
    dependencies: list[TemplateLinkDTO] = Field(default_factory=list)
    raid: RaidDefaultsDTO
    deliverables: list[TemplateDeliverableDTO] = Field(default_factory=list)
    standard_keys: list[str] = Field(default_factory=list)
    published_at: datetime | None = None
    retired_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    version: int


# --- the blueprint's parts, as written ---------------------------------------------------


class TaskConstraintIn(InputModel):
    type: ConstraintType
    offset_days: int | None = None


class TemplateTaskIn(InputModel):
    key: str
    name: str
    parent_key: str | None = None
    duration_days: Decimal = Decimal(0)
    milestone: bool = False
    constraint: TaskConstraintIn | None = None


class TemplateLinkIn(InputModel):
    predecessor_key: str
    successor_key: str
    type: LinkType = LinkType.FS
    lag_days: Decimal = Decimal(0)


class TemplateRiskIn(InputModel):
    title: str
    description: str | None = None
    probability: int
    impact: int
    owner_role: str | None = None
    response_strategy: ResponseStrategy | None = None
    mitigation: str | None = None


class TemplateAssumptionIn(InputModel):
    title: str
    description: str | None = None
    owner_role: str | None = None


class TemplateIssueIn(InputModel):
    title: str
    description: str | None = None
    severity: Severity = Severity.medium
    owner_role: str | None = None


class RaidDefaultsIn(InputModel):
    risks: list[TemplateRiskIn] = Field(default_factory=list)
    assumptions: list[TemplateAssumptionIn] = Field(default_factory=list)
    issues: list[TemplateIssueIn] = Field(default_factory=list)


class TemplateDeliverableIn(InputModel):
    key: str
    name: str
    phase: str | None = None
    description: str | None = None


class TemplateCreate(InputModel):
    key: str
    name: str
    description: str = ""
    category: str | None = None
    tags: list[str] = Field(default_factory=list)
    lifecycle_key: str | None = None
    lifecycle_id: uuid.UUID | None = None
    tasks: list[TemplateTaskIn] = Field(default_factory=list)
    dependencies: list[TemplateLinkIn] = Field(default_factory=list)
    raid: RaidDefaultsIn = Field(default_factory=RaidDefaultsIn)
    deliverables: list[TemplateDeliverableIn] = Field(default_factory=list)
    standard_keys: list[str] = Field(default_factory=list)


class TemplateUpdate(InputModel):
    name: str | None = None
    description: str | None = None
    category: str | None = None
    tags: list[str] | None = None
    lifecycle_key: str | None = None
    lifecycle_id: uuid.UUID | None = None
    tasks: list[TemplateTaskIn] | None = None
    dependencies: list[TemplateLinkIn] | None = None
    raid: RaidDefaultsIn | None = None
    deliverables: list[TemplateDeliverableIn] | None = None
    standard_keys: list[str] | None = None


# --- instantiation -----------------------------------------------------------------------


class InstantiationCreate(InputModel):
    name: str
    code: str | None = None
    start_date: date
    manager: str
    portfolio_id: uuid.UUID
    sponsor: str | None = None


class InstantiatedProjectDTO(WireModel):
    id: uuid.UUID
    code: str
    name: str
    phase: str | None = None


class LessonSuggestionDTO(WireModel):
    id: uuid.UUID
    title: str
    recommendation: str | None = None
    category: str | None = None
    tags: list[str] = Field(default_factory=list)
    score: float


class InstantiationRecordDTO(WireModel):
    id: uuid.UUID
    template_id: uuid.UUID
    template_key: str
    template_revision: int
    project: InstantiatedProjectDTO
    lifecycle_id: uuid.UUID | None = None
    instantiated_by: str
    instantiated_at: datetime


class InstantiationDTO(InstantiationRecordDTO):
    lessons: list[LessonSuggestionDTO] = Field(default_factory=list)


ALL = "/v1/templates"
ONE = "/v1/templates/{template_id}"
LIST_TEMPLATES = Operation("list_templates", "GET", ALL, Page[TemplateDTO])
GET_TEMPLATE = Operation("get_template", "GET", ONE, TemplateDTO)
CREATE_TEMPLATE = Operation("create_template", "POST", ALL, TemplateDTO, body=TemplateCreate)
UPDATE_TEMPLATE = Operation("update_template", "PATCH", ONE, TemplateDTO, body=TemplateUpdate)
PUBLISH_TEMPLATE = Operation("publish_template", "POST", ONE + "/publish", TemplateDTO)
RETIRE_TEMPLATE = Operation("retire_template", "POST", ONE + "/retire", TemplateDTO)
REVISE_TEMPLATE = Operation("create_template_revision", "POST", ONE + "/revisions", TemplateDTO)
INSTANTIATE_TEMPLATE = Operation(
    "instantiate_template",
    "POST",
    ONE + "/instantiations",
    InstantiationDTO,
    body=InstantiationCreate,
)
LIST_INSTANTIATIONS = Operation(
    "list_template_instantiations", "GET", ONE + "/instantiations", Page[InstantiationRecordDTO]
)


class TemplateEndpoints(TypedClient):
    async def list_templates(
        self,
        *,
        status: TemplateStatus | None = None,
        key: str | None = None,
        category: str | None = None,
        tag: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[TemplateDTO]:
        params = page_params(
            limit,
            cursor,
            status=status.value if status else None,
            key=key,
            category=category,
            tag=tag,
        )
        return await self.fetch(LIST_TEMPLATES, params=params)

    async def templates_by_ids(self, ids: list[uuid.UUID]) -> list[TemplateDTO]:
        return await self.fetch_in_batches(LIST_TEMPLATES, "ids", ids)

    async def get_template(self, template_id: uuid.UUID) -> TemplateDTO:
        return await self.fetch(GET_TEMPLATE, path={"template_id": template_id})

    async def create_template(
        self, data: TemplateCreate, *, idempotency_key: str | None = None
    ) -> TemplateDTO:
        return await self.send(CREATE_TEMPLATE, data, idempotency_key=idempotency_key)

    async def update_template(
        self,
        template_id: uuid.UUID,
        data: TemplateUpdate,
        *,
        expected_version: int | None = None,
    ) -> TemplateDTO:
        return await self.send(
            UPDATE_TEMPLATE,
            data,
            path={"template_id": template_id},
            expected_version=expected_version,
        )

    async def publish_template(
        self,
        template_id: uuid.UUID,
        *,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> TemplateDTO:
        return await self.send(
            PUBLISH_TEMPLATE,
            path={"template_id": template_id},
            expected_version=expected_version,
            idempotency_key=idempotency_key,
        )

    async def retire_template(
        self,
        template_id: uuid.UUID,
        *,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> TemplateDTO:
        return await self.send(
            RETIRE_TEMPLATE,
            path={"template_id": template_id},
            expected_version=expected_version,
            idempotency_key=idempotency_key,
        )

    async def create_template_revision(
        self, template_id: uuid.UUID, *, idempotency_key: str | None = None
    ) -> TemplateDTO:
        return await self.send(
            REVISE_TEMPLATE, path={"template_id": template_id}, idempotency_key=idempotency_key
        )

    async def instantiate_template(
        self,
        template_id: uuid.UUID,
        data: InstantiationCreate,
        *,
        idempotency_key: str | None = None,
    ) -> InstantiationDTO:
        return await self.send(
            INSTANTIATE_TEMPLATE,
            data,
            path={"template_id": template_id},
            idempotency_key=idempotency_key,
        )

    async def list_template_instantiations(
        self, template_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[InstantiationRecordDTO]:
        return await self.fetch(
            LIST_INSTANTIATIONS,
            path={"template_id": template_id},
            params=page_params(limit, cursor),
        )


__all__ = [
    "InstantiationCreate",
    "InstantiationDTO",
    "TemplateCreate",
    "TemplateDTO",
    "TemplateEndpoints",
    "TemplateStatus",
    "TemplateUpdate",
]
