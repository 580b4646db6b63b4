"""Programs (projects service): groups of related projects of one portfolio."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from shared.clients import (
    InputModel,
    Operation,
    TypedClient,
    WireModel,
    chunks,
    join_ids,
    page_params,
)
from shared.pagination import Page


class ProgramDTO(WireModel):
    id: uuid.UUID
    portfolio_id: uuid.UUID
    name: str
    description: str | None = None
    manager: str | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class ProgramPageByPortfolioDTO(WireModel):
    """One portfolio's first page of programs, as the batch endpoint answers it."""

    portfolio_id: uuid.UUID
    items: list[ProgramDTO]
    next_cursor: str | None = None


class ProgramsByPortfolioDTO(WireModel):
    items: list[ProgramPageByPortfolioDTO]


class ProgramCreate(InputModel):
    portfolio_id: uuid.UUID
    name: str
    description: str | None = None
    manager: str | None = None


class ProgramUpdate(InputModel):
    name: str | None = None
    description: str | None = None
    manager: str | None = None


ONE = "/v1/programs/{program_id}"
CREATE_PROGRAM = Operation("create_program", "POST", "/v1/programs", ProgramDTO, body=ProgramCreate)
LIST_PROGRAMS = Operation("list_programs", "GET", "/v1/programs", Page[ProgramDTO])
LIST_PROGRAMS_BY_PORTFOLIO = Operation(
    "list_programs_by_portfolio", "GET", "/v1/programs/first-pages", ProgramsByPortfolioDTO
)
GET_PROGRAM = Operation("get_program", "GET", ONE, ProgramDTO)
UPDATE_PROGRAM = Operation("update_program", "PATCH", ONE, ProgramDTO, body=ProgramUpdate)
DELETE_PROGRAM: Operation[Any] = Operation("delete_program", "DELETE", ONE, None)


class ProgramEndpoints(TypedClient):
    async def create_program(
        self, data: ProgramCreate, *, idempotency_key: str | None = None
    ) -> ProgramDTO:
        return await self.send(CREATE_PROGRAM, data, idempotency_key=idempotency_key)

    async def get_program(self, program_id: uuid.UUID) -> ProgramDTO:
        return await self.fetch(GET_PROGRAM, path={"program_id": program_id})

    async def list_programs(
        self,
        *,
        portfolio_id: uuid.UUID | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[ProgramDTO]:
        """Oldest first unless ``sort`` says otherwise."""
        params = page_params(
            limit, cursor, portfolio_id=str(portfolio_id) if portfolio_id else None, sort=sort
        )
        return await self.fetch(LIST_PROGRAMS, params=params)

    async def programs_by_ids(self, ids: list[uuid.UUID]) -> list[ProgramDTO]:
        """Batch read; unknown ids are simply absent."""
        return await self.fetch_in_batches(LIST_PROGRAMS, "ids", ids)

    async def programs_by_portfolio(
        self, portfolio_ids: list[uuid.UUID], *, limit: int
    ) -> dict[uuid.UUID, ProgramPageByPortfolioDTO]:
        """The first ``limit`` programs of each portfolio, one call per 500 portfolios; each
        ``next_cursor`` continues in :meth:`list_programs` with ``portfolio_id``."""
        pages: dict[uuid.UUID, ProgramPageByPortfolioDTO] = {}
        for batch in chunks(portfolio_ids):
            params = page_params(limit, None, portfolio_ids=join_ids(batch))
            answer = await self.fetch(LIST_PROGRAMS_BY_PORTFOLIO, params=params)
            pages.update((page.portfolio_id, page) for page in answer.items)
        return pages

    async def update_program(
        self, program_id: uuid.UUID, data: ProgramUpdate, *, expected_version: int | None = None
    ) -> ProgramDTO:
        return await self.send(
            UPDATE_PROGRAM, data, path={"program_id": program_id}, expected_version=expected_version
        )

    async def delete_program(
        self, program_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        await self.send_no_content(
            DELETE_PROGRAM, path={"program_id": program_id}, expected_version=expected_version
        )
