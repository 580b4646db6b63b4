from __future__ import annotations

import strawberry

from services.gateway.connections import decode_after, page_size
from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.projects.types import Project, ProjectConnection, ProjectStatus
from shared.clients.projects.projects import ProjectStatus as WireStatus


@strawberry.type
class ProjectQueries:
    @strawberry.field
    async def project(self, info: Info, id: strawberry.ID) -> Project | None:
        return Project.from_dto(await info.context.loaders.project.load(parse_id(id)))

    @strawberry.field(description="Projects the caller may see, oldest first.")
    async def projects(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: list[ProjectStatus] | None = None,
        portfolio_id: strawberry.ID | None = None,
        tag: str | None = None,
        search: str | None = None,
    ) -> ProjectConnection | None:
        size, position = page_size(first), decode_after(after)
        page = await info.context.clients.projects.list_projects(
            portfolio_id=parse_id(portfolio_id, "portfolioId") if portfolio_id else None,
            status=[WireStatus(s.value) for s in status] if status else None,
            tag=tag,
            q=search,
            limit=position.limit_for(size),
            cursor=position.upstream,
        )
        loader = info.context.loaders.project
        for dto in page.items:
            # Later lookups of these projects in the same query need no upstream call.
            loader.prime(dto.id, dto)
        return ProjectConnection.build(page.items, page.next_cursor, position, size)
