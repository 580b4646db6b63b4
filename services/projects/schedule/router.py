from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from services.projects.models import Dependency, Project
from services.projects.schedule import calendars, links, service
from services.projects.schedule.schemas import (
    CalendarCreate,
    CalendarRead,
    CalendarUpdate,
    CriticalPath,
    DependencyCreate,
    DependencyRead,
    DependencyUpdate,
    ScheduleSettings,
    ScheduleSettingsRead,
    TaskScheduleRead,
)
from shared.auth import CurrentPrincipal
from shared.concurrency import etag_for
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import Page, parse_ids
from shared.repository import json_response

router = APIRouter(tags=["schedule"])


def _link(link: Dependency, response: Response) -> DependencyRead:
    response.headers["ETag"] = etag_for(link.version)
    return DependencyRead.model_validate(link, from_attributes=True)


def _calendar(body: dict[str, Any], response: Response) -> CalendarRead:
    response.headers["ETag"] = etag_for(body["version"])
    return CalendarRead.model_validate(body)


@router.post(
    "/v1/projects/{project_id}/dependencies",
    status_code=status.HTTP_201_CREATED,
    operation_id="add_dependency",
)
async def add_dependency(
    project_id: uuid.UUID,
    body: DependencyCreate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
) -> DependencyRead:
    link = await links.add_link(session, principal, project_id, body)
    response.headers["Location"] = f"/v1/dependencies/{link.id}"
    return _link(link, response)


@router.get(
    "/v1/projects/{project_id}/dependencies",
    operation_id="list_dependencies",
    response_model=Page[DependencyRead],
)
async def list_dependencies(
    project_id: uuid.UUID, principal: CurrentPrincipal, reader: Read, page: Paging
) -> Response:
    items, cursor = await links.list_links(reader, principal, project_id, page)
    return json_response({"items": items, "next_cursor": cursor})


@router.get(
    "/v1/dependencies", operation_id="list_dependencies_into", response_model=Page[DependencyRead]
)
async def list_dependencies_into(
    principal: CurrentPrincipal,
    reader: Read,
    successor_ids: Annotated[str, Query(description="Comma-separated task ids (at most 500)")],
) -> Response:
    """Every link into the given tasks (their predecessors), whatever their projects; tasks
    the caller cannot see contribute nothing. One page: ``next_cursor`` is null."""
    items = await links.links_into(
        reader, principal, parse_ids(successor_ids, name="successor_ids") or []
    )
    return json_response({"items": items, "next_cursor": None})


@router.patch("/v1/dependencies/{dependency_id}", operation_id="update_dependency")
async def update_dependency(
    dependency_id: uuid.UUID,
    body: DependencyUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> DependencyRead:
    link = await links.update_link(session, principal, dependency_id, body, if_match)
    return _link(link, response)


@router.delete(
    "/v1/dependencies/{dependency_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_dependency",
)
async def delete_dependency(
    dependency_id: uuid.UUID, principal: CurrentPrincipal, session: Session, if_match: IfMatch
) -> Response:
    await links.delete_link(session, principal, dependency_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/v1/projects/{project_id}/calendars",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_calendar",
)
async def create_calendar(
    project_id: uuid.UUID,
    body: CalendarCreate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
) -> CalendarRead:
    calendar = await calendars.create_calendar(session, principal, project_id, body)
    response.headers["Location"] = f"/v1/calendars/{calendar['id']}"
    return _calendar(calendar, response)


@router.get(
    "/v1/projects/{project_id}/calendars",
    operation_id="list_calendars",
    response_model=Page[CalendarRead],
)
async def list_calendars(
    project_id: uuid.UUID, principal: CurrentPrincipal, session: Session
) -> Page[CalendarRead]:
    """A project has few calendars: one page holds them all."""
    items = await calendars.list_calendars(session, principal, project_id)
    return Page[CalendarRead](items=[CalendarRead.model_validate(c) for c in items])


@router.patch("/v1/calendars/{calendar_id}", operation_id="update_calendar")
async def update_calendar(
    calendar_id: uuid.UUID,
    body: CalendarUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> CalendarRead:
    calendar = await calendars.update_calendar(session, principal, calendar_id, body, if_match)
    return _calendar(calendar, response)


@router.patch(
    "/v1/projects/{project_id}/schedule-settings", operation_id="update_schedule_settings"
)
async def update_schedule_settings(
    project_id: uuid.UUID,
    body: ScheduleSettings,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> ScheduleSettingsRead:
    """Calendar, status date, deadline and critical threshold; the project is rescheduled.
    ``If-Match`` takes the project's ETag."""
    project = await calendars.update_settings(session, principal, project_id, body, if_match)
    response.headers["ETag"] = etag_for(project.version)
    return _settings(project)


def _settings(project: Project) -> ScheduleSettingsRead:
    return ScheduleSettingsRead.model_validate(
        {
            **{
                c: getattr(project, c)
                for c in ScheduleSettingsRead.model_fields
                if c != "project_id"
            },
            "project_id": project.id,
        }
    )


@router.get(
    "/v1/projects/{project_id}/critical-path",
    operation_id="get_critical_path",
    response_model=CriticalPath,
)
async def get_critical_path(
    project_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
) -> Response:
    return json_response(await service.critical_path(reader, principal, project_id))


@router.get(
    "/v1/projects/{project_id}/schedule",
    operation_id="get_schedule",
    response_model=Page[TaskScheduleRead],
)
async def get_schedule(
    project_id: uuid.UUID, principal: CurrentPrincipal, reader: Read, page: Paging
) -> Response:
    """The computed dates, floats and critical flag of every task, in outline order."""
    items, cursor = await service.schedule_page(reader, principal, project_id, page)
    return json_response({"items": items, "next_cursor": cursor})
