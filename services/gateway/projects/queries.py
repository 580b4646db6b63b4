from __future__ import annotations

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.fields import node_by_id
from services.gateway.ids import parse_id
from services.gateway.projects.types import Project, Statuses
from shared.clients.projects.projects import ProjectStatus as WireStatus


@strawberry.type
class ProjectQueries:
    project = node_by_id(Project, lambda loaders: loaders.projects.project)

    @strawberry.field(description="Projects the caller may see, oldest first.")
    async def projects(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        status: Statuses = None,
        portfolio_id: strawberry.ID | None = None,
        tag: str | None = None,
        search: str | None = None,
    ) -> Connection[Project] | None:
        request = page_request(first, after)
        page = await info.context.clients.projects.list_projects(
            portfolio_id=parse_id(portfolio_id, "portfolioId") if portfolio_id else None,
            status=[WireStatus(s.value) for s in status] if status else None,
            tag=tag,
            q=search,
            limit=request.limit,
            cursor=request.cursor,
        )
        loader = info.context.loaders.projects.project
        for dto in page.items:
            # Later lookups of these projects in the same query need no upstream call.
            loader.prime(dto.id, dto)
        return connection(page.items, page.next_cursor, request, Project.from_dto)
