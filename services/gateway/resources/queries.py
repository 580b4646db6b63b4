from __future__ import annotations

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.fields import node_by_id
from services.gateway.resources.types import Resource, ResourceKind
from shared.clients.projects.resources import ResourceKind as WireKind


@strawberry.type
class ResourceQueries:
    resource = node_by_id(Resource, lambda loaders: loaders.resources.resource)

    @strawberry.field(description="The resource pool, oldest first; of one kind or skill if given.")
    async def resources(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        kind: ResourceKind | None = None,
        skill: str | None = None,
    ) -> Connection[Resource] | None:
        request = page_request(first, after)
        page = await info.context.clients.projects.list_resources(
            kind=WireKind(kind.value) if kind else None,
            skill=skill,
            limit=request.limit,
            cursor=request.cursor,
        )
        loader = info.context.loaders.resources.resource
        for dto in page.items:
            loader.prime(dto.id, dto)
        return connection(page.items, page.next_cursor, request, Resource.from_dto)
