from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from services.governance.models import Template
from services.governance.templates import instantiation, service
from services.governance.templates.schemas import (
    InstantiationCreate,
    InstantiationRead,
    InstantiationRecordRead,
    TemplateCreate,
    TemplateRead,
    TemplateStatus,
    TemplateUpdate,
)
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import Page, parse_ids
from shared.repository import json_response, versioned_response

router = APIRouter(prefix="/v1/templates", tags=["templates"])
ONE = "/{template_id}"


def _read(template: Template, response: Response) -> TemplateRead:
    set_etag(response, template.version)
    return TemplateRead.model_validate(template, from_attributes=True)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_template")
async def create_template(
    body: TemplateCreate, principal: CurrentPrincipal, session: Session, response: Response
) -> TemplateRead:
    template = await service.create_template(session, principal, body)
    response.headers["Location"] = f"/v1/templates/{template.id}"
    return _read(template, response)


@router.get("", operation_id="list_templates", response_model=Page[TemplateRead])
async def list_templates(
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    status: TemplateStatus | None = None,
    key: Annotated[str | None, Query(max_length=80)] = None,
    category: Annotated[str | None, Query(max_length=80)] = None,
    tag: Annotated[str | None, Query(max_length=64)] = None,
    ids: Annotated[str | None, Query(description="Comma-separated ids (batch read)")] = None,
    sort: Annotated[str | None, Query(description="created_at, key, name; '-' descending")] = None,
) -> Response:
    items, cursor = await service.list_templates(
        reader,
        page,
        sort,
        status=status.value if status else None,
        key=key,
        category=category,
        tag=tag,
        ids=parse_ids(ids),
    )
    return json_response({"items": items, "next_cursor": cursor})


@router.get(ONE, operation_id="get_template", response_model=TemplateRead)
async def get_template(
    template_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
) -> Response:
    return versioned_response(await service.get_template(reader, template_id))


@router.patch(ONE, operation_id="update_template")
async def update_template(
    template_id: uuid.UUID,
    body: TemplateUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> TemplateRead:
    template = await service.update_template(session, principal, template_id, body, if_match)
    return _read(template, response)


@router.post(ONE + "/publish", operation_id="publish_template")
async def publish_template(
    template_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> TemplateRead:
    template = await service.publish_template(session, principal, template_id, if_match)
    return _read(template, response)


@router.post(ONE + "/retire", operation_id="retire_template")
async def retire_template(
    template_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> TemplateRead:
    template = await service.retire_template(session, principal, template_id, if_match)
    return _read(template, response)


@router.post(
    ONE + "/revisions", status_code=status.HTTP_201_CREATED, operation_id="create_template_revision"
)
async def create_template_revision(
    template_id: uuid.UUID, principal: CurrentPrincipal, session: Session, response: Response
) -> TemplateRead:
    template = await service.new_revision(session, principal, template_id)
    response.headers["Location"] = f"/v1/templates/{template.id}"
    return _read(template, response)


@router.post(
    ONE + "/instantiations",
    status_code=status.HTTP_201_CREATED,
    operation_id="instantiate_template",
)
async def instantiate_template(
    template_id: uuid.UUID,
    body: InstantiationCreate,
    principal: CurrentPrincipal,
    session: Session,
    request: Request,
) -> InstantiationRead:
    return await instantiation.instantiate(
        session,
        principal,
        template_id,
        body,
        projects=request.app.state.projects_client,
        client_key=request.headers.get("idempotency-key"),
    )


@router.get(
    ONE + "/instantiations",
    operation_id="list_template_instantiations",
    response_model=Page[InstantiationRecordRead],
)
async def list_template_instantiations(
    template_id: uuid.UUID, principal: CurrentPrincipal, reader: Read, page: Paging
) -> Response:
    items, cursor = await instantiation.list_instantiations(reader, principal, template_id, page)
    return json_response({"items": items, "next_cursor": cursor})
