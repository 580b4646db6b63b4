from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from services.projects.models import Project
from services.projects.schedule import service, settings
from services.projects.schedule.schemas import (
    CriticalPath,
    ScheduleSettings,
    ScheduleSettingsRead,
    TaskScheduleRead,
)
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import Page
from shared.repository import json_response

router = APIRouter(tags=["schedule"])


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
    """Calendar, status date, deadline, critical threshold and progress semantics (the
    progress mode and MS Project's status-date options: see the fields); the project is
    rescheduled. ``If-Match`` takes the project's ETag."""
    project = await settings.update_settings(session, principal, project_id, body, if_match)
    set_etag(response, project.version)
    return _settings(project)


def _settings(project: Project) -> ScheduleSettingsRead:
    fields = {
        name: getattr(project, name)
        for name in ScheduleSettingsRead.model_fields
        if name != "project_id"
    }
    return ScheduleSettingsRead.model_validate({**fields, "project_id": project.id})


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
