"""A project's facts (what governance rules read), for one project or many at once.

A batch costs the same six queries whatever its size (see the repository); the only work
per project is in memory: two engine runs for the critical path test (a 100-task plan takes
a couple of milliseconds each) and the row shaping. The engine runs on the event loop, as a
reschedule of a plan of this size does (see ``schedule/runner.py``).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

import asyncpg

from services.projects.access.service import batch_subject
from services.projects.baselines.variance import working_days
from services.projects.engine.scheduler import no_gc
from services.projects.facts.measures import (
    Schedule,
    TaskState,
    critical_path_length,
    critical_path_test,
)
from services.projects.facts.repository import (
    FACT_TASK_FIELDS,
    FACT_TASK_LABELS,
    FactRows,
    FactsRepository,
)
from services.projects.schedule.rows import PlanRows
from services.projects.schedule.runner import work_calendar
from services.projects.schedule.service import engine_payload
from shared.auth import Principal
from shared.errors import NotFound
from shared.reads import Reader

repository = FactsRepository()

# Most projects one batch read takes (each answer carries a whole plan).
MAX_BATCH = 50


async def project_facts(
    reader: Reader, principal: Principal, project_id: uuid.UUID
) -> dict[str, Any]:
    """One project's facts; 404 when it does not exist or the caller may not read it."""
    found = await facts_of_projects(reader, principal, [project_id])
    if not found:
        raise NotFound(f"Project {project_id} not found.")
    return found[0]


async def facts_of_projects(
    reader: Reader, principal: Principal, project_ids: list[uuid.UUID]
) -> list[dict[str, Any]]:
    """The facts of the projects asked for, in that order (each once); unknown projects
    and those the caller may not read are left out."""
    unique = list(dict.fromkeys(project_ids))
    rows = await repository.read(reader, batch_subject(principal), unique)
    with no_gc():  # thousands of small rows, none of them cyclic
        return [_facts(project, rows) for project in rows.projects]


def _facts(project: asyncpg.Record, rows: FactRows) -> dict[str, Any]:
    project_id = project["project_id"]
    tasks = rows.tasks.get(project_id, [])
    links = rows.links.get(project_id, [])
    calendar_rows = rows.calendars.get(project["calendar_id"])
    calendar = work_calendar(calendar_rows)
    plan = PlanRows(project, tasks, [_engine_link(link) for link in links], calendar_rows)
    finish = project["scheduled_finish"]
    return {
        **{name: project[name] for name in _FIELDS},
        "critical_path_length_days": critical_path_length(
            calendar, project["status_date"], project["scheduled_start"], finish
        ),
        "finish_variance_days": working_days(calendar, finish, project["baseline_project_finish"]),
        "as_of": project["status_date"] or datetime.now(UTC).date(),
        "tasks": [_task(row) for row in tasks],
        "links": [_link(link) for link in links],
        "baseline": _baseline(project),
        "baseline_count": project["baseline_count"],
        "risks": [_risk(risk) for risk in rows.risks.get(project_id, [])],
        "raid": {name: project[name] for name in _RAID_COUNTS},
        "last_status_update": _status_update(project),
        "critical_path_test": (
            critical_path_test(engine_payload(plan), calendar, _stored(finish, tasks))
            if tasks
            else None
        ),
    }


_FIELDS = (
    "project_id",
    "portfolio_id",
    "code",
    "name",
    "description",
    "status",
    "phase",
    "sponsor",
    "manager",
    "priority",
    "tags",
    "start_date",
    "target_date",
    "budget",
    "currency",
    "status_date",
    "deadline",
    "scheduled_start",
    "scheduled_finish",
)
_RAID_COUNTS = ("open_risks", "open_issues", "assumptions", "decisions")
_BASELINE_FIELDS = ("id", "number", "name", "created_at", "project_finish", "total_cost")
_STATUS_UPDATE_FIELDS = ("id", "as_of", "overall_rag", "created_at")


def _stored(finish: datetime | None, tasks: list[asyncpg.Record]) -> Schedule | None:
    """The plan's schedule as the last reschedule stored it (every write reschedules in its
    own transaction, so it is what the engine computes for the stored plan); None when some
    task was never scheduled (the start-up catch-up has not reached it yet)."""
    states = list(map(_state, tasks))
    if finish is None or any(state[3] is None for state in states):
        return None
    return Schedule(finish, states)


_STATE = itemgetter("fact_critical", "fact_is_summary", "fact_is_milestone", "fact_early_start")


def _state(row: asyncpg.Record) -> TaskState:
    total_float = row["fact_total_float_days"]
    return (*_STATE(row), None if total_float is None else float(total_float))


_FACT_TASK = itemgetter(*FACT_TASK_LABELS)


def _task(row: asyncpg.Record) -> dict[str, Any]:
    return dict(zip(FACT_TASK_FIELDS, _FACT_TASK(row), strict=True))


def _engine_link(link: dict[str, Any]) -> tuple[str, str, str, float]:
    """A link as the engine reads it (LinkInput's fields, ids as text like the tasks')."""
    return (link["predecessor_id"], link["successor_id"], link["type"], float(link["lag_days"]))


def _link(link: dict[str, Any]) -> dict[str, Any]:
    del link["project_id"]
    return link


def _risk(risk: dict[str, Any]) -> dict[str, Any]:
    del risk["project_id"]
    return risk


def _baseline(project: asyncpg.Record) -> dict[str, Any] | None:
    if project["baseline_id"] is None:
        return None
    return {name: project[f"baseline_{name}"] for name in _BASELINE_FIELDS}


def _status_update(project: asyncpg.Record) -> dict[str, Any] | None:
    if project["status_update_id"] is None:
        return None
    return {name: project[f"status_update_{name}"] for name in _STATUS_UPDATE_FIELDS}
