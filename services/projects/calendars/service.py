"""Working calendars; a change reschedules every project that uses the calendar."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from services.projects.access.service import ensure_can_read, ensure_can_write, load_role, writable
from services.projects.calendars.repository import CalendarRepository
from services.projects.calendars.schemas import (
    CalendarCreate,
    CalendarExceptionIn,
    CalendarUpdate,
)
from services.projects.models import Calendar, CalendarException
from services.projects.schedule.service import lock_plan_and, reschedule
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import FieldError, NotFound, ValidationFailed

repository = CalendarRepository()


def _check_exceptions(exceptions: list[CalendarExceptionIn]) -> None:
    days = [e.day for e in exceptions]
    if len(days) != len(set(days)):
        raise ValidationFailed(
            "Each day may have one exception only.",
            errors=[FieldError("exceptions", "duplicate day")],
        )


async def _calendar_dict(session: AsyncSession, calendar: Calendar) -> dict[str, Any]:
    exceptions = await repository.exceptions(session, calendar.id)
    fields = ("id", "project_id", "name", "working_weekdays", "hours_per_day")
    body = {name: getattr(calendar, name) for name in fields}
    body["working_weekdays"] = sorted(body["working_weekdays"])
    body["exceptions"] = [{"day": e.day, "working": e.working, "name": e.name} for e in exceptions]
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
    return [
        await _calendar_dict(session, c) for c in await repository.usable_by(session, project_id)
    ]


async def check_usable(
    session: AsyncSession, calendar_id: uuid.UUID, project_id: uuid.UUID
) -> None:
    """Refuses a calendar that is neither the project's own nor organisation-wide."""
    calendar = await session.get(Calendar, calendar_id)
    if calendar is None or calendar.project_id not in (None, project_id):
        raise ValidationFailed(
            "The calendar must belong to this project or to the organisation.",
            errors=[FieldError("calendar_id", "unknown calendar for this project")],
        )


async def _load_for_write(
    session: AsyncSession, principal: Principal, calendar_id: uuid.UUID
) -> Calendar:
    # Organisation-wide calendars (no project) are managed elsewhere, not through a project.
    missing = NotFound(f"Calendar {calendar_id} not found.")
    calendar = await writable(session, principal, await session.get(Calendar, calendar_id), missing)
    assert calendar.project_id is not None  # writable() refuses the others
    await lock_plan_and(session, calendar.project_id, calendar)
    return calendar


async def update_calendar(
    session: AsyncSession,
    principal: Principal,
    calendar_id: uuid.UUID,
    data: CalendarUpdate,
    expected_versions: list[int] | None,
) -> dict[str, Any]:
    calendar = await _load_for_write(session, principal, calendar_id)
    check_version(calendar.version, expected_versions)
    changes = data.model_dump(exclude_unset=True, exclude_none=True, exclude={"exceptions"})
    if "working_weekdays" in changes:
        changes["working_weekdays"] = sorted(set(changes["working_weekdays"]))
    for field, value in changes.items():
        setattr(calendar, field, value)
    if data.exceptions is not None:
        _check_exceptions(data.exceptions)
        await repository.delete_exceptions(session, calendar.id)
        _add_exceptions(session, calendar.id, data.exceptions)
        flag_modified(calendar, "name")  # an exceptions-only edit still bumps the version
    await session.flush()
    for project_id in await repository.projects_using(session, calendar.id):
        await reschedule(session, project_id)
    await session.refresh(calendar)
    return await _calendar_dict(session, calendar)
