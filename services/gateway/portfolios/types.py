"""Portfolios. ``Portfolio.projects`` loads through the batch endpoint (first page of
projects per portfolio), so a page of portfolios with their projects is one upstream call."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.evm.fields import portfolio_evm
from services.gateway.evm.types import PortfolioEvm
from services.gateway.projects.loaders import ProjectsKey
from services.gateway.projects.types import Project, Statuses
from services.gateway.reporting.links import PortfolioExportLinks
from services.gateway.values import gid
from shared.clients.projects.portfolios import PortfolioDTO
from shared.clients.projects.projects import ProjectStatus as WireStatus


@strawberry.type
class Portfolio:
    id: strawberry.ID
    name: str
    description: str | None
    created_at: datetime
    updated_at: datetime
    version: int
    portfolio_uuid: strawberry.Private[uuid.UUID]

    @classmethod
    def from_dto(cls, dto: PortfolioDTO) -> Portfolio:
        return cls(
            id=gid(dto.id),
            name=dto.name,
            description=dto.description,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            portfolio_uuid=dto.id,
        )

    @strawberry.field(
        description="Earned value of the projects the caller may read, rolled up at one "
        "status date (default: today)."
    )
    async def evm(self, info: Info, status_date: date | None = None) -> PortfolioEvm | None:
        return await portfolio_evm(info, self.portfolio_uuid, status_date)

    @strawberry.field(description="The portfolio's projects the caller may see, oldest first.")
    async def projects(
        self, info: Info, first: First = None, after: After = None, status: Statuses = None
    ) -> Connection[Project] | None:
        request = page_request(first, after)
        key = ProjectsKey(
            portfolio_id=self.portfolio_uuid,
            request=request,
            status=tuple(WireStatus(s.value) for s in status or ()),
        )
        loaders = info.context.loaders.projects
        items, next_cursor = await loaders.by_portfolio.load(key)
        for dto in items:
            loaders.project.prime(dto.id, dto)
        return connection(items, next_cursor, request, Project.from_dto)

    @strawberry.field(
        description="URLs of the portfolio's project exports on the reporting service, "
        "with the same status filter as `projects`."
    )
    def export_links(self, info: Info, status: Statuses = None) -> PortfolioExportLinks:
        statuses = [s.value for s in status or ()]
        return info.context.links.portfolio(self.portfolio_uuid, statuses)
