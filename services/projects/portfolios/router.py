from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.projects.models import Portfolio
from services.projects.portfolios import service
from services.projects.portfolios.schemas import (
    PortfolioCreate,
    PortfolioRead,
    PortfolioRollup,
    PortfolioUpdate,
)
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import Page, parse_ids
from shared.repository import json_response, versioned_response

router = APIRouter(prefix="/v1/portfolios", tags=["portfolios"])


def _read(portfolio: Portfolio) -> PortfolioRead:
    return PortfolioRead.model_validate(portfolio, from_attributes=True)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_portfolio")
async def create_portfolio(
    body: PortfolioCreate, principal: CurrentPrincipal, session: Session, response: Response
) -> PortfolioRead:
    portfolio = await service.create_portfolio(session, principal, body)
    set_etag(response, portfolio.version)
    response.headers["Location"] = f"/v1/portfolios/{portfolio.id}"
    return _read(portfolio)


@router.get("", operation_id="list_portfolios", response_model=Page[PortfolioRead])
async def list_portfolios(
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    ids: Annotated[str | None, Query(description="Comma-separated ids (batch read)")] = None,
    sort: Annotated[str | None, Query(description="created_at, name; '-' for descending")] = None,
) -> Response:
    items, cursor = await service.list_portfolios(reader, page, sort, parse_ids(ids))
    return json_response({"items": [dict(r) for r in items], "next_cursor": cursor})


@router.get("/{portfolio_id}", operation_id="get_portfolio", response_model=PortfolioRead)
async def get_portfolio(
    portfolio_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
) -> Response:
    row = await service.get_portfolio(reader, portfolio_id)
    return versioned_response(dict(row))


@router.patch("/{portfolio_id}", operation_id="update_portfolio")
async def update_portfolio(
    portfolio_id: uuid.UUID,
    body: PortfolioUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> PortfolioRead:
    portfolio = await service.update_portfolio(session, principal, portfolio_id, body, if_match)
    set_etag(response, portfolio.version)
    return _read(portfolio)


@router.get(
    "/{portfolio_id}/rollup", operation_id="get_portfolio_rollup", response_model=PortfolioRollup
)
async def get_portfolio_rollup(
    portfolio_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
) -> Response:
    """Counts, budgets and progress over the portfolio's projects the caller may read,
    computed in SQL. ``task_percent_complete`` is weighted by duration over leaf tasks, as
    MS Project rolls up a summary task: sum(duration x percent complete) / sum(duration);
    summary tasks are left out, zero-duration milestones weigh nothing unless every leaf is
    one (then the plain average of the leaves); null without tasks."""
    return json_response(await service.portfolio_rollup(reader, principal, portfolio_id))
