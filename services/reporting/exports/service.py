"""The project list of a portfolio as export rows, read from the projects service a page at
a time (cursor pagination), so an export of any size holds one page in memory."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from services.reporting.exports.columns import CellType, Column, Row
from shared.clients.projects import ProjectsClient
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
    return ProjectExport(portfolio.name, _rows(projects, portfolio_id, filters, page_size, first))


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
) -> AsyncIterator[Row]:
    while True:
        for project in page.items:
            yield project_row(project)
        if page.next_cursor is None:
            return
        page = await _page(projects, portfolio_id, filters, page_size, page.next_cursor)


def project_row(project: ProjectDTO) -> dict[str, Any]:
    return {
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
