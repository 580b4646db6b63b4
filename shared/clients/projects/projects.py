"""Projects (projects service): reads one by one, in pages, in batches by id and by
portfolio, and the writes."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field

from shared.clients import InputModel, Operation, TypedClient, WireModel, chunks, join_ids
from shared.clients import page_params as paging
from shared.fields import LocalDateTime, MoneyIn
from shared.pagination import Page


# Shared with the projects service's own schemas (one vocabulary on both sides).
class ProjectStatus(StrEnum):
    proposed = "proposed"
    approved = "approved"
    active = "active"
    on_hold = "on_hold"
    completed = "completed"
    cancelled = "cancelled"


class Priority(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class ProgressMode(StrEnum):
    ms_project = "ms_project"
    data_date = "data_date"


class ProjectDTO(WireModel):
    id: uuid.UUID
    portfolio_id: uuid.UUID | None = None
    program_id: uuid.UUID | None = None
    code: str
    name: str
    description: str | None = None
    status: ProjectStatus
    # The lifecycle phase: moved only by the governance service, through gate reviews.
    phase: str | None = None
    sponsor: str | None = None
    manager: str | None = None
    start_date: date | None = None
    target_date: date | None = None
    budget: Decimal | None = None
    currency: str | None = None
    priority: Priority = Priority.medium
    tags: list[str] = Field(default_factory=list)
    # Scheduling settings and the computed project dates.
    calendar_id: uuid.UUID | None = None
    status_date: date | None = None
    deadline: date | None = None
    critical_threshold_days: Decimal
    # How progress moves the plan (data_date or ms_project) and MS Project's options.
    progress_mode: ProgressMode = ProgressMode.data_date
    move_completed_ends_back: bool = False
    move_remaining_starts_back: bool = False
    move_remaining_starts_forward: bool = False
    move_completed_ends_forward: bool = False
    split_in_progress_tasks: bool = True
    scheduled_start: LocalDateTime | None = None
    scheduled_finish: LocalDateTime | None = None
    created_at: datetime
    updated_at: datetime
    version: int
    # Set while the project is archived (deleted; seen only by admin and pmo).
    archived_at: datetime | None = None
    archived_by: str | None = None


class ProjectPageByPortfolioDTO(WireModel):
    """One portfolio's first page of projects, as the batch endpoint answers it."""

    portfolio_id: uuid.UUID
    items: list[ProjectDTO]
    next_cursor: str | None = None


class ProjectsByPortfolioDTO(WireModel):
    items: list[ProjectPageByPortfolioDTO]


class ProjectPageByProgramDTO(WireModel):
    """One program's first page of projects, as the batch endpoint answers it."""

    program_id: uuid.UUID
    items: list[ProjectDTO]
    next_cursor: str | None = None


class ProjectsByProgramDTO(WireModel):
    items: list[ProjectPageByProgramDTO]


class ProjectCreate(InputModel):
    portfolio_id: uuid.UUID | None = None
    program_id: uuid.UUID | None = None
    code: str
    name: str
    description: str | None = None
    sponsor: str | None = None
    manager: str | None = None
    start_date: date | None = None
    target_date: date | None = None
    budget: MoneyIn | None = None
    currency: str | None = None
    priority: Priority = Priority.medium
    tags: list[str] = Field(default_factory=list)


class ProjectUpdate(InputModel):
    ignored_fields: ClassVar[Mapping[str, str]] = {
        "phase": "the service refuses it: phases move through gate reviews (set_project_phase)"
    }

    portfolio_id: uuid.UUID | None = None
    program_id: uuid.UUID | None = None
    name: str | None = None
    description: str | None = None
    status: ProjectStatus | None = None
    sponsor: str | None = None
    manager: str | None = None
    start_date: date | None = None
    target_date: date | None = None
    budget: MoneyIn | None = None
    currency: str | None = None
    priority: Priority | None = None
    tags: list[str] | None = None


class ProjectPhaseChange(InputModel):
    """A gate review's decision, sent by the governance service as itself (the
    ``governance-service`` role; see shared/service_identity.py)."""

    phase: str
    status: ProjectStatus | None = None
    gate_review_id: uuid.UUID | None = None
    note: str | None = None


ONE = "/v1/projects/{project_id}"
CREATE_PROJECT = Operation("create_project", "POST", "/v1/projects", ProjectDTO, body=ProjectCreate)
LIST_PROJECTS = Operation("list_projects", "GET", "/v1/projects", Page[ProjectDTO])
LIST_PROJECTS_BY_PORTFOLIO = Operation(
    "list_projects_by_portfolio", "GET", "/v1/projects/first-pages", ProjectsByPortfolioDTO
)
LIST_PROJECTS_BY_PROGRAM = Operation(
    "list_projects_by_program", "GET", "/v1/projects/first-pages-by-program", ProjectsByProgramDTO
)
GET_PROJECT = Operation("get_project", "GET", ONE, ProjectDTO)
UPDATE_PROJECT = Operation("update_project", "PATCH", ONE, ProjectDTO, body=ProjectUpdate)
DELETE_PROJECT: Operation[Any] = Operation("delete_project", "DELETE", ONE, None)
RESTORE_PROJECT = Operation("restore_project", "POST", ONE + "/restore", ProjectDTO)
PURGE_PROJECT: Operation[Any] = Operation("purge_project", "POST", ONE + "/purge", None)
SET_PROJECT_PHASE = Operation(
    "set_project_phase", "POST", ONE + "/phase", ProjectDTO, body=ProjectPhaseChange
)


def _statuses(status: list[ProjectStatus] | None) -> list[str] | None:
    return [s.value for s in status] if status else None


class ProjectEndpoints(TypedClient):
    async def create_project(
        self, data: ProjectCreate, *, idempotency_key: str | None = None
    ) -> ProjectDTO:
        return await self.send(CREATE_PROJECT, data, idempotency_key=idempotency_key)

    async def get_project(self, project_id: uuid.UUID) -> ProjectDTO:
        return await self.fetch(GET_PROJECT, path={"project_id": project_id})

    async def list_projects(
        self,
        *,
        portfolio_id: uuid.UUID | None = None,
        program_id: uuid.UUID | None = None,
        status: list[ProjectStatus] | None = None,
        tag: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[ProjectDTO]:
        params = paging(
            limit,
            cursor,
            portfolio_id=str(portfolio_id) if portfolio_id else None,
            program_id=str(program_id) if program_id else None,
            status=_statuses(status),
            tag=tag,
            q=q,
            sort=sort,
        )
        return await self.fetch(LIST_PROJECTS, params=params)

    async def projects_by_portfolio(
        self,
        portfolio_ids: list[uuid.UUID],
        *,
        limit: int,
        status: list[ProjectStatus] | None = None,
    ) -> dict[uuid.UUID, ProjectPageByPortfolioDTO]:
        """The first ``limit`` projects of each portfolio, in one call per 500 portfolios."""
        pages: dict[uuid.UUID, ProjectPageByPortfolioDTO] = {}
        for batch in chunks(portfolio_ids):
            params = paging(limit, None, portfolio_ids=join_ids(batch), status=_statuses(status))
            answer = await self.fetch(LIST_PROJECTS_BY_PORTFOLIO, params=params)
            pages.update((page.portfolio_id, page) for page in answer.items)
        return pages

    async def projects_by_program(
        self, program_ids: list[uuid.UUID], *, limit: int
    ) -> dict[uuid.UUID, ProjectPageByProgramDTO]:
        """The first ``limit`` projects of each program, in one call per 500 programs; each
        ``next_cursor`` continues in :meth:`list_projects` with ``program_id``."""
        pages: dict[uuid.UUID, ProjectPageByProgramDTO] = {}
        for batch in chunks(program_ids):
            params = paging(limit, None, program_ids=join_ids(batch))
            answer = await self.fetch(LIST_PROJECTS_BY_PROGRAM, params=params)
            pages.update((page.program_id, page) for page in answer.items)
        return pages

    async def projects_by_ids(self, ids: list[uuid.UUID]) -> list[ProjectDTO]:
        """Batch read; projects the caller may not see are absent, like missing ones."""
        return await self.fetch_in_batches(LIST_PROJECTS, "ids", ids)

    async def update_project(
        self, project_id: uuid.UUID, data: ProjectUpdate, *, expected_version: int | None = None
    ) -> ProjectDTO:
        return await self.send(
            UPDATE_PROJECT, data, path={"project_id": project_id}, expected_version=expected_version
        )

    async def set_project_phase(
        self,
        project_id: uuid.UUID,
        change: ProjectPhaseChange,
        *,
        expected_version: int | None = None,
    ) -> ProjectDTO:
        """Only with the governance service's own token (``identity.acting()``)."""
        return await self.send(
            SET_PROJECT_PHASE,
            change,
            path={"project_id": project_id},
            expected_version=expected_version,
        )

    async def delete_project(
        self, project_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        await self.send_no_content(
            DELETE_PROJECT, path={"project_id": project_id}, expected_version=expected_version
        )

    async def restore_project(
        self, project_id: uuid.UUID, *, expected_version: int | None = None
    ) -> ProjectDTO:
        """An archived (deleted) project back (admin, pmo)."""
        return await self.send(
            RESTORE_PROJECT, path={"project_id": project_id}, expected_version=expected_version
        )

    async def purge_project(
        self, project_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        """Erase an archived project for good (admin), once its retention period passed."""
        await self.send_no_content(
            PURGE_PROJECT, path={"project_id": project_id}, expected_version=expected_version
        )
