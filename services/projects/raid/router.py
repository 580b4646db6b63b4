"""CRUD routes for risks, issues, assumptions and decisions, built once per kind.

No ``from __future__ import annotations`` here: the route signatures name each kind's
schemas through variables, which FastAPI must see as evaluated annotations."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from services.projects.raid.kinds import KINDS, RaidKind
from services.projects.raid.service import RaidService
from shared.auth import CurrentPrincipal
from shared.dependencies import FirstPages, IfMatch, Paging, Read, Session
from shared.pagination import Page, PagesByProject
from shared.repository import json_response, versioned_response

router = APIRouter(tags=["raid"])


def _entry_response(row: dict, status_code: int = 200) -> Response:
    return versioned_response(row, status_code=status_code)


def _add_project_routes(kind: RaidKind, service: RaidService) -> None:
    """Create and list a project's entries of one kind."""
    in_project = f"/v1/projects/{{project_id}}/{kind.plural}"
    # The kind's schemas, chosen at run time: FastAPI reads them from the evaluated annotations
    # below; to mypy they are Any (a variable typed Any is accepted as a type).
    Create: Any = kind.create
    Entry: Any = kind.read
    Status: Any = kind.statuses
    sort_help = "created_at, updated_at, title; '-' for descending"

    @router.post(
        in_project,
        status_code=status.HTTP_201_CREATED,
        operation_id=f"create_{kind.singular}",
        response_model=Entry,
    )
    async def create_entry(
        project_id: uuid.UUID, body: Create, principal: CurrentPrincipal, session: Session
    ) -> Response:
        row = await service.create(session, principal, project_id, body)
        response = _entry_response(row, status.HTTP_201_CREATED)
        response.headers["Location"] = f"/v1/{kind.plural}/{row['id']}"
        return response

    @router.get(
        in_project,
        operation_id=f"list_{kind.plural}",
        response_model=Page[Entry],
    )
    async def list_entries(
        project_id: uuid.UUID,
        principal: CurrentPrincipal,
        reader: Read,
        page: Paging,
        status: Annotated[list[Status] | None, Query()] = None,
        sort: Annotated[str | None, Query(description=sort_help)] = None,
    ) -> Response:
        statuses = [s.value for s in status] if status else None
        items, cursor = await service.list_for_project(
            reader, principal, project_id, statuses, page, sort
        )
        return json_response({"items": items, "next_cursor": cursor})

    # Before the kind's /v1/<plural>/{entry_id} routes, which would take "first-pages" as an id.
    @router.get(
        f"/v1/{kind.plural}/first-pages",
        operation_id=f"list_first_{kind.singular}_pages",
        response_model=PagesByProject[Entry],
        description=(
            f"The first page of {kind.plural} (oldest first) of many projects at once: the "
            "gateway's DataLoader batch. Each `next_cursor` continues in the project's list."
        ),
    )
    async def list_first_pages(
        principal: CurrentPrincipal, reader: Read, batch: FirstPages
    ) -> Response:
        pages = await service.first_pages(reader, principal, batch.project_ids, batch.limit)
        return json_response({"items": pages})


def _add_entry_routes(kind: RaidKind, service: RaidService) -> None:
    """Read, change and delete one entry."""
    one = f"/v1/{kind.plural}/{{entry_id}}"
    Update: Any = kind.update
    Entry: Any = kind.read

    @router.get(
        one,
        operation_id=f"get_{kind.singular}",
        response_model=Entry,
    )
    async def get_entry(entry_id: uuid.UUID, principal: CurrentPrincipal, reader: Read) -> Response:
        return _entry_response(await service.get(reader, principal, entry_id))

    @router.patch(
        one,
        operation_id=f"update_{kind.singular}",
        response_model=Entry,
    )
    async def update_entry(
        entry_id: uuid.UUID,
        body: Update,
        principal: CurrentPrincipal,
        session: Session,
        if_match: IfMatch,
    ) -> Response:
        row = await service.update(session, principal, entry_id, body, if_match)
        return _entry_response(row)

    @router.delete(
        one,
        status_code=status.HTTP_204_NO_CONTENT,
        operation_id=f"delete_{kind.singular}",
    )
    async def delete_entry(
        entry_id: uuid.UUID, principal: CurrentPrincipal, session: Session, if_match: IfMatch
    ) -> Response:
        await service.delete(session, principal, entry_id, if_match)
        return Response(status_code=status.HTTP_204_NO_CONTENT)


for _kind in KINDS:
    _service = RaidService(_kind)
    _add_project_routes(_kind, _service)
    _add_entry_routes(_kind, _service)
