"""Helpers shared by the scheduling engine tests (no database, no I/O)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pytest

from services.projects.engine import (
    LinkInput,
    ScheduleInput,
    ScheduleResult,
    TaskInput,
    WorkCalendar,
    schedule,
)

# Monday 6 January 2025: every test plan starts here unless it says otherwise.
MONDAY = date(2025, 1, 6)

Run = Callable[..., ScheduleResult]


@pytest.fixture
def run() -> Run:
    """Schedule tasks and links with the standard Mon-Fri 8h calendar."""

    def _run(
        tasks: Sequence[TaskInput],
        links: Sequence[LinkInput] = (),
        *,
        start: date = MONDAY,
        calendar: WorkCalendar | None = None,
        **options: Any,
    ) -> ScheduleResult:
        return schedule(
            ScheduleInput(
                project_start=start,
                tasks=list(tasks),
                links=list(links),
                calendar=calendar or WorkCalendar(),
                **options,
            )
        )

    return _run


@pytest.fixture
def day_of() -> Callable[[ScheduleResult, object, str], int]:
    """Working-day offset of a task's date from the project start (0 = first day). Finishes
    count the day they end on, so a 1-day task starting on day 0 finishes on day 0."""

    def _day(result: ScheduleResult, task_id: object, field: str) -> int:
        value = getattr(result.tasks[task_id], field)
        cal = result.calendar
        return cal.day_index(value.date()) - cal.day_index(result.project_start.date())

    return _day
