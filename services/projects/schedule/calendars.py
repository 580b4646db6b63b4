"""Working calendars and the project's scheduling settings; changes reschedule what uses them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from services.projects.access import ensure_can_read, ensure_can_write, load_role
from services.projects.models import Calendar, CalendarException, Project
from services.projects.schedule import repository
from services.projects.schedule.schemas import (
    CalendarCreate,
    CalendarExceptionIn,
    CalendarUpdate,
    ScheduleSettings,
)
from services.projects.schedule.service import reschedule
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import FieldError, NotFound, ValidationFailed


def _check_exceptions(exceptions: list[CalendarExceptionIn]) -> None:
    days = [e.day for e in exceptions]
    if len(days) != len(set(days)):
        raise ValidationFailed(
            "Each day may have one exception only.",
            errors=[FieldError("exceptions", "duplicate day")],
        )


async def _calendar_dict(session: AsyncSession, calendar: Calendar) -> dict[str, Any]:
    rows = await session.scalars(
        select(CalendarException)
        .where(CalendarException.calendar_id == calendar.id)
        .order_by(CalendarException.day)
    )
    fields = ("id", "project_id", "name", "working_weekdays", "hours_per_day")
    body = {name: getattr(calendar, name) for name in fields}
    body["working_weekdays"] = sorted(body["working_weekdays"])
    body["exceptions"] = [{"day": e.day, "working": e.working, "name": e.name} for e in rows]
    body.update(created_at=calendar.created_at, updated_at=calendar.updated_at)
    body["version"] = calendar.version
    return body


def _add_exceptions(
    session: AsyncSession, calendar_id: uuid.UUID, exceptions: list[CalendarExceptionIn]
) -> None:
    session.add_all(
        CalendarException(calendar_id=calendar_id, **e.model_dump()) for e in exceptions
    )


async def create_calendar(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, data: CalendarCreate
) -> dict[str, Any]:
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    _check_exceptions(data.exceptions)
    calendar = Calendar(
        project_id=project_id,
        name=data.name,
        working_weekdays=sorted(set(data.working_weekdays)),
        hours_per_day=data.hours_per_day,
    )
    session.add(calendar)
    await session.flush()
    _add_exceptions(session, calendar.id, data.exceptions)
    await session.flush()
    await session.refresh(calendar)
    return await _calendar_dict(session, calendar)


async def list_calendars(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID
) -> list[dict[str, Any]]:
    """The project's own calendars and the organisation-wide ones it may use."""
    ensure_can_read(principal, await load_role(session, principal, project_id), project_id)
    calendars = await session.scalars(
        select(Calendar)
        .where((Calendar.project_id == project_id) | Calendar.project_id.is_(None))
        .order_by(Calendar.created_at, Calendar.id)
    )
    return [await _calendar_dict(session, c) for c in calendars]


async def update_calendar(
    session: AsyncSession,
    principal: Principal,
    calendar_id: uuid.UUID,
    data: CalendarUpdate,
    expected_versions: list[int] | None,
) -> dict[str, Any]:
    calendar = await session.get(Calendar, calendar_id)
    if calendar is None or calendar.project_id is None:
        # Organisation-wide calendars are managed elsewhere (not through a project).
        raise NotFound(f"Calendar {calendar_id} not found.")
    project_id = calendar.project_id
    try:
        ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    except NotFound as exc:
        raise NotFound(f"Calendar {calendar_id} not found.") from exc
    await repository.lock_project(session, project_id)
    await session.refresh(calendar, with_for_update=True)
    check_version(calendar.version, expected_versions)
    changes = data.model_dump(exclude_unset=True, exclude_none=True, exclude={"exceptions"})
    if "working_weekdays" in changes:
        changes["working_weekdays"] = sorted(set(changes["working_weekdays"]))
    for field, value in changes.items():
        setattr(calendar, field, value)
    if data.exceptions is not None:
        _check_exceptions(data.exceptions)
        await session.execute(
            delete(CalendarException).where(CalendarException.calendar_id == calendar.id)
        )
        _add_exceptions(session, calendar.id, data.exceptions)
        flag_modified(calendar, "name")  # an exceptions-only edit still bumps the version
    await session.flush()
    users = await session.scalars(select(Project.id).where(Project.calendar_id == calendar.id))
    for user in users.all():
        await reschedule(session, user)
    await session.refresh(calendar)
    return await _calendar_dict(session, calendar)


async def update_settings(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    data: ScheduleSettings,
    expected_versions: list[int] | None,
) -> Project:
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    await repository.lock_project(session, project_id)
    project = await session.get(Project, project_id, with_for_update=True)
    if project is None:
        raise NotFound(f"Project {project_id} not found.")
    check_version(project.version, expected_versions)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("calendar_id") is not None:
        calendar = await session.get(Calendar, changes["calendar_id"])
        if calendar is None or calendar.project_id not in (None, project_id):
            raise ValidationFailed(
                "The calendar must belong to this project or to the organisation.",
                errors=[FieldError("calendar_id", "unknown calendar for this project")],
            )
    if "critical_threshold_days" in changes and changes["critical_threshold_days"] is None:
        changes["critical_threshold_days"] = 0
    for field, value in changes.items():
        setattr(project, field, value)
    await session.flush()
    await reschedule(session, project_id)
    await session.refresh(project)
    return project
