"""Load what a levelling needs (the plans as the engine computes them without levelling,
the pool, the assignments, the fingerprint) and turn a solve back into a preview."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.engine import TaskInput, WorkCalendar
from services.projects.levelling import repository
from services.projects.levelling.builder import (
    LevellingInput,
    PlanAssignment,
    PlanLink,
    PlanResource,
    PlanTask,
)
from services.projects.levelling.run import SolveOutcome
from services.projects.schedule.rows import CalendarRows
from services.projects.schedule.runner import EngineOutput, Payload, work_calendar
from services.projects.schedule.service import engine_outcome, engine_payload, load_plan
from shared.errors import NotFound

_HARD = frozenset({"MSO", "MFO", "SNLT", "FNLT", "ALAP"})


@dataclass(frozen=True)
class ProjectPlan:
    project_id: uuid.UUID
    payload: Payload  # the engine's input without any levelling delay
    outcome: EngineOutput  # its schedule
    calendar: WorkCalendar


@dataclass(frozen=True)
class LoadedPlans:
    plans: list[ProjectPlan]
    inp: LevellingInput
    fingerprint: dict[str, str]


def is_fixed(task: TaskInput) -> bool:
    """Started or complete work, a manual task, a hard constraint: levelling leaves it."""
    return bool(
        task.actual_start
        or task.actual_finish
        or task.percent_complete
        or task.manual_start
        or str(task.constraint) in _HARD
    )


async def _project_plan(session: AsyncSession, project_id: uuid.UUID) -> ProjectPlan:
    rows = await load_plan(session, project_id)
    if rows is None:
        raise NotFound(f"Project {project_id} not found.")
    payload = engine_payload(rows)
    payload = replace(payload, tasks=[t._replace(levelling_delay_days=0.0) for t in payload.tasks])
    outcome = await engine_outcome(payload)
    return ProjectPlan(project_id, payload, outcome, work_calendar(payload.calendar))


def _plan_tasks(plan: ProjectPlan) -> list[PlanTask]:
    mpd = plan.calendar.minutes_per_day
    return [
        PlanTask(
            id=str(task.id),
            project_id=str(plan.project_id),
            name=task.name,
            start=computed.start.date(),
            finish=computed.finish.date(),
            duration_days=task.duration_days,
            fixed=is_fixed(task),
            minutes_per_day=mpd,
        )
        for task, computed in zip(plan.payload.tasks, plan.outcome.tasks, strict=True)
        if not computed.is_summary
    ]


async def _pool(session: AsyncSession) -> list[PlanResource]:
    rows = await repository.resources(session)
    away: dict[str, list[Any]] = defaultdict(list)
    for row in await repository.time_off(session):
        away[row.resource_id].append((row.from_date, row.to_date))
    found = await repository.calendars(session, {r.calendar_id for r in rows if r.calendar_id})
    calendars = {
        cid: work_calendar(CalendarRows(days, hours, tuple(exceptions)))
        for cid, (days, hours, exceptions) in found.items()
    }
    default = WorkCalendar()
    return [
        PlanResource(
            r.id,
            r.kind,
            r.name,
            r.role_name,
            r.max_units,
            calendars.get(r.calendar_id, default),
            tuple(away.get(r.id, ())),
        )
        for r in rows
    ]


async def load_plans(session: AsyncSession, project_ids: list[uuid.UUID]) -> LoadedPlans:
    """The projects (locked in id order, as every plan writer locks) and their pool. One
    project levels on its own calendar's working days; several on the default calendar's."""
    plans = [await _project_plan(session, pid) for pid in sorted(project_ids)]
    axis = plans[0].calendar if len(plans) == 1 else WorkCalendar()
    tasks = [t for plan in plans for t in _plan_tasks(plan)]
    links = [
        PlanLink(str(link.predecessor_id), str(link.successor_id), str(link.type), link.lag_days)
        for plan in plans
        for link in plan.payload.links
    ]
    assignments = [
        PlanAssignment(row.task_id, row.resource_id, row.units)
        for row in await repository.assignments(session, project_ids)
    ]
    inp = LevellingInput(axis, tasks, links, await _pool(session), assignments)
    return LoadedPlans(plans, inp, await repository.fingerprint(session, project_ids))


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


async def preview_result(loaded: LoadedPlans, outcome: SolveOutcome) -> dict[str, Any]:
    """The engine's schedule with the solve's delays, compared with the plan's: nothing is
    written. The JSON of a levelling job's result."""
    projects, moved = [], []
    for plan in loaded.plans:
        tasks = [
            t._replace(levelling_delay_days=float(outcome.delays.get(str(t.id), 0)))
            for t in plan.payload.tasks
        ]
        levelled = await engine_outcome(replace(plan.payload, tasks=tasks))
        for task, old, new in zip(tasks, plan.outcome.tasks, levelled.tasks, strict=True):
            if not new.is_summary and (old.start, old.finish) != (new.start, new.finish):
                moved.append(
                    {
                        "task_id": str(task.id),
                        "project_id": str(plan.project_id),
                        "name": task.name,
                        "old_start": _iso(old.start),
                        "old_finish": _iso(old.finish),
                        "new_start": _iso(new.start),
                        "new_finish": _iso(new.finish),
                        "levelling_delay_days": task.levelling_delay_days,
                    }
                )
        old_finish, new_finish = plan.outcome.project_finish, levelled.project_finish
        added = plan.calendar.working_days_between(old_finish.date(), new_finish.date())
        projects.append(
            {
                "project_id": str(plan.project_id),
                "old_finish": _iso(old_finish),
                "new_finish": _iso(new_finish),
                "delay_days": max(0, added),
            }
        )
    return {
        "status": outcome.status,
        "old_finish": max((str(p["old_finish"]) for p in projects), default=None),
        "new_finish": max((str(p["new_finish"]) for p in projects), default=None),
        "delay_days": max((int(p["delay_days"] or 0) for p in projects), default=0),
        "projects": projects,
        "moved_tasks": moved,
        "delays": {task_id: float(days) for task_id, days in outcome.delays.items()},
        "fingerprint": loaded.fingerprint,
        "phases": {name: round(seconds, 4) for name, seconds in outcome.phases.items()},
    }
