from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.projects.members import service
from services.projects.members.schemas import MemberCreate, MemberRead, MemberUpdate
from services.projects.models import ProjectMember
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import FirstPages, IfMatch, Paging, Read, Session
from shared.pagination import Page, PagesByProject
from shared.repository import json_response

router = APIRouter(tags=["members"])
MEMBERS = "/v1/projects/{project_id}/members"


def _read(member: ProjectMember, response: Response) -> MemberRead:
    set_etag(response, member.version)
    return MemberRead.model_validate(member, from_attributes=True)


@router.get(MEMBERS, operation_id="list_project_members", response_model=Page[MemberRead])
async def list_project_members(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    sort: Annotated[
        str | None, Query(description="created_at, user_id; '-' for descending")
    ] = None,
) -> Response:
    items, cursor = await service.list_members(reader, principal, project_id, page, sort)
    return json_response({"items": items, "next_cursor": cursor})


@router.post(MEMBERS, status_code=status.HTTP_201_CREATED, operation_id="add_project_member")
async def add_project_member(
    project_id: uuid.UUID,
    body: MemberCreate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
) -> MemberRead:
    return _read(await service.add_member(session, principal, project_id, body), response)


@router.patch(MEMBERS + "/{member_id}", operation_id="update_project_member")
async def update_project_member(
    project_id: uuid.UUID,
    member_id: uuid.UUID,
    body: MemberUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> MemberRead:
    member = await service.update_member(session, principal, project_id, member_id, body, if_match)
    return _read(member, response)


@router.delete(
    MEMBERS + "/{member_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="remove_project_member",
)
async def remove_project_member(
    project_id: uuid.UUID,
    member_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    if_match: IfMatch,
) -> Response:
    await service.remove_member(session, principal, project_id, member_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/v1/members/first-pages",
    operation_id="list_first_project_member_pages",
    response_model=PagesByProject[MemberRead],
)
async def list_first_project_member_pages(
    principal: CurrentPrincipal, reader: Read, batch: FirstPages
) -> Response:
    """The first page of members (oldest first) of many projects at once: the gateway's
    DataLoader batch. Each ``next_cursor`` continues in the project's list."""
    pages = await service.first_member_pages(reader, principal, batch.project_ids, batch.limit)
    return json_response({"items": pages})
