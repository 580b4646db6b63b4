"""The four RAID kinds, each a model plus its schemas: the one generic repository, service
and router read everything kind-specific from here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement

from services.projects.models import Assumption, Decision, Issue, Risk
from services.projects.raid import schemas


@dataclass(frozen=True)
class Computed:
    """A value derived from the row: as SQL for reads, in Python after writes."""

    name: str
    sql: ColumnElement[Any]
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class RaidKind:
    singular: str  # risk: operation ids (create_risk) and messages
    plural: str  # risks: paths (/v1/risks) and list operation ids
    model: type[Any]
    statuses: type[StrEnum]
    create: type[BaseModel]
    update: type[BaseModel]
    read: type[BaseModel]
    computed: tuple[Computed, ...] = ()

    @property
    def label(self) -> str:
        return self.singular.capitalize()

    def as_read(self, entity: Any) -> dict[str, Any]:
        row = {column.key: getattr(entity, column.key) for column in self.model.__table__.c}
        row.update({c.name: c.value(entity) for c in self.computed})
        return row


RISKS = RaidKind(
    "risk",
    "risks",
    Risk,
    schemas.RiskStatus,
    schemas.RiskCreate,
    schemas.RiskUpdate,
    schemas.RiskRead,
    computed=(
        Computed("score", Risk.probability * Risk.impact, lambda r: r.probability * r.impact),
    ),
)
ISSUES = RaidKind(
    "issue",
    "issues",
    Issue,
    schemas.IssueStatus,
    schemas.IssueCreate,
    schemas.IssueUpdate,
    schemas.IssueRead,
)
ASSUMPTIONS = RaidKind(
    "assumption",
    "assumptions",
    Assumption,
    schemas.AssumptionStatus,
    schemas.AssumptionCreate,
    schemas.AssumptionUpdate,
    schemas.AssumptionRead,
)
DECISIONS = RaidKind(
    "decision",
    "decisions",
    Decision,
    schemas.DecisionStatus,
    schemas.DecisionCreate,
    schemas.DecisionUpdate,
    schemas.DecisionRead,
)
KINDS = (RISKS, ISSUES, ASSUMPTIONS, DECISIONS)
