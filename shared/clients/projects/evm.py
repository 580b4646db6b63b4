"""Earned value (projects service): a project's, a program's and a portfolio's at a status
date, and the metrics batch that health and snapshots read.

Money is a decimal string rounded to the cent, indices to six places, working days to
four. ``status_date`` None asks for the default: the project's status date, else today
(UTC); a roll-up measures every project at one date (the one asked for, or today). The
shapes are the contract of issue 10 (``/work/notes/contracts.md``): names never change.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from shared.clients import Operation, TypedClient, WireModel, chunks, join_ids
from shared.fields import LocalDateTime


class EvmFigures(WireModel):
    """One level's figures: a task, a project, a program or a portfolio."""

    status_date: date
    currency: str | None = None
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    sv: Decimal
    cv: Decimal
    spi: Decimal | None = None
    cpi: Decimal | None = None
    eac: Decimal | None = None
    eac_method: str  # "bac_over_cpi" | "ac_plus_remaining" | "composite"
    eac_bac_over_cpi: Decimal | None = None
    eac_ac_plus_remaining: Decimal
    eac_composite: Decimal | None = None
    etc: Decimal | None = None
    vac: Decimal | None = None
    tcpi_bac: Decimal | None = None
    tcpi_eac: Decimal | None = None
    planned_duration_days: Decimal | None = None  # PD: baseline working days
    actual_time_days: Decimal | None = None  # AT: baseline start to the status date
    es_days: Decimal | None = None
    sv_t_days: Decimal | None = None
    spi_t: Decimal | None = None
    ieac_t_days: Decimal | None = None
    es_date: date | None = None
    ieac_t_finish: date | None = None


class TaskEvmDTO(EvmFigures):
    task_id: uuid.UUID
    name: str
    wbs_code: str | None = None


class EvmCurvePoint(WireModel):
    """Cumulative, one per week end (Sunday) and the status date."""

    date: date
    pv: Decimal
    ac: Decimal
    ev: Decimal | None = None  # at the status date only


class ProjectEvmDTO(EvmFigures):
    project_id: uuid.UUID
    baseline_number: int | None = None
    tasks: list[TaskEvmDTO] | None = None  # with include=("tasks",)
    curve: list[EvmCurvePoint] | None = None  # with include=("curve",)


class ProgramEvmDTO(EvmFigures):
    program_id: uuid.UUID
    project_count: int


class PortfolioEvmDTO(EvmFigures):
    portfolio_id: uuid.UUID
    project_count: int


class ProjectMetricsDTO(WireModel):
    """Lean, batch: everything health and snapshots need about a project."""

    project_id: uuid.UUID
    portfolio_id: uuid.UUID | None = None
    program_id: uuid.UUID | None = None
    code: str
    name: str
    status: str
    phase: str | None = None
    currency: str | None = None
    status_date: date
    evm: EvmFigures
    percent_complete: Decimal | None = None
    scheduled_finish: LocalDateTime | None = None
    baseline_finish: LocalDateTime | None = None
    # Float consumed on the critical path: working days the scheduled finish lies past
    # the baseline finish.
    finish_variance_days: Decimal | None = None
    # The least total float of the unfinished critical tasks.
    critical_float_days: Decimal | None = None
    # Unfinished milestones due (baseline finish, else scheduled) before the status date.
    overdue_milestones: int
    open_risks: int
    open_risk_scores: list[int]  # probability x impact of every open risk, highest first
    last_status_update_on: date | None = None


class ProjectMetricsBatchDTO(WireModel):
    items: list[ProjectMetricsDTO]


GET_PROJECT_EVM = Operation(
    "get_project_evm", "GET", "/v1/projects/{project_id}/evm", ProjectEvmDTO
)
GET_PROGRAM_EVM = Operation(
    "get_program_evm", "GET", "/v1/programs/{program_id}/evm", ProgramEvmDTO
)
GET_PORTFOLIO_EVM = Operation(
    "get_portfolio_evm", "GET", "/v1/portfolios/{portfolio_id}/evm", PortfolioEvmDTO
)
LIST_PROJECT_METRICS = Operation(
    "list_project_metrics", "GET", "/v1/project-metrics", ProjectMetricsBatchDTO
)

# Most projects one metrics request takes.
METRICS_BATCH = 100


def _at(status_date: date | None) -> dict[str, Any]:
    return {"status_date": status_date.isoformat()} if status_date is not None else {}


class EvmEndpoints(TypedClient):
    async def project_evm(
        self,
        project_id: uuid.UUID,
        status_date: date | None = None,
        include: Iterable[str] = (),
    ) -> ProjectEvmDTO:
        """``include``: "tasks" (every task's figures), "curve" (the S-curve)."""
        params = _at(status_date)
        if included := ",".join(include):
            params["include"] = included
        return await self.fetch(GET_PROJECT_EVM, path={"project_id": project_id}, params=params)

    async def program_evm(
        self, program_id: uuid.UUID, status_date: date | None = None
    ) -> ProgramEvmDTO:
        path = {"program_id": program_id}
        return await self.fetch(GET_PROGRAM_EVM, path=path, params=_at(status_date))

    async def portfolio_evm(
        self, portfolio_id: uuid.UUID, status_date: date | None = None
    ) -> PortfolioEvmDTO:
        path = {"portfolio_id": portfolio_id}
        return await self.fetch(GET_PORTFOLIO_EVM, path=path, params=_at(status_date))

    async def metrics_of_projects(
        self, project_ids: list[uuid.UUID], status_date: date | None = None
    ) -> list[ProjectMetricsDTO]:
        """Metrics of many projects, ``METRICS_BATCH`` per request, in the order asked;
        unknown or unreadable ids are left out of the answer."""
        items: list[ProjectMetricsDTO] = []
        for chunk in chunks(project_ids, METRICS_BATCH):
            params = {"project_ids": join_ids(chunk), **_at(status_date)}
            items.extend((await self.fetch(LIST_PROJECT_METRICS, params=params)).items)
        return items
