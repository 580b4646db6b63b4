"""Every SQL statement of the facts read: a fixed number of queries for any number of
projects (never one per project).

1. the projects the caller may read, each with its latest baseline, its baseline count,
   its last status update and its RAID counts (lateral joins and scalar subqueries);
2. the tasks of all of them, in outline order, each with its entry in its project's latest
   baseline; the columns the engine reads come first, so a row is also the engine's input
   (see ``schedule/rows.py``);
3. their links; 4. their risks; 5. and 6. their calendars and calendar exceptions.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Float,
    Select,
    Text,
    Uuid,
    and_,
    any_,
    bindparam,
    cast,
    func,
    or_,
    select,
    true,
)

from services.projects.access.filters import Viewer, visible_projects
from services.projects.facts.schemas import FactTask
from services.projects.models import (
    Assumption,
    Baseline,
    BaselineTask,
    Calendar,
    CalendarException,
    Decision,
    Dependency,
    Issue,
    Project,
    Risk,
    StatusUpdate,
    Task,
)
from services.projects.schedule.rows import (
    ENGINE_TASK_COLUMNS,
    STORED_START_DATE,
    CalendarRows,
)
from services.projects.schedule.runner import ProgressSettings
from shared.reads import Query, Reader

_IDS = bindparam("project_ids", type_=ARRAY(Uuid))


def _count(model: Any, *where: ColumnElement[bool]) -> Any:
    return (
        select(func.count())
        .select_from(model)
        .where(model.project_id == Project.id, *where)
        .scalar_subquery()
    )


_LATEST_BASELINE = (
    select(
        Baseline.id,
        Baseline.number,
        Baseline.name,
        Baseline.created_at,
        Baseline.project_finish,
        Baseline.total_cost,
    )
    .where(Baseline.project_id == Project.id)
    .order_by(Baseline.number.desc())
    .limit(1)
    .lateral("latest_baseline")
)
_LAST_STATUS_UPDATE = (
    select(StatusUpdate.id, StatusUpdate.as_of, StatusUpdate.overall_rag, StatusUpdate.created_at)
    .where(StatusUpdate.project_id == Project.id)
    .order_by(StatusUpdate.as_of.desc(), StatusUpdate.created_at.desc(), StatusUpdate.id.desc())
    .limit(1)
    .lateral("last_status_update")
)
_PROJECT_FIELDS = (
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
    "calendar_id",
    *ProgressSettings._fields,
)


def _projects_query(read_all: bool) -> Query:
    columns = Project.__table__.c
    statement: Select[Any] = (
        select(
            Project.id.label("project_id"),
            *(columns[name] for name in _PROJECT_FIELDS),
            # The engine's threshold is a float (see schedule/repository.py).
            cast(Project.critical_threshold_days, Float).label("critical_threshold_days"),
            *(c.label(f"baseline_{c.key}") for c in _LATEST_BASELINE.c),
            _count(Baseline).label("baseline_count"),
            *(c.label(f"status_update_{c.key}") for c in _LAST_STATUS_UPDATE.c),
            _count(Risk, Risk.status == "open").label("open_risks"),
            _count(Issue, or_(Issue.status == "open", Issue.status == "in_progress")).label(
                "open_issues"
            ),
            _count(Assumption).label("assumptions"),
            _count(Decision).label("decisions"),
        )
        .select_from(Project)
        .outerjoin(_LATEST_BASELINE, true())
        .outerjoin(_LAST_STATUS_UPDATE, true())
        .where(Project.id == any_(_IDS), visible_projects(read_all))
    )
    return Query(statement)


_PROJECTS = {read_all: _projects_query(read_all) for read_all in (True, False)}


def local_text(column: Any) -> Any:
    """A computed date as the API writes a local time (ISO 8601 with a ``T``), formatted by
    PostgreSQL: text decodes several times faster than a timestamp, and a batch holds tens
    of thousands of computed dates. The engine computes whole minutes, so no fraction."""
    return func.to_char(column, 'YYYY-MM-DD"T"HH24:MI:SS', type_=Text)


# What a task's facts show besides the engine's columns (which carry its id and parent id
# as text, its name and its raw dates), under FactTask's field names. Numbers as text: asyncpg
# decodes text several times faster than UUIDs and Decimals, and the answer carries them as
# strings anyway (PostgreSQL's text of a numeric is the Decimal's, scale included), and the
# computed dates as text too (see local_text).
_FACT_TASK = {
    "wbs_code": Task.wbs_code,
    "is_summary": Task.is_summary,
    "is_milestone": Task.is_milestone,
    "duration_days": cast(Task.duration_days, Text),
    "percent_complete": cast(Task.percent_complete, Text),
    "constraint_type": Task.constraint_type,
    "early_start": local_text(Task.early_start),
    "early_finish": local_text(Task.early_finish),
    "late_start": local_text(Task.late_start),
    "late_finish": local_text(Task.late_finish),
    "total_float_days": cast(Task.total_float_days, Text),
    "critical": Task.critical,
    "cost": cast(Task.cost, Text),
    "baseline_start": local_text(BaselineTask.start),
    "baseline_finish": local_text(BaselineTask.finish),
    "baseline_duration_days": cast(BaselineTask.duration_days, Text),
    "baseline_cost": cast(BaselineTask.cost, Text),
}
FACT_TASK_FIELDS = tuple(FactTask.model_fields)
_FACT_ONLY = tuple(name for name in FACT_TASK_FIELDS if name in _FACT_TASK)
# The row's label of each FactTask field, in the field order.
FACT_TASK_LABELS = tuple(
    f"fact_{name}" if name in _FACT_TASK else name for name in FACT_TASK_FIELDS
)
# Each task row: the engine's columns (TaskInput's fields, then the stored start date the
# engine's project start may fall back on, see schedule/rows.py), its project, then the
# other facts, labelled ``fact_<field>`` (see FACT_TASK_LABELS).
_TASKS = Query(
    select(
        *ENGINE_TASK_COLUMNS,
        Task.start_date.label(STORED_START_DATE),
        Task.project_id.label("project_id"),
        *(_FACT_TASK[name].label(f"fact_{name}") for name in _FACT_ONLY),
    )
    .outerjoin(
        BaselineTask,
        and_(
            BaselineTask.task_id == Task.id,
            BaselineTask.baseline_id == any_(bindparam("baseline_ids", type_=ARRAY(Uuid))),
        ),
    )
    .where(Task.project_id == any_(_IDS))
    .order_by(Task.project_id, Task.position, Task.id)
)
_LINKS = Query(
    select(
        Dependency.project_id,
        cast(Dependency.id, Text).label("id"),
        cast(Dependency.predecessor_id, Text).label("predecessor_id"),
        cast(Dependency.successor_id, Text).label("successor_id"),
        Dependency.type,
        cast(Dependency.lag_days, Text).label("lag_days"),
    )
    .where(Dependency.project_id == any_(_IDS))
    .order_by(Dependency.project_id, Dependency.created_at, Dependency.id)
)
_RISKS = Query(
    select(
        Risk.project_id,
        Risk.id,
        Risk.title,
        Risk.status,
        Risk.probability,
        Risk.impact,
        (Risk.probability * Risk.impact).label("score"),
        Risk.owner,
        Risk.response_strategy,
        Risk.mitigation,
        Risk.updated_at,
    )
    .where(Risk.project_id == any_(_IDS))
    .order_by(Risk.project_id, Risk.created_at, Risk.id)
)
_CALENDAR_IDS = bindparam("calendar_ids", type_=ARRAY(Uuid))
_CALENDARS = Query(
    select(
        Calendar.id,
        Calendar.working_weekdays,
        cast(Calendar.hours_per_day, Float).label("hours_per_day"),
    ).where(Calendar.id == any_(_CALENDAR_IDS))
)
_EXCEPTIONS = Query(
    select(CalendarException.calendar_id, CalendarException.day, CalendarException.working).where(
        CalendarException.calendar_id == any_(_CALENDAR_IDS)
    )
)


@dataclass(slots=True)
class FactRows:
    """What the queries found, grouped by project (projects in the order asked)."""

    projects: list[asyncpg.Record]
    tasks: dict[uuid.UUID, list[asyncpg.Record]] = field(default_factory=dict)
    links: dict[uuid.UUID, list[dict[str, Any]]] = field(default_factory=dict)
    risks: dict[uuid.UUID, list[dict[str, Any]]] = field(default_factory=dict)
    calendars: dict[uuid.UUID, CalendarRows] = field(default_factory=dict)


def _grouped(rows: list[Any]) -> dict[uuid.UUID, list[Any]]:
    groups: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for row in rows:
        groups[row["project_id"]].append(row)
    return groups


class FactsRepository:
    async def read(
        self, reader: Reader, viewer: Viewer | None, project_ids: list[uuid.UUID]
    ) -> FactRows:
        """The rows of the projects among ``project_ids`` that ``viewer`` may read
        (``None``: every project)."""
        params: dict[str, Any] = {"project_ids": project_ids}
        if viewer is not None:
            params.update(viewer.params())
        found = await reader.records(_PROJECTS[viewer is None], **params)
        order = {pid: i for i, pid in enumerate(project_ids)}
        projects = sorted(found, key=lambda p: order[p["project_id"]])
        rows = FactRows(projects)
        if not projects:
            return rows
        ids = [p["project_id"] for p in projects]
        baselines = [p["baseline_id"] for p in projects if p["baseline_id"] is not None]
        tasks = await reader.records(_TASKS, project_ids=ids, baseline_ids=baselines)
        rows.tasks = _grouped(tasks)
        rows.links = _grouped(await reader.all(_LINKS, project_ids=ids))
        rows.risks = _grouped(await reader.all(_RISKS, project_ids=ids))
        calendar_ids = list({p["calendar_id"] for p in projects} - {None})
        if calendar_ids:
            rows.calendars = await self._calendars(reader, calendar_ids)
        return rows

    async def _calendars(
        self, reader: Reader, calendar_ids: list[uuid.UUID]
    ) -> dict[uuid.UUID, CalendarRows]:
        exceptions: dict[uuid.UUID, list[tuple[Any, bool]]] = defaultdict(list)
        for row in await reader.all(_EXCEPTIONS, calendar_ids=calendar_ids):
            exceptions[row["calendar_id"]].append((row["day"], row["working"]))
        return {
            row["id"]: CalendarRows(
                working_weekdays=tuple(row["working_weekdays"]),
                hours_per_day=row["hours_per_day"],
                exceptions=tuple(exceptions[row["id"]]),
            )
            for row in await reader.all(_CALENDARS, calendar_ids=calendar_ids)
        }
