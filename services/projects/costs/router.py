from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.projects.bulk.schemas import BulkRequest, BulkResult
from services.projects.costs import bulk, service
from services.projects.costs.schemas import ActualCostCreate, ActualCostRead, ActualCostUpdate
from services.projects.models import ActualCost
from shared.auth import CurrentPrincipal
from shared.clients.projects.costs import CostCategory
from shared.concurrency import set_etag
from shared.dependencies import FirstPages, IfMatch, Paging, Read, Session
from shared.pagination import Page, PagesByProject
from shared.repository import json_response, versioned_response

router = APIRouter(tags=["actual_costs"])

IN_PROJECT = "/v1/projects/{project_id}/actual-costs"
ONE = "/v1/actual-costs/{cost_id}"


def _read(cost: ActualCost, response: Response) -> ActualCostRead:
    set_etag(response, cost.version)
    return ActualCostRead.model_validate(cost, from_attributes=True)


@router.post(IN_PROJECT, status_code=status.HTTP_201_CREATED, operation_id="create_actual_cost")
async def create_actual_cost(
    project_id: uuid.UUID,
    body: ActualCostCreate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
) -> ActualCostRead:
    """Record money spent on the project (its writers may): in the project's currency, on
    one of its tasks or on the project as a whole."""
    cost = await service.create_actual_cost(session, principal, project_id, body)
    response.headers["Location"] = f"/v1/actual-costs/{cost.id}"
    return _read(cost, response)


@router.get(IN_PROJECT, operation_id="list_actual_costs", response_model=Page[ActualCostRead])
async def list_actual_costs(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    incurred_from: Annotated[
        date | None, Query(alias="from", description="Incurred on or after this day")
    ] = None,
    incurred_to: Annotated[
        date | None, Query(alias="to", description="Incurred on or before this day")
    ] = None,
    task_id: uuid.UUID | None = None,
    category: CostCategory | None = None,
    sort: Annotated[
        str | None,
        Query(
            description="incurred_on, created_at, amount; '-' for descending (default incurred_on)"
        ),
    ] = None,
) -> Response:
    filters = service.cost_filters(
        incurred_from, incurred_to, task_id, category.value if category else None
    )
    items, cursor = await service.list_actual_costs(
        reader, principal, project_id, filters, page, sort
    )
    return json_response({"items": items, "next_cursor": cursor})


@router.post(f"{IN_PROJECT}/bulk", operation_id="bulk_upsert_actual_costs")
async def bulk_upsert_actual_costs(
    project_id: uuid.UUID, body: BulkRequest, principal: CurrentPrincipal, session: Session
) -> BulkResult:
    """Create or update up to 1,000 entries pushed by a finance system, each keyed by
    ``external_source`` + ``external_id`` (both required here) and holding an entry's
    fields; the same entry pushed again is ``unchanged``. ``atomic`` (default): one bad
    item (a negative amount, another currency, a task of another project...) fails the call
    with 422, its index in ``errors`` (``items[i]``), nothing written; ``per_item``: the good
    items are written and the bad ones reported."""
    return await bulk.upsert_actual_costs(session, principal, project_id, body)


# Before /v1/actual-costs/{cost_id}, which would take "first-pages" as an id.
@router.get(
    "/v1/actual-costs/first-pages",
    operation_id="list_first_actual_cost_pages",
    response_model=PagesByProject[ActualCostRead],
)
async def list_first_actual_cost_pages(
    principal: CurrentPrincipal, reader: Read, batch: FirstPages
) -> Response:
    """The first page of actual costs (oldest first, by the day incurred) of many projects
    at once: the gateway's DataLoader batch. Each ``next_cursor`` continues in the project's
    list with its default sort."""
    pages = await service.first_actual_cost_pages(reader, principal, batch.project_ids, batch.limit)
    return json_response({"items": pages})


@router.get(ONE, operation_id="get_actual_cost", response_model=ActualCostRead)
async def get_actual_cost(
    cost_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
) -> Response:
    return versioned_response(await service.get_actual_cost(reader, principal, cost_id))


@router.patch(ONE, operation_id="update_actual_cost")
async def update_actual_cost(
    cost_id: uuid.UUID,
    body: ActualCostUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> ActualCostRead:
    cost = await service.update_actual_cost(session, principal, cost_id, body, if_match)
    return _read(cost, response)


@router.delete(ONE, status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_actual_cost")
async def delete_actual_cost(
    cost_id: uuid.UUID, principal: CurrentPrincipal, session: Session, if_match: IfMatch
) -> Response:
    await service.delete_actual_cost(session, principal, cost_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
