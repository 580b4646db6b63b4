"""Portfolios. ``Portfolio.projects`` and ``Portfolio.programs`` load through batch
endpoints (first page per portfolio), so a page of portfolios with their projects is one
upstream call, and with their programs one more."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.corrective_actions.queries import (
    StatusFilter,
    portfolio_corrective_actions,
)
from services.gateway.corrective_actions.types import CorrectiveAction
from services.gateway.dashboard.loaders import DashboardKey
from services.gateway.evm.fields import portfolio_evm
from services.gateway.evm.types import PortfolioEvm
from services.gateway.programs.loaders import ChildrenKey
from services.gateway.programs.types import Program
from services.gateway.projects.loaders import ProjectsKey
from services.gateway.projects.types import Project, Statuses
from services.gateway.relay.node import Node
from services.gateway.reporting.links import PortfolioExportLinks
from services.gateway.values import gid
from shared.clients.projects.portfolios import PortfolioDTO
from shared.clients.projects.projects import ProjectStatus as WireStatus

if TYPE_CHECKING:
    from services.gateway.capacity.types import (
        CapacityGrain,
        CapacityGroupBy,
        CapacityTable,
        OverAllocation,
    )
    from services.gateway.corrective.policy import CorrectivePolicy
    from services.gateway.dashboard.types import PortfolioDashboard

CORRECTIVE_POLICY = "services.gateway.corrective.policy"
DASHBOARD_TYPES = "services.gateway.dashboard.types"
CAPACITY_TYPES = "services.gateway.capacity.types"


@strawberry.type
class Portfolio(Node):
    id: strawberry.ID
    name: str
    description: str | None
    currency: str = strawberry.field(
        description="ISO 4217 code its money rolls up in; its projects and their actual costs "
        "use it (another is refused until exchange rates exist)."
    )
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
            currency=dto.currency,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            portfolio_uuid=dto.id,
        )

    @strawberry.field(
        description="The portfolio's dashboard over the projects the caller may read: "
        "counts by status, phase and RAG, budget vs actual vs EAC, milestones due, top "
        "risks, gates pending, compliance, what worsened in a week (one reporting call)."
    )
    async def dashboard(
        self,
        info: Info,
        milestone_days: Annotated[
            int, strawberry.argument(description="Milestones due in asOf + N days (0-366).")
        ] = 30,
        top_risks: Annotated[int, strawberry.argument(description="How many (1-100).")] = 10,
        as_of: Annotated[
            date | None, strawberry.argument(description="Default today (UTC).")
        ] = None,
    ) -> Annotated[PortfolioDashboard, strawberry.lazy(DASHBOARD_TYPES)] | None:
        from services.gateway.dashboard.types import PortfolioDashboard

        key = DashboardKey(self.portfolio_uuid, milestone_days, top_risks, as_of)
        return PortfolioDashboard.from_dto(await info.context.loaders.dashboard.dashboard.load(key))

    @strawberry.field(
        description="Earned value of the projects the caller may read, rolled up at one "
        "status date (default: today)."
    )
    async def evm(self, info: Info, status_date: date | None = None) -> PortfolioEvm | None:
        return await portfolio_evm(info, self.portfolio_uuid, status_date)

    @strawberry.field(
        description="Demand against capacity from `from` to `to` per day, ISO week or month, "
        "per resource (a role's row is its pool) or per role pool, across the portfolio's "
        "projects the caller may read (the people's other work counted in hours)."
    )
    async def capacity(
        self,
        info: Info,
        from_date: Annotated[date, strawberry.argument(name="from")],
        to_date: Annotated[date, strawberry.argument(name="to")],
        grain: Annotated[CapacityGrain, strawberry.lazy(CAPACITY_TYPES)] | None = None,
        by: Annotated[CapacityGroupBy, strawberry.lazy(CAPACITY_TYPES)] | None = None,
        resource_ids: list[strawberry.ID] | None = None,
        role: str | None = None,
    ) -> Annotated[CapacityTable, strawberry.lazy(CAPACITY_TYPES)] | None:
        from services.gateway.capacity import types
        from services.gateway.capacity.fields import portfolio_capacity

        return await portfolio_capacity(
            info,
            self.portfolio_uuid,
            from_date,
            to_date,
            grain or types.CapacityGrain.WEEK,
            by or types.CapacityGroupBy.RESOURCE,
            [str(i) for i in resource_ids] if resource_ids is not None else None,
            role,
        )

    @strawberry.field(
        description="Periods a person or a role pool is asked for more than it has, with "
        "the portfolio's tasks causing them."
    )
    async def over_allocations(
        self,
        info: Info,
        from_date: Annotated[date, strawberry.argument(name="from")],
        to_date: Annotated[date, strawberry.argument(name="to")],
    ) -> list[Annotated[OverAllocation, strawberry.lazy(CAPACITY_TYPES)]] | None:
        from services.gateway.capacity.fields import portfolio_over_allocations

        return await portfolio_over_allocations(info, self.portfolio_uuid, from_date, to_date)

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
        description="The corrective actions of the portfolio's projects the caller may read "
        "(reporting's action register), newest first."
    )
    async def corrective_actions(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        status: StatusFilter = None,
    ) -> Connection[CorrectiveAction] | None:
        return await portfolio_corrective_actions(info, self.portfolio_uuid, first, after, status)

    @strawberry.field(
        description="The portfolio's limits and ranking for corrective options (the built-in "
        "defaults, version 0, while it has none of its own)."
    )
    async def corrective_policy(
        self, info: Info
    ) -> Annotated[CorrectivePolicy, strawberry.lazy(CORRECTIVE_POLICY)] | None:
        from services.gateway.corrective.policy import portfolio_corrective_policy

        return await portfolio_corrective_policy(info, self.portfolio_uuid)

    @strawberry.field(description="The portfolio's programs, oldest first.")
    async def programs(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Program] | None:
        request = page_request(first, after)
        key = ChildrenKey(parent_id=self.portfolio_uuid, request=request)
        items, next_cursor = await info.context.loaders.programs.by_portfolio.load(key)
        cache = info.context.loaders.programs.program
        for dto in items:
            cache.prime(dto.id, dto)
        return connection(items, next_cursor, request, Program.from_dto)

    @strawberry.field(
        description="URLs of the portfolio's project exports on the reporting service, "
        "with the same status filter as `projects`."
    )
    def export_links(self, info: Info, status: Statuses = None) -> PortfolioExportLinks:
        statuses = [s.value for s in status or ()]
        return info.context.links.portfolio(self.portfolio_uuid, statuses)
