"""Run the pure engine on plain tuples, in the caller's thread or in a worker process.

The payload carries task ids as strings (UUID objects pickle slowly) and plain tuples instead
of the engine's dataclasses, so a big plan pickles fast on its way to a worker process; errors
come back as plain data too (the engine's exceptions take keyword arguments and would not
survive unpickling).

Why a process and not a thread: the engine is pure Python, so in a thread it still holds the
GIL and every other request on this worker waits for it. A process costs one pickling round
trip (a few ms for 5,000 tasks) and leaves the event loop free.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from services.projects.scheduling import (
    LinkInput,
    ScheduleCycleError,
    ScheduleInput,
    SchedulingError,
    TaskInput,
    WorkCalendar,
    schedule,
)
from services.projects.scheduling.calendar import DEFAULT_WORKING_TIMES

# Measured on this 2-core machine (tests/perf/bench_schedule_api.py, one task edit in a
# 5,000-task / 10,000-link project): p50 258 ms with the engine in the request's process,
# 416 ms through the worker (pickling both ways and the hop). The engine alone takes ~100 ms
# there, a tolerable pause for the event loop; at 10,000 tasks and beyond it is not.
PROCESS_THRESHOLD = 10_000

# TaskInput's fields in order: (id, name, duration, parent id, milestone, constraint,
#  constraint date, deadline, percent complete, actual start, actual finish)
TaskTuple = tuple[Any, ...]
LinkTuple = tuple[str, str, str, float]  # predecessor id, successor id, type, lag
CalendarTuple = tuple[tuple[int, ...], float, tuple[tuple[date, bool], ...]]


@dataclass(frozen=True, slots=True)
class Payload:
    project_start: date
    status_date: date | None
    deadline: date | None
    threshold: float
    calendar: CalendarTuple | None
    tasks: list[TaskTuple]
    links: list[LinkTuple]


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
    # In payload order: (wbs, is_summary, is_milestone, start, finish, early_start, early_finish,
    # late_start, late_finish, duration_days, total_float, free_float, critical)
    tasks: list[tuple[Any, ...]]


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


def _calendar(spec: CalendarTuple | None) -> WorkCalendar:
    if spec is None:
        return WorkCalendar()
    weekdays, hours, exceptions = spec
    return WorkCalendar(
        working_weekdays=weekdays,
        non_working_dates=[day for day, working in exceptions if not working],
        working_dates=[day for day, working in exceptions if working],
        working_times=working_times(hours),
    )


@contextmanager
def no_gc() -> Iterator[None]:
    """Building or reading a big plan allocates tens of thousands of small acyclic tuples; the
    cyclic collector would rescan them repeatedly and can free none of them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run(payload: Payload) -> EngineOutput | EngineFailure:
    """Schedule the payload (plain in, plain out: safe to call in a worker process)."""
    with no_gc():
        return _run(payload)


def _run(payload: Payload) -> EngineOutput | EngineFailure:
    try:
        result = schedule(
            ScheduleInput(
                project_start=payload.project_start,
                tasks=[TaskInput(*t) for t in payload.tasks],
                links=[LinkInput(p, s, kind, lag) for p, s, kind, lag in payload.links],
                calendar=_calendar(payload.calendar),
                status_date=payload.status_date,
                deadline=payload.deadline,
                critical_threshold_days=payload.threshold,
            )
        )
    except ScheduleCycleError as exc:
        return EngineFailure(exc.message, exc.code, exc.field, None, [str(t) for t in exc.task_ids])
    except SchedulingError as exc:
        task_id = exc.task_id if isinstance(exc.task_id, str) else None
        return EngineFailure(exc.message, exc.code, exc.field, task_id, None)
    computed = result.tasks
    return EngineOutput(
        project_start=result.project_start,
        project_finish=result.project_finish,
        tasks=[tuple(computed[t[0]])[1:] for t in payload.tasks],
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
