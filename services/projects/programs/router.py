from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.projects.models import Program
from services.projects.programs import service
from services.projects.programs.schemas import (
    ProgramCreate,
    ProgramRead,
    ProgramsByPortfolio,
    ProgramUpdate,
)
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import MAX_LIMIT, Page, parse_ids
from shared.repository import json_response, versioned_response

router = APIRouter(prefix="/v1/programs", tags=["programs"])


def _read(program: Program, response: Response) -> ProgramRead:
    set_etag(response, program.version)
    return ProgramRead.model_validate(program, from_attributes=True)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_program")
async def create_program(
    body: ProgramCreate, principal: CurrentPrincipal, session: Session, response: Response
) -> ProgramRead:
    """A program of a portfolio (admin or pmo, as for portfolios); names are unique within
    the portfolio (409)."""
    program = await service.create_program(session, principal, body)
    response.headers["Location"] = f"/v1/programs/{program.id}"
    return _read(program, response)


@router.get("", operation_id="list_programs", response_model=Page[ProgramRead])
async def list_programs(
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    portfolio_id: uuid.UUID | None = None,
    ids: Annotated[str | None, Query(description="Comma-separated ids (batch read)")] = None,
    sort: Annotated[str | None, Query(description="created_at, name; '-' for descending")] = None,
) -> Response:
    items, cursor = await service.list_programs(reader, page, sort, portfolio_id, parse_ids(ids))
    return json_response({"items": items, "next_cursor": cursor})


# Before /{program_id}, which would take "first-pages" as an id.
@router.get(
    "/first-pages", operation_id="list_programs_by_portfolio", response_model=ProgramsByPortfolio
)
async def list_programs_by_portfolio(
    principal: CurrentPrincipal,
    reader: Read,
    portfolio_ids: Annotated[str, Query(description="Comma-separated portfolio ids")],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Programs per portfolio")] = 50,
) -> Response:
    """The first page (oldest first) of many portfolios' programs at once, each with the
    cursor that continues it in ``list_programs`` (the gateway's DataLoader batch)."""
    ids = parse_ids(portfolio_ids, name="portfolio_ids") or []
    return json_response({"items": await service.first_pages_by_portfolio(reader, ids, limit)})


@router.get("/{program_id}", operation_id="get_program", response_model=ProgramRead)
async def get_program(program_id: uuid.UUID, principal: CurrentPrincipal, reader: Read) -> Response:
    return versioned_response(await service.get_program(reader, program_id))


@router.patch("/{program_id}", operation_id="update_program")
async def update_program(
    program_id: uuid.UUID,
    body: ProgramUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> ProgramRead:
    program = await service.update_program(session, principal, program_id, body, if_match)
    return _read(program, response)


@router.delete(
    "/{program_id}", status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_program"
)
async def delete_program(
    program_id: uuid.UUID, principal: CurrentPrincipal, session: Session, if_match: IfMatch
) -> Response:
    """Only a program without projects is deleted (409 otherwise: move them out first)."""
    await service.delete_program(session, principal, program_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
