"""Project membership (projects service): who has which role on a project."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from shared.clients import (
    InputModel,
    Operation,
    PagesByProjectDTO,
    ProjectPageDTO,
    TypedClient,
    WireModel,
    page_params,
)
from shared.pagination import MAX_LIMIT, Page


class ProjectRole(StrEnum):
    manager = "manager"
    member = "member"
    viewer = "viewer"


class MemberDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    user_id: str
    role: ProjectRole
    created_at: datetime
    updated_at: datetime
    version: int


class MemberCreate(InputModel):
    user_id: str
    role: ProjectRole


class MemberUpdate(InputModel):
    role: ProjectRole


MEMBERS = "/v1/projects/{project_id}/members"
LIST_PROJECT_MEMBERS = Operation("list_project_members", "GET", MEMBERS, Page[MemberDTO])
FIRST_MEMBER_PAGES = Operation(
    "list_first_project_member_pages",
    "GET",
    "/v1/members/first-pages",
    PagesByProjectDTO[MemberDTO],
)
ADD_PROJECT_MEMBER = Operation("add_project_member", "POST", MEMBERS, MemberDTO, body=MemberCreate)
MEMBER = MEMBERS + "/{member_id}"
UPDATE_PROJECT_MEMBER = Operation(
    "update_project_member", "PATCH", MEMBER, MemberDTO, body=MemberUpdate
)
REMOVE_PROJECT_MEMBER: Operation[Any] = Operation("remove_project_member", "DELETE", MEMBER, None)


class MemberEndpoints(TypedClient):
    async def list_members(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[MemberDTO]:
        """Oldest first."""
        return await self.fetch(
            LIST_PROJECT_MEMBERS, path={"project_id": project_id}, params=page_params(limit, cursor)
        )

    async def role_of(self, project_id: uuid.UUID, user_id: str) -> ProjectRole | None:
        """A user's membership role on the project (None: not a member), for services that
        apply the projects service's own rules to their records about a project. The
        projects service answers 404 for a project that does not exist or that the caller
        may not see, and that NotFound is what the caller gets."""
        cursor: str | None = None
        while True:
            page = await self.list_members(project_id, limit=MAX_LIMIT, cursor=cursor)
            for member in page.items:
                if member.user_id == user_id:
                    return member.role
            if page.next_cursor is None:
                return None
            cursor = page.next_cursor

    async def members_by_project(
        self, project_ids: list[uuid.UUID], *, limit: int
    ) -> dict[uuid.UUID, ProjectPageDTO[MemberDTO]]:
        """Each project's first ``limit`` members (oldest first), one call per 500 projects;
        each ``next_cursor`` continues in :meth:`list_members`."""
        return await self.fetch_by_project(FIRST_MEMBER_PAGES, project_ids, limit=limit)

    async def add_member(
        self, project_id: uuid.UUID, data: MemberCreate, *, idempotency_key: str | None = None
    ) -> MemberDTO:
        path = {"project_id": project_id}
        return await self.send(ADD_PROJECT_MEMBER, data, path=path, idempotency_key=idempotency_key)

    async def update_member(
        self,
        project_id: uuid.UUID,
        member_id: uuid.UUID,
        data: MemberUpdate,
        *,
        expected_version: int | None = None,
    ) -> MemberDTO:
        path = {"project_id": project_id, "member_id": member_id}
        return await self.send(
            UPDATE_PROJECT_MEMBER, data, path=path, expected_version=expected_version
        )

    async def remove_member(
        self, project_id: uuid.UUID, member_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        path = {"project_id": project_id, "member_id": member_id}
        await self.send_no_content(
            REMOVE_PROJECT_MEMBER, path=path, expected_version=expected_version
        )
