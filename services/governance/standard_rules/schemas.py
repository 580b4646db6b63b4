"""A rule of a standard as the API reads and writes it. The parameters are checked against
the kind's own schema in the service (the kind decides what they are), so here they are
only a JSON object."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from services.governance.rules.base import Category, Severity
from shared.clients.projects.projects import ProjectStatus

MAX_SCOPE_VALUES = 100
ScopeText = Annotated[str, Field(min_length=1, max_length=64)]
Phase = Annotated[str, Field(min_length=1, max_length=80)]
Weight = Annotated[
    Decimal,
    Field(
        gt=0,
        max_digits=9,
        decimal_places=3,
        description="How much the rule counts in the score (positive, up to 3 decimals).",
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RuleScope(_Strict):
    """Which projects the rule applies to: every list that is not empty must match (a
    project with none of the listed tags is out of scope); an empty list means any."""

    portfolio_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_SCOPE_VALUES)
    project_statuses: list[ProjectStatus] = Field(default_factory=list, max_length=MAX_SCOPE_VALUES)
    phases: list[Phase] = Field(default_factory=list, max_length=MAX_SCOPE_VALUES)
    tags: list[ScopeText] = Field(default_factory=list, max_length=MAX_SCOPE_VALUES)


class RuleCreate(_Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"kind": "required_field", "params": {"field": "sponsor"}, "severity": "major"}
            ]
        }
    )

    kind: str = Field(min_length=1, max_length=80, description="A name from GET /v1/rule-kinds.")
    params: dict[str, Any] = Field(
        default_factory=dict, description="The kind's parameters (its `params_schema`)."
    )
    severity: Severity = Severity.major
    weight: Weight = Decimal(1)
    scope: RuleScope = Field(default_factory=RuleScope)
    title: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=10_000)


class RuleUpdate(_Strict):
    kind: str | None = Field(default=None, min_length=1, max_length=80)
    params: dict[str, Any] | None = None
    severity: Severity | None = None
    weight: Weight | None = None
    scope: RuleScope | None = None
    title: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=10_000)


class RuleScopeRead(BaseModel):
    portfolio_ids: list[uuid.UUID]
    project_statuses: list[ProjectStatus]
    phases: list[str]
    tags: list[str]


class RuleRead(BaseModel):
    id: uuid.UUID
    standard_id: uuid.UUID
    position: int = Field(description="The rule's place in its revision (1, 2, ...).")
    kind: str
    params: dict[str, Any]
    severity: Severity
    weight: float
    scope: RuleScopeRead
    title: str | None
    description: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class RuleKindRead(BaseModel):
    name: str
    title: str
    description: str
    category: Category
    example: dict[str, Any] = Field(description="Parameters that make a valid rule.")
    params_schema: dict[str, Any] = Field(description="JSON Schema of the kind's parameters.")


class RuleKindList(BaseModel):
    items: list[RuleKindRead]


class RulePage(BaseModel):
    """One standard's first page of rules in a batch read; ``next_cursor`` continues it in
    the standard's own list."""

    standard_id: uuid.UUID
    items: list[RuleRead]
    next_cursor: str | None = None


class RulePagesByStandard(BaseModel):
    items: list[RulePage]
