"""Portfolios. ``Portfolio.projects`` loads through the batch endpoint (first page of
projects per portfolio), so a page of portfolios with their projects is one upstream call."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import strawberry

from services.gateway.connections import (
    PageInfo,
    Position,
    decode_after,
    page_size,
    slice_page,
)
from services.gateway.context import Info
from services.gateway.loaders import ProjectsKey
from services.gateway.projects.types import ProjectConnection, ProjectStatus
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


@strawberry.type
class PortfolioEdge:
    cursor: str
    node: Portfolio


@strawberry.type
class PortfolioConnection:
    edges: list[PortfolioEdge]
    page_info: PageInfo

    @classmethod
    def build(
        cls, items: Sequence[PortfolioDTO], next_cursor: str | None, position: Position, first: int
    ) -> PortfolioConnection:
        edges, info = slice_page(items, next_cursor, position, first)
        return cls(
            edges=[PortfolioEdge(cursor=c, node=Portfolio.from_dto(dto)) for c, dto in edges],
            page_info=info,
        )
