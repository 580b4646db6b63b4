"""Work and cost of loaded assignment rows (pure: the rows, rates and calendars come from
the repository, in a few queries whatever the number of rows)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from services.projects.assignments.costing import (
    ZERO,
    assignment_cost,
    task_working_days,
    work_hours,
)
from services.projects.engine.calendar import WorkCalendar
from services.projects.schedule.rows import CalendarRows
from services.projects.schedule.runner import work_calendar

DEFAULT_HOURS_PER_DAY = Decimal(8)
Row = dict[str, Any]
RateRow = tuple[Any, Decimal, str]


class Calendars:
    """The work calendars of the projects' calendar ids (None: the engine's default)."""

    def __init__(self, found: Mapping[uuid.UUID, CalendarRows]) -> None:
        self._found = found
        self._built: dict[uuid.UUID | None, WorkCalendar] = {}

    def calendar(self, calendar_id: uuid.UUID | None) -> WorkCalendar:
        if calendar_id not in self._built:
            self._built[calendar_id] = work_calendar(self._found.get(calendar_id))  # type: ignore[arg-type]
        return self._built[calendar_id]

    def hours_per_day(self, calendar_id: uuid.UUID | None) -> Decimal:
        rows = self._found.get(calendar_id) if calendar_id is not None else None
        return Decimal(str(rows.hours_per_day)) if rows is not None else DEFAULT_HOURS_PER_DAY


def foreign_currency(rates: Sequence[RateRow], project_currency: str | None) -> str | None:
    """A currency of the rates the project's money cannot be summed with (None: none)."""
    for _, _, currency in rates:
        if currency != project_currency:
            return currency
    return None


def with_figures(row: Row, rates: Sequence[RateRow], calendars: Calendars) -> dict[str, Any]:
    """The answer for one loaded row: its fields, derived ``work_hours``, ``cost`` and
    ``currency``. The cost is null when a rate is in another currency than the project's
    (money in two currencies is not summed until exchange rates exist)."""
    hours_per_day = calendars.hours_per_day(row["calendar_id"])
    currency = row["project_currency"]
    cost: Decimal | None = None
    if foreign_currency(rates, currency) is None:
        days = task_working_days(
            calendars.calendar(row["calendar_id"]), row["start"], row["finish"]
        )
        pairs = [(day, rate) for day, rate, _ in rates]
        cost = assignment_cost(
            row["units"], days if row["duration_days"] else [], hours_per_day, pairs
        )
    answer = {key: value for key, value in row.items() if key not in _INTERNAL}
    answer["work_hours"] = work_hours(row["units"], row["duration_days"], hours_per_day)
    answer["cost"] = cost
    answer["currency"] = currency
    return answer


def all_with_figures(
    rows: Iterable[Row], rates: Mapping[uuid.UUID, Sequence[RateRow]], calendars: Calendars
) -> list[dict[str, Any]]:
    return [with_figures(row, rates.get(row["resource_id"], ()), calendars) for row in rows]


def resource_costs(answers: Iterable[Mapping[str, Any]]) -> dict[uuid.UUID, Decimal]:
    """Task id -> the sum of its assignments' costs (those that can be summed)."""
    totals: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for answer in answers:
        if answer["cost"] is not None:
            totals[answer["task_id"]] += answer["cost"]
    return dict(totals)


_INTERNAL = frozenset(
    ("duration_days", "start", "finish", "calendar_id", "project_currency", "is_summary")
)
