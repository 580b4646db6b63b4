"""The project list of a portfolio as export rows, read from the projects service a page at
a time (cursor pagination), so an export of any size holds one page in memory. Each page's
progress and earned value (percent complete, SPI, CPI, EAC) come from the projects
service's metrics batch for the page's projects."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from services.reporting.exports.columns import CellType, Column, Row
from shared.clients.projects import ProjectsClient
from shared.clients.projects.evm import ProjectMetricsDTO
from shared.clients.projects.projects import ProjectDTO, ProjectStatus
from shared.pagination import MAX_LIMIT, Page

PROJECT_COLUMNS: tuple[Column, ...] = (
    Column("code", "Code", width=14),
    Column("name", "Name", width=40),
    Column("status", "Status", width=12),
    Column("phase", "Phase", width=16),
    Column("priority", "Priority", width=10),
    Column("manager", "Manager", width=20),
    Column("sponsor", "Sponsor", width=20),
    Column("start_date", "Start", CellType.date, width=12),
    Column("target_date", "Target", CellType.date, width=12),
    Column("scheduled_finish", "Scheduled finish", CellType.date, width=16),
    Column("status_date", "Status date", CellType.date, width=12),
    Column("budget", "Budget", CellType.number, width=16),
    Column("currency", "Currency", width=10),
    Column("percent_complete", "Percent complete", CellType.percent, width=10),
    Column("spi", "SPI", CellType.ratio, width=8),
    Column("cpi", "CPI", CellType.ratio, width=8),
    Column("eac", "EAC", CellType.number, width=16),
    Column("tags", "Tags", width=24),
    Column("id", "Id", width=38),
)


@dataclass(frozen=True, slots=True)
class ProjectFilters:
    """The filters of the projects service's list, passed through as they are."""

    status: list[ProjectStatus] | None = None
    tag: str | None = None
    q: str | None = None
    sort: str | None = None


@dataclass(frozen=True, slots=True)
class ProjectExport:
    portfolio_name: str
    rows: AsyncIterator[Row]


async def portfolio_projects(
    projects: ProjectsClient,
    portfolio_id: uuid.UUID,
    filters: ProjectFilters,
    *,
    page_size: int = MAX_LIMIT,
) -> ProjectExport:
    """Reads the portfolio and the first page now, so an unknown portfolio, a bad filter or
    an upstream failure is raised before any byte of the export is sent; the rest of the
    pages are read as the rows are consumed."""
    portfolio = await projects.get_portfolio(portfolio_id)
    first = await _page(projects, portfolio_id, filters, page_size, None)
    first_rows = await _page_rows(projects, first)
    rows = _rows(projects, portfolio_id, filters, page_size, first, first_rows)
    return ProjectExport(portfolio.name, rows)


async def _page(
    projects: ProjectsClient,
    portfolio_id: uuid.UUID,
    filters: ProjectFilters,
    page_size: int,
    cursor: str | None,
) -> Page[ProjectDTO]:
    return await projects.list_projects(
        portfolio_id=portfolio_id,
        status=filters.status,
        tag=filters.tag,
        q=filters.q,
        sort=filters.sort,
        limit=page_size,
        cursor=cursor,
    )


async def _rows(
    projects: ProjectsClient,
    portfolio_id: uuid.UUID,
    filters: ProjectFilters,
    page_size: int,
    page: Page[ProjectDTO],
    rows: list[Row],
) -> AsyncIterator[Row]:
    while True:
        for row in rows:
            yield row
        if page.next_cursor is None:
            return
        page = await _page(projects, portfolio_id, filters, page_size, page.next_cursor)
        rows = await _page_rows(projects, page)


async def _page_rows(projects: ProjectsClient, page: Page[ProjectDTO]) -> list[Row]:
    metrics = await projects.metrics_of_projects([p.id for p in page.items])
    by_id = {m.project_id: m for m in metrics}
    return [project_row(p, by_id.get(p.id)) for p in page.items]


def project_row(project: ProjectDTO, metrics: ProjectMetricsDTO | None) -> dict[str, Any]:
    evm = metrics.evm if metrics is not None else None
    return {
        "percent_complete": metrics.percent_complete if metrics is not None else None,
        "spi": evm.spi if evm else None,
        "cpi": evm.cpi if evm else None,
        "eac": evm.eac if evm else None,
        "id": str(project.id),
        "code": project.code,
        "name": project.name,
        "status": project.status.value,
        "phase": project.phase,
        "priority": project.priority.value,
        "manager": project.manager,
        "sponsor": project.sponsor,
        "start_date": project.start_date,
        "target_date": project.target_date,
        "scheduled_finish": project.scheduled_finish,
        "status_date": project.status_date,
        "budget": project.budget,
        "currency": project.currency,
        "tags": ", ".join(project.tags),
    }
