"""Rules of standards and the rule kinds they name (governance service)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import Field

from shared.clients import InputModel, Operation, TypedClient, WireModel, chunks, join_ids
from shared.clients import page_params as paging
from shared.clients.projects.projects import ProjectStatus
from shared.pagination import Page


class Severity(StrEnum):
    info = "info"
    minor = "minor"
    major = "major"
    critical = "critical"


class RuleKindCategory(StrEnum):
    governance = "governance"
    dcma = "dcma"


class RuleScopeDTO(WireModel):
    portfolio_ids: list[uuid.UUID]
    project_statuses: list[ProjectStatus]
    phases: list[str]
    tags: list[str]


class RuleDTO(WireModel):
    id: uuid.UUID
    standard_id: uuid.UUID
    position: int
    kind: str
    params: dict[str, Any]
    severity: Severity
    weight: float
    scope: RuleScopeDTO
    title: str | None = None
    description: str | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class RuleKindDTO(WireModel):
    name: str
    title: str
    description: str
    category: RuleKindCategory
    example: dict[str, Any]
    params_schema: dict[str, Any]


class RuleKindsDTO(WireModel):
    items: list[RuleKindDTO]


class RulePageDTO(WireModel):
    standard_id: uuid.UUID
    items: list[RuleDTO]
    next_cursor: str | None = None


class RulePagesDTO(WireModel):
    items: list[RulePageDTO]


class RuleScopeInput(InputModel):
    portfolio_ids: list[uuid.UUID] = Field(default_factory=list)
    project_statuses: list[ProjectStatus] = Field(default_factory=list)
    phases: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)


class RuleCreate(InputModel):
    kind: str
    params: dict[str, Any] = Field(default_factory=dict)
    severity: Severity = Severity.major
    weight: Decimal = Decimal(1)
    scope: RuleScopeInput = Field(default_factory=RuleScopeInput)
    title: str | None = None
    description: str | None = None


class RuleUpdate(InputModel):
    kind: str | None = None
    params: dict[str, Any] | None = None
    severity: Severity | None = None
    weight: Decimal | None = None
    scope: RuleScopeInput | None = None
    title: str | None = None
    description: str | None = None


RULES = "/v1/standards/{standard_id}/rules"
ONE_RULE = RULES + "/{rule_id}"
LIST_RULE_KINDS = Operation("list_rule_kinds", "GET", "/v1/rule-kinds", RuleKindsDTO)
CREATE_RULE = Operation("create_standard_rule", "POST", RULES, RuleDTO, body=RuleCreate)
LIST_RULES = Operation("list_standard_rules", "GET", RULES, Page[RuleDTO])
LIST_FIRST_RULE_PAGES = Operation(
    "list_first_standard_rule_pages", "GET", "/v1/standard-rules/first-pages", RulePagesDTO
)
GET_RULE = Operation("get_standard_rule", "GET", ONE_RULE, RuleDTO)
UPDATE_RULE = Operation("update_standard_rule", "PATCH", ONE_RULE, RuleDTO, body=RuleUpdate)
DELETE_RULE: Operation[Any] = Operation("delete_standard_rule", "DELETE", ONE_RULE, None)


class RuleEndpoints(TypedClient):
    async def list_rule_kinds(self) -> list[RuleKindDTO]:
        return (await self.fetch(LIST_RULE_KINDS)).items

    async def list_standard_rules(
        self, standard_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[RuleDTO]:
        return await self.fetch(
            LIST_RULES, path={"standard_id": standard_id}, params=paging(limit, cursor)
        )

    async def rules_by_standard(
        self, standard_ids: list[uuid.UUID], *, limit: int
    ) -> dict[uuid.UUID, RulePageDTO]:
        """The first ``limit`` rules of each standard, one call per 500 standards."""
        pages: dict[uuid.UUID, RulePageDTO] = {}
        for batch in chunks(standard_ids):
            params = paging(limit, None, standard_ids=join_ids(batch))
            answer = await self.fetch(LIST_FIRST_RULE_PAGES, params=params)
            pages.update((page.standard_id, page) for page in answer.items)
        return pages

    async def get_standard_rule(self, standard_id: uuid.UUID, rule_id: uuid.UUID) -> RuleDTO:
        return await self.fetch(GET_RULE, path={"standard_id": standard_id, "rule_id": rule_id})

    async def create_standard_rule(
        self, standard_id: uuid.UUID, data: RuleCreate, *, idempotency_key: str | None = None
    ) -> RuleDTO:
        return await self.send(
            CREATE_RULE, data, path={"standard_id": standard_id}, idempotency_key=idempotency_key
        )

    async def update_standard_rule(
        self,
        standard_id: uuid.UUID,
        rule_id: uuid.UUID,
        data: RuleUpdate,
        *,
        expected_version: int | None = None,
    ) -> RuleDTO:
        path = {"standard_id": standard_id, "rule_id": rule_id}
        return await self.send(UPDATE_RULE, data, path=path, expected_version=expected_version)

    async def delete_standard_rule(
        self, standard_id: uuid.UUID, rule_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        path = {"standard_id": standard_id, "rule_id": rule_id}
        await self.send_no_content(DELETE_RULE, path=path, expected_version=expected_version)


__all__ = [
    "RuleCreate",
    "RuleDTO",
    "RuleEndpoints",
    "RuleKindDTO",
    "RulePageDTO",
    "RuleScopeDTO",
    "RuleScopeInput",
    "RuleUpdate",
    "Severity",
]
