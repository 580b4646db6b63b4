from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.projects.capacity import service
from services.projects.capacity.compute import Grain, GroupBy
from services.projects.capacity.schemas import (
    PortfolioCapacity,
    PortfolioOverAllocations,
    ProjectOverAllocations,
)
from shared.auth import CurrentPrincipal
from shared.dependencies import Read
from shared.pagination import parse_ids
from shared.repository import json_response

router = APIRouter(tags=["capacity"])

MAX_RESOURCE_IDS = 500
From = Annotated[date, Query(alias="from", description="The window's first day")]
To = Annotated[date, Query(description="The window's last day (included)")]


@router.get(
    "/v1/portfolios/{portfolio_id}/capacity",
    operation_id="get_portfolio_capacity",
    response_model=PortfolioCapacity,
)
async def get_portfolio_capacity(
    portfolio_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    from_: From,
    to: To,
    grain: Grain = Grain.week,
    by: GroupBy = GroupBy.resource,
    resource_ids: Annotated[
        str | None,
        Query(description=f"Comma-separated resource ids (at most {MAX_RESOURCE_IDS})"),
    ] = None,
    role: Annotated[
        str | None, Query(max_length=200, description="Only this role (its pool, its people)")
    ] = None,
) -> Response:
    """Demand against capacity per day, ISO week or month, per resource (the people and
    roles the portfolio's projects assign; a role's row is its pool) or per role pool.
    Demand counts every project asking for the resource; capacity is max units times the
    resource calendar's hours on its working days, less time off. The window is at most
    3 years by day, 5 by week, 10 by month."""
    window = service.check_window(from_, to, service.MAX_DAYS[grain], grain)
    ids = parse_ids(resource_ids, max_ids=MAX_RESOURCE_IDS, name="resource_ids")
    answer = await service.portfolio_capacity(
        reader, principal, portfolio_id, window, grain, by, ids, role
    )
    return json_response(answer)


@router.get(
    "/v1/portfolios/{portfolio_id}/over-allocations",
    operation_id="list_portfolio_over_allocations",
    response_model=PortfolioOverAllocations,
)
async def list_portfolio_over_allocations(
    portfolio_id: uuid.UUID, principal: CurrentPrincipal, reader: Read, from_: From, to: To
) -> Response:
    """The people and role pools the portfolio's tasks over-allocate: demand above capacity
    on a day (any demand on a day off), merged into periods, with the portfolio's tasks
    causing each. Window: at most 3 years."""
    window = service.check_window(from_, to, service.MAX_OVER_ALLOCATION_DAYS)
    answer = await service.portfolio_over_allocations(reader, principal, portfolio_id, window)
    return json_response(answer)


@router.get(
    "/v1/projects/{project_id}/over-allocations",
    operation_id="list_project_over_allocations",
    response_model=ProjectOverAllocations,
)
async def list_project_over_allocations(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    from_: Annotated[
        date | None,
        Query(alias="from", description="Default: the project's scheduled start, else today"),
    ] = None,
    to: Annotated[
        date | None,
        Query(description="Default: the project's scheduled finish (at most a year on)"),
    ] = None,
) -> Response:
    """The project's over-allocations: periods where one of its tasks asks a person or a
    role pool for more than they have that day, other projects' work on the same people
    counted (in hours, not named). Window: at most 3 years."""
    answer = await service.project_over_allocations(reader, principal, project_id, from_, to)
    return json_response(answer)
