"""Turn a parsed MSPDI project and its computed schedule into table rows (pure, no I/O).

Rows are plain dicts for Core bulk inserts; ids are generated here so that parents, links and
baseline entries can refer to tasks before anything is written.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from services.projects.engine import WorkCalendar
from services.projects.engine.model import ScheduleResult, TaskSchedule
from services.projects.interchange.calendars import calendar_exceptions
from services.projects.interchange.mspdi_mapping import scheduled_tasks
from services.projects.interchange.mspdi_model import MspdiProject, MspdiTask
from services.projects.interchange.xml_write import whole_percent
from services.projects.schedule.runner import is_split
from services.projects.tasks.progress import percent_of

EXTERNAL_SOURCE = "mspdi"
MAX_NAME = 300
MAX_EXCEPTION_NAME = 200
_TWO_PLACES = Decimal("0.01")
_WORK_PLACES = Decimal("0.0001")  # actual and remaining durations (see models.task)


@dataclass(slots=True)
class ImportRows:
    calendar: dict[str, Any]
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    dependencies: list[dict[str, Any]] = field(default_factory=list)
    baselines: list[dict[str, Any]] = field(default_factory=list)
    baseline_tasks: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _days(
    value: float, what: str, warnings: list[str], noise: float, places: Decimal = _TWO_PLACES
) -> Decimal:
    """``value`` to two (or ``places``) decimals, with a warning when that loses more than
    ``noise`` days."""
    stored = Decimal(repr(value)).quantize(places)
    if abs(float(stored) - value) > noise + 1e-9:
        warnings.append(f"{what}: {value:g} working days stored as {stored}")
    return stored


def _noise(minutes_per_day: int) -> float:
    """Half a tenth of a minute (the unit of MSPDI lags; durations are whole seconds), in
    days: a file value this close to two decimals only carries the file's own rounding (our
    export of 0.82 days at 438 minutes a day reads back as 0.820015), no lost precision."""
    return 0.05 / minutes_per_day


def _computed(result: TaskSchedule | None, calendar: WorkCalendar) -> dict[str, Any]:
    if result is None:
        return {}
    return {
        "stop": result.stop,
        "resume": result.resume,
        "is_split": is_split(result, calendar),
        "wbs_code": result.wbs[:64],
        "is_summary": result.is_summary,
        "is_milestone": result.is_milestone,
        "early_start": result.early_start,
        "early_finish": result.early_finish,
        "late_start": result.late_start,
        "late_finish": result.late_finish,
        "total_float_days": Decimal(repr(result.total_float_days)).quantize(Decimal("0.0001")),
        "free_float_days": Decimal(repr(result.free_float_days)).quantize(Decimal("0.0001")),
        "critical": result.critical,
        "start_date": result.start.date(),
        "finish_date": result.finish.date(),
    }


def _task_row(
    task: MspdiTask,
    task_id: uuid.UUID,
    parent_id: uuid.UUID | None,
    position: int,
    project_id: uuid.UUID,
    warnings: list[str],
    noise: float,
) -> dict[str, Any]:
    return {
        "id": task_id,
        "project_id": project_id,
        "parent_id": parent_id,
        "name": (task.name or f"Task {task.uid}")[:MAX_NAME],
        "position": position,
        "duration_days": _days(
            task.duration_days, f"task UID {task.uid} duration", warnings, noise
        ),
        **_progress(task, warnings, noise),
        "cost": None if task.cost is None else Decimal(repr(task.cost)).quantize(_TWO_PLACES),
        "milestone": task.milestone,
        "constraint_type": task.constraint.value,
        "constraint_date": task.constraint_date,
        "deadline": task.deadline.date() if task.deadline else None,
        # With their times: a milestone done at 17:00 is not one done at 08:00 the next day.
        "actual_start": task.actual_start,
        "actual_finish": task.actual_finish,
        # MS Project keeps a manually scheduled task at the start it shows. Kept on a
        # summary too, where scheduling ignores it, for the day it becomes a task again.
        "manual_start": task.manual_start,
        "external_source": EXTERNAL_SOURCE,
        "external_id": str(task.uid),
        "version": 1,
    }


def _progress(task: MspdiTask, warnings: list[str], noise: float) -> dict[str, Any]:
    """Percent complete, actual and remaining duration as the file has them (MS Project keeps
    them consistent); what the file leaves out follows from the percent complete."""
    duration, percent = task.duration_days, task.percent_complete
    complete = percent >= 100 or task.actual_finish is not None
    actual, remaining = task.actual_duration_days, task.remaining_duration_days
    if complete:
        actual, remaining = duration, 0.0
    if actual is None:
        actual = duration * percent / 100
    if remaining is None:
        remaining = duration - actual
    where = f"task UID {task.uid}"
    done = _days(actual, f"{where} actual duration", warnings, noise, _WORK_PLACES)
    left = _days(max(remaining, 0.0), f"{where} remaining duration", warnings, noise, _WORK_PLACES)
    return {
        "percent_complete": _percent(percent, done, done + left),
        "actual_duration_days": done,
        "remaining_duration_days": left,
    }


def _percent(percent: float, done: Decimal, duration: Decimal) -> Decimal:
    """MSPDI's percent complete is a whole number: the actual share of the duration when it
    rounds to the file's (so our own export of 33.33 % comes back as that, and of 25 % as
    25.00), else the file's."""
    given = Decimal(repr(percent)).quantize(_TWO_PLACES)
    if duration <= 0 or given >= 100:
        return given
    exact = percent_of(done, duration)
    return exact if whole_percent(exact) == round(percent) else given


def _calendar_rows(project: MspdiProject, project_id: uuid.UUID, rows: ImportRows) -> None:
    weekdays = sorted(rows.calendar.pop("weekdays"))
    rows.calendar.update(
        id=uuid.uuid4(),
        project_id=project_id,
        working_weekdays=weekdays,
        hours_per_day=Decimal(project.minutes_per_day) / 60,
        version=1,
    )
    idle, extra, names = calendar_exceptions(project.calendars, project.calendar_uid)
    for day, working in [(d, False) for d in idle] + [(d, True) for d in extra]:
        name = names.get(day)
        rows.exceptions.append(
            {
                "id": uuid.uuid4(),
                "calendar_id": rows.calendar["id"],
                "day": day,
                "working": working,
                "name": None if name is None else name[:MAX_EXCEPTION_NAME],
                "version": 1,
            }
        )


def _link_rows(
    tasks: list[MspdiTask],
    ids: dict[int, uuid.UUID],
    project_id: uuid.UUID,
    rows: ImportRows,
    noise: float,
) -> None:
    seen: set[tuple[int, int]] = set()
    for task in tasks:
        for link in task.predecessors:
            pair = (link.predecessor_uid, task.uid)
            if link.predecessor_uid not in ids:
                continue
            if pair in seen:
                rows.warnings.append(f"task UID {task.uid}: duplicate link from UID {pair[0]}")
                continue
            seen.add(pair)
            what = f"link UID {pair[0]} -> UID {pair[1]} lag"
            rows.dependencies.append(
                {
                    "id": uuid.uuid4(),
                    "project_id": project_id,
                    "predecessor_id": ids[link.predecessor_uid],
                    "successor_id": ids[task.uid],
                    "type": link.type.value,
                    "lag_days": _days(link.lag_days, what, rows.warnings, noise),
                    "external_source": EXTERNAL_SOURCE,
                    "external_id": f"{pair[0]}-{pair[1]}",
                    "version": 1,
                }
            )


def _baseline_rows(
    tasks: list[MspdiTask],
    ids: dict[int, uuid.UUID],
    project_id: uuid.UUID,
    captured_by: str,
    rows: ImportRows,
) -> None:
    entries: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for task in tasks:
        for b in task.baselines:
            if not 0 <= b.number <= 10:
                rows.warnings.append(f"task UID {task.uid}: baseline {b.number} skipped (0-10)")
                continue
            duration = b.duration_days or 0.0
            entries[b.number].append(
                {
                    "task_id": ids[task.uid],
                    "start": b.start,
                    "finish": b.finish,
                    "duration_days": Decimal(repr(duration)).quantize(_TWO_PLACES),
                    "cost": None if b.cost is None else Decimal(repr(b.cost)).quantize(_TWO_PLACES),
                }
            )
    for number, items in sorted(entries.items()):
        baseline_id = uuid.uuid4()
        starts = [i["start"] for i in items if i["start"]]
        finishes = [i["finish"] for i in items if i["finish"]]
        costs = [i["cost"] for i in items if i["cost"] is not None]
        rows.baselines.append(
            {
                "id": baseline_id,
                "project_id": project_id,
                "number": number,
                "name": f"Baseline {number} (imported)",
                "captured_by": captured_by,
                "project_start": min(starts, default=None),
                "project_finish": max(finishes, default=None),
                "total_cost": sum(costs) if costs else None,
                "version": 1,
            }
        )
        rows.baseline_tasks.extend({"baseline_id": baseline_id, **i} for i in items)


def import_rows(
    project: MspdiProject,
    result: ScheduleResult,
    weekdays: frozenset[int],
    project_id: uuid.UUID,
    captured_by: str,
) -> ImportRows:
    """Rows for the project calendar, its exceptions, tasks (with the schedule ``result``
    already computed from the same plan), links and baselines."""
    tasks = scheduled_tasks(project)
    ids = {t.uid: uuid.uuid4() for t in tasks}
    rows = ImportRows(calendar={"name": _calendar_name(project), "weekdays": weekdays})
    rows.warnings.extend(project.warnings)
    _calendar_rows(project, project_id, rows)
    noise = _noise(project.minutes_per_day)
    for position, task in enumerate(tasks):
        parent = ids.get(task.parent_uid) if task.parent_uid is not None else None
        row = _task_row(task, ids[task.uid], parent, position, project_id, rows.warnings, noise)
        row.update(_computed(result.tasks.get(task.uid), result.calendar))
        rows.tasks.append(row)
    _link_rows(tasks, ids, project_id, rows, noise)
    _baseline_rows(tasks, ids, project_id, captured_by, rows)
    return rows


def _calendar_name(project: MspdiProject) -> str:
    for calendar in project.calendars:
        if calendar.uid == project.calendar_uid and calendar.name:
            return calendar.name[:200]
    return "Standard"
