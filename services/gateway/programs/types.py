"""Programs: groups of related projects of one portfolio. ``Program.projects`` loads
through the batch endpoint (first page of projects per program), like a portfolio's."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.evm.fields import program_evm
from services.gateway.evm.types import ProgramEvm
from services.gateway.programs.loaders import ChildrenKey
from services.gateway.projects.types import Project
from services.gateway.relay.node import Node
from services.gateway.values import gid
from shared.clients.projects.programs import ProgramDTO

if TYPE_CHECKING:
    from services.gateway.portfolios.types import Portfolio

PORTFOLIO_TYPES = "services.gateway.portfolios.types"


@strawberry.type(description="A group of related projects of one portfolio.")
class Program(Node):
    id: strawberry.ID
    name: str
    description: str | None
    manager: str | None
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as expectedVersion when updating.")
    program_uuid: strawberry.Private[uuid.UUID]
    portfolio_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_dto(cls, dto: ProgramDTO) -> Program:
        return cls(
            id=gid(dto.id),
            name=dto.name,
            description=dto.description,
            manager=dto.manager,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            program_uuid=dto.id,
            portfolio_id=dto.portfolio_id,
        )

    @strawberry.field(description="The portfolio the program belongs to.")
    async def portfolio(self, info: Info) -> Annotated[Portfolio, strawberry.lazy(PORTFOLIO_TYPES)]:
        from services.gateway.portfolios.types import Portfolio

        loader = info.context.loaders.portfolios.portfolio
        return Portfolio.from_dto(await loader.load(self.portfolio_id))

    @strawberry.field(description="The program's projects the caller may see, oldest first.")
    async def projects(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Project] | None:
        request = page_request(first, after)
        key = ChildrenKey(parent_id=self.program_uuid, request=request)
        items, next_cursor = await info.context.loaders.programs.projects.load(key)
        cache = info.context.loaders.projects.project
        for dto in items:
            cache.prime(dto.id, dto)
        return connection(items, next_cursor, request, Project.from_dto)

    @strawberry.field(
        description="Earned value of the program's projects the caller may read, rolled up "
        "at one status date (default: today): sums added, indices recomputed from the sums."
    )
    async def evm(self, info: Info, status_date: date | None = None) -> ProgramEvm | None:
        return await program_evm(info, self.program_uuid, status_date)
