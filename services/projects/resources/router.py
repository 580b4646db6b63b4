from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.projects.bulk.schemas import BulkRequest, BulkResult
from services.projects.models import Resource
from services.projects.resources import bulk, service
from services.projects.resources.schemas import (
    RateCreate,
    RateList,
    RateRead,
    ResourceCreate,
    ResourceKind,
    ResourceRead,
    ResourceUpdate,
    TimeOffCreate,
    TimeOffList,
    TimeOffRead,
)
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import Page
from shared.repository import json_response, versioned_response

router = APIRouter(prefix="/v1/resources", tags=["resources"])
ONE = "/{resource_id}"


def _read(resource: Resource, response: Response) -> ResourceRead:
    set_etag(response, resource.version)
    return ResourceRead.model_validate(resource, from_attributes=True)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_resource")
async def create_resource(
    body: ResourceCreate, principal: CurrentPrincipal, session: Session, response: Response
) -> ResourceRead:
    """A person or a generic role of the resource pool (admin or pmo)."""
    resource = await service.create_resource(session, principal, body)
    response.headers["Location"] = f"/v1/resources/{resource.id}"
    return _read(resource, response)


@router.get("", operation_id="list_resources", response_model=Page[ResourceRead])
async def list_resources(
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    kind: ResourceKind | None = None,
    skill: Annotated[str | None, Query(max_length=100, description="Has this skill")] = None,
    q: Annotated[str | None, Query(max_length=200, description="In the name or role")] = None,
    active: bool | None = None,
    sort: Annotated[str | None, Query(description="created_at, name; '-' for descending")] = None,
) -> Response:
    filters = service.resource_filters(kind, skill, q, active)
    items, cursor = await service.list_resources(reader, filters, page, sort)
    return json_response({"items": items, "next_cursor": cursor})


# Before /{resource_id}, which would take "bulk" as an id.
@router.post("/bulk", operation_id="bulk_upsert_resources")
async def bulk_upsert_resources(
    body: BulkRequest, principal: CurrentPrincipal, session: Session
) -> BulkResult:
    """Create or update up to 1,000 people or roles pushed by an HR system, each keyed by
    ``external_source`` + ``external_id`` (both required here); the same record pushed
    again is ``unchanged``. ``atomic`` (default): one bad item fails the call with 422, its
    index in ``errors`` (``items[i]``), nothing written; ``per_item``: the good items are
    written and the bad ones reported."""
    return await bulk.upsert_resources(session, principal, body)


@router.get(ONE, operation_id="get_resource", response_model=ResourceRead)
async def get_resource(
    resource_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
) -> Response:
    return versioned_response(await service.get_resource(reader, resource_id))


@router.patch(ONE, operation_id="update_resource")
async def update_resource(
    resource_id: uuid.UUID,
    body: ResourceUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> ResourceRead:
    resource = await service.update_resource(session, principal, resource_id, body, if_match)
    return _read(resource, response)


@router.delete(ONE, status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_resource")
async def delete_resource(
    resource_id: uuid.UUID, principal: CurrentPrincipal, session: Session, if_match: IfMatch
) -> Response:
    """The resource with its rates and time off."""
    await service.delete_resource(session, principal, resource_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(f"{ONE}/rates", operation_id="list_resource_rates")
async def list_resource_rates(
    resource_id: uuid.UUID, principal: CurrentPrincipal, session: Session
) -> RateList:
    """Every rate of the resource, oldest first; each holds until the next one's day."""
    rates = await service.list_rates(session, resource_id)
    return RateList(items=[RateRead.model_validate(r, from_attributes=True) for r in rates])


@router.post(f"{ONE}/rates", status_code=status.HTTP_201_CREATED, operation_id="add_resource_rate")
async def add_resource_rate(
    resource_id: uuid.UUID,
    body: RateCreate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
) -> RateRead:
    """A rate from a day on (one per day: 409 if that day has one)."""
    rate = await service.add_rate(session, principal, resource_id, body)
    set_etag(response, rate.version)
    return RateRead.model_validate(rate, from_attributes=True)


@router.get(f"{ONE}/rate", operation_id="get_resource_rate_at")
async def get_resource_rate_at(
    resource_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    at: Annotated[date, Query(description="The day the rate is in force")],
    response: Response,
) -> RateRead:
    """The rate in force on a day: the latest one effective on or before it (404: none)."""
    rate = await service.rate_at(session, resource_id, at)
    set_etag(response, rate.version)
    return RateRead.model_validate(rate, from_attributes=True)


@router.delete(
    f"{ONE}/rates/{{rate_id}}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_resource_rate",
)
async def delete_resource_rate(
    resource_id: uuid.UUID,
    rate_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    if_match: IfMatch,
) -> Response:
    await service.delete_rate(session, principal, resource_id, rate_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(f"{ONE}/time-off", operation_id="list_resource_time_off")
async def list_resource_time_off(
    resource_id: uuid.UUID, principal: CurrentPrincipal, session: Session
) -> TimeOffList:
    periods = await service.list_time_off(session, resource_id)
    return TimeOffList(items=[TimeOffRead.model_validate(p, from_attributes=True) for p in periods])


@router.post(
    f"{ONE}/time-off", status_code=status.HTTP_201_CREATED, operation_id="add_resource_time_off"
)
async def add_resource_time_off(
    resource_id: uuid.UUID,
    body: TimeOffCreate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
) -> TimeOffRead:
    """Days off, both ends included; a period overlapping another is refused (409)."""
    period = await service.add_time_off(session, principal, resource_id, body)
    set_etag(response, period.version)
    return TimeOffRead.model_validate(period, from_attributes=True)


@router.delete(
    f"{ONE}/time-off/{{time_off_id}}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_resource_time_off",
)
async def delete_resource_time_off(
    resource_id: uuid.UUID,
    time_off_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    if_match: IfMatch,
) -> Response:
    await service.delete_time_off(session, principal, resource_id, time_off_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
