"""Run the pure engine in the caller's thread or in a worker process.

The payload is the engine's own input records (NamedTuples, which pickle as compactly as plain
tuples) with ids as strings (UUID objects pickle slowly), so a big plan travels fast to a
worker process; errors come back as plain data (the engine's exceptions take keyword
arguments and would not survive unpickling).

Why a process and not a thread: the engine is pure Python, so in a thread it still holds the
GIL and every other request on this worker waits for it. A process costs one pickling round
trip (a few ms for 5,000 tasks) and leaves the event loop free.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from itertools import repeat
from operator import attrgetter
from typing import Any, NamedTuple

from services.projects.engine import (
    LinkInput,
    ScheduleCycleError,
    ScheduleInput,
    SchedulingError,
    TaskInput,
    TaskSchedule,
    WorkCalendar,
    schedule,
)
from services.projects.engine.calendar import DEFAULT_WORKING_TIMES
from services.projects.engine.scheduler import no_gc
from services.projects.schedule.rows import CalendarRows

# Measured on this 2-core machine (tests/perf/bench_schedule_api.py, one task edit in a
# 5,000-task / 10,000-link project): p50 258 ms with the engine in the request's process,
# 416 ms through the worker (pickling both ways and the hop). The engine alone takes ~100 ms
# there, a tolerable pause for the event loop; at 10,000 tasks and beyond it is not.
PROCESS_THRESHOLD = 10_000


def _reduce_with_records(obj: Any, records: dict[str, type[tuple[Any, ...]]]) -> Any:
    """Pickle support for a dataclass holding lists of NamedTuples (``records``: field name
    -> its NamedTuple class). Pickled as is, every NamedTuple costs a Python constructor call
    on the way in; shipped as columns (one tuple per field) and rebuilt row by row in C, the
    hop moves a few large tuples instead of thousands of small ones, so unpickling allocates
    (and the garbage collector scans) one tuple per row instead of two."""
    state = {f.name: getattr(obj, f.name) for f in fields(obj)}
    for name in records:
        state[name] = tuple(zip(*state[name], strict=True))
    return _rebuild_with_records, (type(obj), records, state)


def _rebuild_with_records(
    cls: type, records: dict[str, type[tuple[Any, ...]]], state: dict[str, Any]
) -> Any:
    # NamedTuples, unlike plain tuples of plain values, stay tracked by the cyclic garbage
    # collector: building thousands with it on triggers collections that rescan them all.
    with no_gc():
        for name, record in records.items():
            # zip() reuses each row tuple once tuple.__new__ has copied it.
            rows = zip(*state[name], strict=True)
            state[name] = list(map(tuple.__new__, repeat(record), rows))
    return cls(**state)


class ProgressSettings(NamedTuple):
    """The project's progress semantics, under ScheduleInput's field names."""

    progress_mode: str = "data_date"
    move_completed_ends_back: bool = False
    move_remaining_starts_back: bool = False
    move_remaining_starts_forward: bool = False
    move_completed_ends_forward: bool = False
    split_in_progress_tasks: bool = True


@dataclass(frozen=True, slots=True)
class Payload:
    project_start: date
    status_date: date | None
    deadline: date | None
    threshold: float
    calendar: CalendarRows | None
    tasks: list[TaskInput]
    links: list[LinkInput]
    progress: ProgressSettings

    def __reduce__(self) -> Any:
        return _reduce_with_records(self, {"tasks": TaskInput, "links": LinkInput})


@dataclass(frozen=True, slots=True)
class EngineFailure:
    message: str
    code: str
    field: str | None
    task_id: str | None
    cycle: list[str] | None


@dataclass(frozen=True, slots=True)
class EngineOutput:
    project_start: datetime
    project_finish: datetime
    tasks: list[TaskSchedule]  # in payload order
    # Positions of the tasks whose remaining part resumes after a pause (see split_tasks).
    splits: frozenset[int] = frozenset()

    def __reduce__(self) -> Any:
        return _reduce_with_records(self, {"tasks": TaskSchedule})


def working_times(hours_per_day: float) -> tuple[tuple[time, time], ...]:
    """Working periods for a day of ``hours_per_day`` hours (8: 08-12 and 13-17)."""
    minutes = round(hours_per_day * 60)
    if minutes == 480:
        return DEFAULT_WORKING_TIMES
    day = datetime(2000, 1, 1)

    def at(offset: int) -> time:
        return (day + timedelta(minutes=offset)).time()

    if minutes <= 4 * 60:
        return ((time(8, 0), at(8 * 60 + minutes)),)
    if minutes <= 15 * 60:
        return ((time(8, 0), time(12, 0)), (time(13, 0), at(13 * 60 + minutes - 240)))
    return ((time(0, 0), at(minutes)),)


def work_calendar(rows: CalendarRows | None) -> WorkCalendar:
    if rows is None:
        return WorkCalendar()
    return WorkCalendar(
        working_weekdays=rows.working_weekdays,
        non_working_dates=[day for day, working in rows.exceptions if not working],
        working_dates=[day for day, working in rows.exceptions if working],
        working_times=working_times(rows.hours_per_day),
    )


def run(payload: Payload) -> EngineOutput | EngineFailure:
    """Schedule the payload (plain in, plain out: safe to call in a worker process)."""
    with no_gc():
        return _run(payload)


def schedule_input(payload: Payload) -> ScheduleInput:
    """The engine's input for a payload (the schedule risk analysis simulates this plan)."""
    return ScheduleInput(
        project_start=payload.project_start,
        tasks=payload.tasks,
        links=payload.links,
        calendar=work_calendar(payload.calendar),
        status_date=payload.status_date,
        deadline=payload.deadline,
        critical_threshold_days=payload.threshold,
        **payload.progress._asdict(),
    )


def _run(payload: Payload) -> EngineOutput | EngineFailure:
    try:
        result = schedule(schedule_input(payload))
    except ScheduleCycleError as exc:
        return EngineFailure(exc.message, exc.code, exc.field, None, [str(t) for t in exc.task_ids])
    except SchedulingError as exc:
        task_id = exc.task_id if isinstance(exc.task_id, str) else None
        return EngineFailure(exc.message, exc.code, exc.field, task_id, None)
    computed = [result.tasks[task.id] for task in payload.tasks]
    return EngineOutput(
        project_start=result.project_start,
        project_finish=result.project_finish,
        tasks=computed,
        splits=split_tasks(computed, result.calendar),
    )


def split_tasks(tasks: Sequence[TaskSchedule], calendar: WorkCalendar) -> frozenset[int]:
    """Positions of the tasks in progress whose resume is later than their stop in working
    time. Comparing the datetimes would not do: a stop at 17:00 and a resume at 08:00 the
    next working morning are one instant of work, no split."""
    # Most plans have few tasks in progress: find them in one C-level pass first.
    stops = list(map(_STOP, tasks))
    if stops.count(None) == len(stops):
        return frozenset()
    return frozenset(
        i for i, stop in enumerate(stops) if stop is not None and is_split(tasks[i], calendar)
    )


_STOP = attrgetter("stop")


def is_split(task: TaskSchedule, calendar: WorkCalendar) -> bool:
    return (
        task.stop is not None
        and task.resume is not None
        and calendar.to_point(task.resume) > calendar.to_point(task.stop)
    )


_pool: ProcessPoolExecutor | None = None


def _process_pool() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # forkserver: forking the running server (threads, open sockets) is unsafe.
        context = multiprocessing.get_context("forkserver")
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
    return _pool


async def run_engine(payload: Payload) -> EngineOutput | EngineFailure:
    if len(payload.tasks) < PROCESS_THRESHOLD:
        return run(payload)
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_process_pool(), run, payload)
