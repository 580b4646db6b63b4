"""Import an MSPDI file as a new project, in the request's one transaction."""

from __future__ import annotations

import asyncio
import re
import secrets
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import ensure_can_read, load_role
from services.projects.engine import ScheduleResult, SchedulingError, schedule
from services.projects.interchange import repository
from services.projects.interchange.exporter import write_mspdi
from services.projects.interchange.import_rows import ImportRows, import_rows
from services.projects.interchange.mspdi_mapping import to_schedule_input
from services.projects.interchange.mspdi_model import MspdiError, MspdiProject
from services.projects.interchange.mspdi_reader import read_mspdi
from services.projects.models import Project
from services.projects.plans import service as plans_service
from services.projects.projects import service as projects_service
from services.projects.projects.schemas import ProjectCreate
from shared.auth import Principal
from shared.errors import FieldError, ValidationFailed


@dataclass(frozen=True, slots=True)
class ParsedPlan:
    project: MspdiProject
    result: ScheduleResult
    warnings: list[str]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    project: Project
    counts: dict[str, int]
    warnings: list[str]


def parse_plan(data: bytes) -> ParsedPlan:
    """Read the file and schedule it once (pure, CPU-bound): every problem with the file or
    the plan (a cycle, a date out of range) surfaces here, before anything is written."""
    try:
        project = read_mspdi(data)
        warnings: list[str] = []
        result = schedule(to_schedule_input(project, warnings))
    except MspdiError as exc:
        raise _invalid(exc, "file") from exc
    except SchedulingError as exc:
        raise _invalid(exc, "plan") from exc
    return ParsedPlan(project, result, warnings)


def _invalid(exc: SchedulingError, default_field: str) -> ValidationFailed:
    return ValidationFailed(
        f"The MSPDI file cannot be imported: {exc.message}",
        errors=[FieldError(exc.field or default_field, exc.message)],
        extra={"code": exc.code},
    )


def derive_code(name: str) -> str:
    """A project code from the plan's title plus a short random suffix (codes are unique)."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").upper()[:24] or "MSPDI"
    return f"{stem}-{secrets.token_hex(3).upper()}"


async def import_mspdi(
    session: AsyncSession, principal: Principal, data: bytes, code: str | None
) -> ImportOutcome:
    if not data:
        raise ValidationFailed(
            "The request has no MSPDI file.", errors=[FieldError("file", "empty body")]
        )
    plan = await asyncio.to_thread(parse_plan, data)
    mspdi = plan.project
    name = (mspdi.name or "Imported plan")[:200]
    project = await projects_service.create_project(
        session,
        principal,
        ProjectCreate(
            code=code or derive_code(name), name=name, start_date=mspdi.start_date.date()
        ),
        _schedule_settings(mspdi),
    )
    rows = import_rows(
        mspdi, plan.result, plan.result.calendar.working_weekdays, project.id, principal.subject
    )
    await repository.insert_calendar(session, project.id, rows)
    counts = _counts(rows)
    summary = {"source": "mspdi", **counts}
    await plans_service.write_new_plan(session, project, rows.tasks, rows.dependencies, summary)
    await repository.insert_baselines(session, rows)
    return ImportOutcome(project, counts, [*plan.warnings, *rows.warnings])


def _schedule_settings(mspdi: MspdiProject) -> dict[str, Any]:
    """The file's scheduling settings. It was scheduled the way MS Project schedules, with
    its status-date options: the project keeps them, so every later reschedule computes what
    MS Project would (unless the file is our export of a data-date project: that one comes
    back as it was, see progress_marks.py)."""
    return {
        "status_date": mspdi.status_date.date() if mspdi.status_date else None,
        "deadline": mspdi.deadline.date() if mspdi.deadline else None,
        "critical_threshold_days": mspdi.critical_slack_limit_days,
        "progress_mode": mspdi.progress_mode.value,
        **asdict(mspdi.status_options),
    }


def _counts(rows: ImportRows) -> dict[str, Any]:
    return {
        "tasks": len(rows.tasks),
        "dependencies": len(rows.dependencies),
        "calendars": 1,
        "baselines": len(rows.baselines),
    }


async def export_mspdi(session: AsyncSession, principal: Principal, project_id: uuid.UUID) -> bytes:
    ensure_can_read(principal, await load_role(session, principal, project_id), project_id)
    plan = await repository.load_for_export(session, project_id)
    return await asyncio.to_thread(write_mspdi, plan)
