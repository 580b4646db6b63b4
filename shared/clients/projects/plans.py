"""A project created with its whole plan in one transaction (projects service): what
template instantiation sends. Tasks are named by keys the caller chooses; the answer maps
each key to the new task's id."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import Field

from shared.clients import InputModel, Operation, TypedClient, WireModel
from shared.clients.projects.planning import LinkType
from shared.clients.projects.projects import ProjectCreate, ProjectDTO
from shared.clients.projects.records import (
    AssumptionCreate,
    DecisionCreate,
    IssueCreate,
    RiskCreate,
)
from shared.clients.projects.tasks import ConstraintType
from shared.fields import LocalDateTimeIn

# The most one request takes (the service answers 422 beyond).
MAX_PLAN_TASKS = 2000
MAX_PLAN_LINKS = 5000
MAX_PLAN_RAID_ENTRIES = 200


class PlanTask(InputModel):
    key: str
    name: str
    parent_key: str | None = None
    duration_days: Decimal
    milestone: bool | None = None
    constraint_type: ConstraintType = ConstraintType.ASAP
    constraint_date: LocalDateTimeIn | None = None
    deadline: date | None = None


class PlanLink(InputModel):
    predecessor_key: str
    successor_key: str
    type: LinkType = LinkType.FS
    lag_days: Decimal = Decimal(0)


class PlanRaid(InputModel):
    risks: list[RiskCreate] = Field(default_factory=list)
    issues: list[IssueCreate] = Field(default_factory=list)
    assumptions: list[AssumptionCreate] = Field(default_factory=list)
    decisions: list[DecisionCreate] = Field(default_factory=list)


class ProjectPlanCreate(ProjectCreate):
    phase: str | None = None
    tasks: list[PlanTask] = Field(default_factory=list)
    dependencies: list[PlanLink] = Field(default_factory=list)
    raid: PlanRaid = Field(default_factory=PlanRaid)


class PlanCountsDTO(WireModel):
    tasks: int
    dependencies: int
    risks: int
    issues: int
    assumptions: int
    decisions: int


class ProjectPlanDTO(WireModel):
    project: ProjectDTO
    task_ids: dict[str, uuid.UUID]
    counts: PlanCountsDTO


CREATE_PROJECT_PLAN = Operation(
    "create_project_plan", "POST", "/v1/project-plans", ProjectPlanDTO, body=ProjectPlanCreate
)


class PlanEndpoints(TypedClient):
    async def create_project_plan(
        self, data: ProjectPlanCreate, *, idempotency_key: str | None = None
    ) -> ProjectPlanDTO:
        """One transaction: all of it or nothing. Pass an ``idempotency_key`` so a retry
        answers the same project (a concurrent duplicate gets a 409 while the first runs)."""
        return await self.send(CREATE_PROJECT_PLAN, data, idempotency_key=idempotency_key)
