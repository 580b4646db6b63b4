"""A project created with its whole plan in one request (template instantiation): tasks and
links named by keys the request chooses, and the RAID log's first entries."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated, Self

from pydantic import BaseModel, Field, model_validator

from services.projects.engine import ConstraintType, LinkType
from services.projects.projects.schemas import ProjectCreate, ProjectRead
from services.projects.raid.schemas import (
    AssumptionCreate,
    DecisionCreate,
    IssueCreate,
    RiskCreate,
)
from services.projects.schemas_common import StrictModel
from services.projects.tasks.progress import as_instant
from services.projects.tasks.schemas import DATED_CONSTRAINTS
from shared.fields import LocalDateTimeIn

MAX_TASKS = 2000
MAX_LINKS = 5000
MAX_RAID_ENTRIES = 200

Key = Annotated[
    str, Field(min_length=1, max_length=100, description="Names the task within the request")
]


class PlanTask(StrictModel):
    key: Key
    name: str = Field(min_length=1, max_length=300)
    parent_key: Key | None = Field(
        default=None, description="The summary task it belongs to (anywhere in the list)"
    )
    duration_days: Decimal = Field(ge=0, max_digits=10, decimal_places=2)
    milestone: bool | None = Field(default=None, description="null: a milestone iff duration 0")
    constraint_type: ConstraintType = ConstraintType.ASAP
    constraint_date: LocalDateTimeIn | None = None
    deadline: date | None = None

    @model_validator(mode="after")
    def _dated_constraint(self) -> Self:
        if self.constraint_type in DATED_CONSTRAINTS and self.constraint_date is None:
            raise ValueError(f"constraint_type {self.constraint_type} needs a constraint_date")
        self.constraint_date = as_instant(self.constraint_date)
        return self


class PlanLink(StrictModel):
    predecessor_key: Key
    successor_key: Key
    type: LinkType = LinkType.FS
    lag_days: Decimal = Field(
        default=Decimal(0),
        max_digits=10,
        decimal_places=2,
        description="Working days; negative is a lead.",
    )


class PlanRaid(StrictModel):
    """The RAID log's first entries (``task_ids`` stay empty: the tasks have no ids yet)."""

    risks: list[RiskCreate] = Field(default_factory=list, max_length=MAX_RAID_ENTRIES)
    issues: list[IssueCreate] = Field(default_factory=list, max_length=MAX_RAID_ENTRIES)
    assumptions: list[AssumptionCreate] = Field(default_factory=list, max_length=MAX_RAID_ENTRIES)
    decisions: list[DecisionCreate] = Field(default_factory=list, max_length=MAX_RAID_ENTRIES)

    @model_validator(mode="after")
    def _at_most(self) -> Self:
        total = len(self.risks) + len(self.issues) + len(self.assumptions) + len(self.decisions)
        if total > MAX_RAID_ENTRIES:
            raise ValueError(f"at most {MAX_RAID_ENTRIES} RAID entries in all, not {total}")
        return self


class ProjectPlanCreate(ProjectCreate):
    phase: str | None = Field(
        default=None,
        min_length=1,
        max_length=80,
        description="The starting phase (of the template's lifecycle); afterwards only gate "
        "reviews move it",
    )
    tasks: list[PlanTask] = Field(default_factory=list, max_length=MAX_TASKS)
    dependencies: list[PlanLink] = Field(default_factory=list, max_length=MAX_LINKS)
    raid: PlanRaid = Field(default_factory=PlanRaid)


class PlanCounts(BaseModel):
    tasks: int
    dependencies: int
    risks: int
    issues: int
    assumptions: int
    decisions: int


class ProjectPlanRead(BaseModel):
    project: ProjectRead
    task_ids: dict[str, uuid.UUID] = Field(description="Each task's key -> its new id")
    counts: PlanCounts
