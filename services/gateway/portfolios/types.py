"""Portfolios.

``Portfolio.projects`` goes through a DataLoader like every relation, but the projects API
filters by one portfolio per call, so it costs one call per distinct portfolio. That is one
call per query today (a portfolio is reached by id, or once per distinct portfolio of a
projects page); a batch "first page of projects per portfolio" endpoint, like
``GET /v1/tasks?project_ids=``, would make it one call for any number of portfolios.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from services.gateway.connections import decode_after, page_size
from services.gateway.context import Info
from services.gateway.loaders import ProjectsKey
from services.gateway.projects.types import ProjectConnection, ProjectStatus
from shared.clients.projects import PortfolioDTO
from shared.clients.projects import ProjectStatus as WireStatus


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
            id=strawberry.ID(str(dto.id)),
            name=dto.name,
            description=dto.description,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            portfolio_uuid=dto.id,
        )

    @strawberry.field(description="The portfolio's projects the caller may see, oldest first.")
    async def projects(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: list[ProjectStatus] | None = None,
    ) -> ProjectConnection | None:
        size, position = page_size(first), decode_after(after)
        position.limit_for(size)
        key = ProjectsKey(
            portfolio_id=self.portfolio_uuid,
            first=size,
            position=position,
            status=tuple(WireStatus(s.value) for s in status or ()),
        )
        items, next_cursor = await info.context.loaders.portfolio_projects.load(key)
        loader = info.context.loaders.project
        for dto in items:
            loader.prime(dto.id, dto)
        return ProjectConnection.build(items, next_cursor, position, size)
