"""Create a project with its whole plan in the request's one transaction (template
instantiation), and write the rows of a new plan (shared with the MSPDI import).

Either everything is written, scheduled and committed, or nothing: a bad key, a cycle or a
plan the engine cannot schedule is a 422 and the transaction rolls back. The
``Idempotency-Key`` middleware makes a retried request answer the same project.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.models import Project, audit_records
from services.projects.plans import repository
from services.projects.plans.rows import check_plan, link_rows, task_rows
from services.projects.plans.schemas import ProjectPlanCreate
from services.projects.projects import service as projects_service
from services.projects.projects.schemas import ProjectCreate
from services.projects.raid.kinds import ASSUMPTIONS, DECISIONS, ISSUES, RISKS
from services.projects.raid.service import RaidService
from services.projects.schedule.service import reschedule
from shared import audit
from shared.audit import Action, Change, snapshot
from shared.auth import Principal

_RAID = {kind.plural: RaidService(kind) for kind in (RISKS, ISSUES, ASSUMPTIONS, DECISIONS)}


async def write_new_plan(
    session: AsyncSession,
    project: Project,
    tasks: list[dict[str, Any]],
    links: list[dict[str, Any]],
    summary: Mapping[str, Any],
) -> None:
    """Insert a new project's tasks (parents first) and links, record what came in (the
    rows bypass the ORM: one audit record, ``summary``, says what they were) and schedule
    the plan (a 422 when it cannot be scheduled)."""
    await repository.insert_tasks_and_links(session, tasks, links)
    await audit.record(
        session,
        audit_records,
        [Change(Action.imported, "projects", project.id, project.id, snapshot(summary))],
    )
    await session.flush()
    await reschedule(session, project.id)
    await session.refresh(project)


async def create_project_plan(
    session: AsyncSession, principal: Principal, plan: ProjectPlanCreate
) -> dict[str, Any]:
    """The project (its creator becomes its manager, as for any new project), its tasks,
    links and RAID entries, scheduled."""
    checked = check_plan(plan)  # before anything is written
    fields = ProjectCreate.model_validate(plan.model_dump(include=set(ProjectCreate.model_fields)))
    starting = {"phase": plan.phase} if plan.phase is not None else None
    project = await projects_service.create_project(session, principal, fields, starting)
    tasks = task_rows(plan, checked, project.id)
    links = link_rows(plan, checked, project.id)
    counts = {"tasks": len(tasks), "dependencies": len(links)}
    for name, raid in _RAID.items():
        counts[name] = await raid.add_entries(session, project.id, getattr(plan.raid, name))
    await write_new_plan(session, project, tasks, links, {"source": "project-plan", **counts})
    return {"project": project, "task_ids": checked.ids, "counts": counts}
