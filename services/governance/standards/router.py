from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.governance.standards import service
from services.governance.standards.schemas import (
    StandardCreate,
    StandardRead,
    StandardStatus,
    StandardUpdate,
)
from services.governance.standards.service import StandardView
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import Page, parse_ids
from shared.repository import json_response, versioned_response

router = APIRouter(prefix="/v1/standards", tags=["standards"])


def _read(standard: StandardView, response: Response) -> StandardRead:
    set_etag(response, standard["version"])
    return StandardRead.model_validate(standard)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_standard")
async def create_standard(
    body: StandardCreate, principal: CurrentPrincipal, session: Session, response: Response
) -> StandardRead:
    standard = await service.create_standard(session, principal, body)
    response.headers["Location"] = f"/v1/standards/{standard['id']}"
    return _read(standard, response)


@router.get("", operation_id="list_standards", response_model=Page[StandardRead])
async def list_standards(
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    status: StandardStatus | None = None,
    key: Annotated[str | None, Query(max_length=80)] = None,
    ids: Annotated[str | None, Query(description="Comma-separated ids (batch read)")] = None,
    sort: Annotated[str | None, Query(description="created_at, key, title; '-' descending")] = None,
) -> Response:
    items, cursor = await service.list_standards(
        reader,
        page,
        sort,
        status=status.value if status else None,
        key=key,
        ids=parse_ids(ids),
    )
    return json_response({"items": [dict(r) for r in items], "next_cursor": cursor})


@router.get("/{standard_id}", operation_id="get_standard", response_model=StandardRead)
async def get_standard(
    standard_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
) -> Response:
    row = await service.get_standard(reader, standard_id)
    return versioned_response(dict(row))


@router.patch("/{standard_id}", operation_id="update_standard")
async def update_standard(
    standard_id: uuid.UUID,
    body: StandardUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> StandardRead:
    standard = await service.update_standard(session, principal, standard_id, body, if_match)
    return _read(standard, response)


@router.post("/{standard_id}/publish", operation_id="publish_standard")
async def publish_standard(
    standard_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> StandardRead:
    standard = await service.publish_standard(session, principal, standard_id, if_match)
    return _read(standard, response)


@router.post("/{standard_id}/retire", operation_id="retire_standard")
async def retire_standard(
    standard_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> StandardRead:
    standard = await service.retire_standard(session, principal, standard_id, if_match)
    return _read(standard, response)


@router.post(
    "/{standard_id}/revisions",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_standard_revision",
)
async def create_standard_revision(
    standard_id: uuid.UUID, principal: CurrentPrincipal, session: Session, response: Response
) -> StandardRead:
    standard = await service.new_revision(session, principal, standard_id)
    response.headers["Location"] = f"/v1/standards/{standard['id']}"
    return _read(standard, response)
