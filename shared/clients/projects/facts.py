"""A project's facts (projects service): everything governance rules read about one project,
in one response: its fields, its plan with computed dates and floats, its current baseline,
a RAID summary, its last status update and the result of the critical path test.

Rules are pure functions over these DTOs (services/governance/rules), so the shape here is
the contract between the two services; the contract test keeps it equal to the projects
service's OpenAPI document.

Times in the plan are project-local instants without an offset (``LocalDateTime``), as
everywhere in the projects service's planning fields (``created_at`` and ``updated_at`` are
UTC instants); durations, lags and floats are in working days of the
project calendar.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from shared.clients import Operation, TypedClient, WireModel
from shared.fields import LocalDateTime


class FactTask(WireModel):
    id: uuid.UUID
    parent_id: uuid.UUID | None = None
    wbs_code: str | None = None
    name: str
    is_summary: bool
    is_milestone: bool
    duration_days: Decimal
    percent_complete: Decimal
    constraint_type: str
    constraint_date: LocalDateTime | None = None
    early_start: LocalDateTime | None = None
    early_finish: LocalDateTime | None = None
    late_start: LocalDateTime | None = None
    late_finish: LocalDateTime | None = None
    total_float_days: Decimal | None = None
    critical: bool
    actual_start: LocalDateTime | None = None
    actual_finish: LocalDateTime | None = None
    cost: Decimal | None = None
    # From the project's current (latest) baseline; null when the task is not in it.
    baseline_start: LocalDateTime | None = None
    baseline_finish: LocalDateTime | None = None
    baseline_duration_days: Decimal | None = None
    baseline_cost: Decimal | None = None


class FactLink(WireModel):
    id: uuid.UUID
    predecessor_id: uuid.UUID
    successor_id: uuid.UUID
    type: str  # FS, SS, FF, SF
    lag_days: Decimal  # negative: a lead


class FactBaseline(WireModel):
    id: uuid.UUID
    number: int
    name: str | None = None
    created_at: datetime
    project_finish: LocalDateTime | None = None
    total_cost: Decimal | None = None


class FactRisk(WireModel):
    id: uuid.UUID
    title: str
    status: str
    probability: int
    impact: int
    score: int  # probability * impact
    owner: str | None = None
    response_strategy: str | None = None
    mitigation: str | None = None
    # The last change to the entry: a review is recorded by updating the risk.
    updated_at: datetime


class FactRaidCounts(WireModel):
    open_risks: int
    open_issues: int
    assumptions: int
    decisions: int


class FactStatusUpdate(WireModel):
    id: uuid.UUID
    as_of: date
    overall_rag: str
    created_at: datetime


class CriticalPathTest(WireModel):
    """DCMA check 12: the engine reschedules a copy of the plan with one critical task made
    ``added_days`` longer; the project's finish must move by as much."""

    task_id: uuid.UUID
    added_days: Decimal
    finish_before: LocalDateTime
    finish_after: LocalDateTime
    finish_delta_days: Decimal


class ProjectFactsDTO(WireModel):
    project_id: uuid.UUID
    portfolio_id: uuid.UUID | None = None
    code: str
    name: str
    description: str | None = None
    status: str
    phase: str | None = None
    sponsor: str | None = None
    manager: str | None = None
    priority: str
    tags: list[str]
    start_date: date | None = None
    target_date: date | None = None
    budget: Decimal | None = None
    currency: str | None = None
    status_date: date | None = None
    deadline: date | None = None
    scheduled_start: LocalDateTime | None = None
    scheduled_finish: LocalDateTime | None = None
    # Working days (project calendar) from the status date (else the project start) to the
    # scheduled finish: the critical path length of DCMA's CPLI.
    critical_path_length_days: Decimal | None = None
    # Working days the scheduled finish lies after the current baseline's finish (negative:
    # earlier); null without a baseline.
    finish_variance_days: Decimal | None = None
    # The day the facts were read in the project's terms: the status date if set, else today.
    as_of: date
    tasks: list[FactTask]
    links: list[FactLink]
    baseline: FactBaseline | None = None
    baseline_count: int
    risks: list[FactRisk]
    raid: FactRaidCounts
    last_status_update: FactStatusUpdate | None = None
    critical_path_test: CriticalPathTest | None = None


class ProjectFactsBatchDTO(WireModel):
    items: list[ProjectFactsDTO]


GET_PROJECT_FACTS = Operation(
    "get_project_facts", "GET", "/v1/projects/{project_id}/facts", ProjectFactsDTO
)
LIST_PROJECT_FACTS = Operation(
    "list_project_facts", "GET", "/v1/project-facts", ProjectFactsBatchDTO
)

# Most projects a batch facts read takes at once (each carries its whole plan).
FACTS_BATCH = 50


class FactEndpoints(TypedClient):
    async def project_facts(self, project_id: uuid.UUID) -> ProjectFactsDTO:
        return await self.fetch(GET_PROJECT_FACTS, path={"project_id": project_id})

    async def facts_of_projects(self, project_ids: list[uuid.UUID]) -> list[ProjectFactsDTO]:
        """Facts of many projects, ``FACTS_BATCH`` per request; unknown or unreadable ids
        are left out of the answer."""
        items: list[ProjectFactsDTO] = []
        for start in range(0, len(project_ids), FACTS_BATCH):
            chunk = project_ids[start : start + FACTS_BATCH]
            params = {"project_ids": ",".join(str(i) for i in chunk)}
            batch = await self.fetch(LIST_PROJECT_FACTS, params=params)
            items.extend(batch.items)
        return items
