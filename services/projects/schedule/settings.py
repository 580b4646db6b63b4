"""A project's scheduling settings: its calendar, status date, deadline, critical
threshold and progress semantics. A change reschedules the project."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import ensure_can_write, load_role
from services.projects.calendars.service import check_usable
from services.projects.models import Project
from services.projects.schedule.schemas import ScheduleSettings
from services.projects.schedule.service import lock_plan, reschedule
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import NotFound

# Settings that are never empty: null sets them back to what a new project has.
_DEFAULTS = {
    "critical_threshold_days": 0,
    "progress_mode": "data_date",
    "move_completed_ends_back": False,
    "move_remaining_starts_back": False,
    "move_remaining_starts_forward": False,
    "move_completed_ends_forward": False,
    "split_in_progress_tasks": True,
}


async def update_settings(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    data: ScheduleSettings,
    expected_versions: list[int] | None,
) -> Project:
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    await lock_plan(session, project_id)
    project = await session.get(Project, project_id, with_for_update=True)
    if project is None:
        raise NotFound(f"Project {project_id} not found.")
    check_version(project.version, expected_versions)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("calendar_id") is not None:
        await check_usable(session, changes["calendar_id"], project_id)
    for field, default in _DEFAULTS.items():
        if field in changes and changes[field] is None:
            changes[field] = default
    for field, value in changes.items():
        setattr(project, field, value)
    await session.flush()
    await reschedule(session, project_id)
    await session.refresh(project)
    return project
