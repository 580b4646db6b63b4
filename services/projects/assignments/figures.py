"""Work and cost of loaded assignment rows (pure: the rows, rates and calendars come from
the repository, in a few queries whatever the number of rows)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from services.projects.assignments.costing import CENTS, ZERO, rate_days, work_hours
from services.projects.engine.calendar import WorkCalendar
from services.projects.schedule.rows import CalendarRows
from services.projects.schedule.runner import work_calendar

DEFAULT_HOURS_PER_DAY = Decimal(8)
ONE_DAY = timedelta(days=1)
Row = dict[str, Any]
RateRow = tuple[Any, Decimal, str]


class Calendars:
    """The work calendars of the projects' calendar ids (None: the engine's default), with
    the working-day index of each date asked, kept: a plan's tasks share their days."""

    def __init__(self, found: Mapping[uuid.UUID, CalendarRows]) -> None:
        self._found = found
        self._built: dict[uuid.UUID | None, WorkCalendar] = {}
        self._indexes: dict[tuple[uuid.UUID | None, date], int] = {}

    def calendar(self, calendar_id: uuid.UUID | None) -> WorkCalendar:
        if calendar_id not in self._built:
            rows = self._found.get(calendar_id) if calendar_id is not None else None
            self._built[calendar_id] = work_calendar(rows)
        return self._built[calendar_id]

    def hours_per_day(self, calendar_id: uuid.UUID | None) -> Decimal:
        rows = self._found.get(calendar_id) if calendar_id is not None else None
        return Decimal(str(rows.hours_per_day)) if rows is not None else DEFAULT_HOURS_PER_DAY

    def index(self, calendar_id: uuid.UUID | None, day: date) -> int:
        """Working days before ``day`` (see WorkCalendar.day_index), cached."""
        key = (calendar_id, day)
        found = self._indexes.get(key)
        if found is None:
            found = self._indexes[key] = self.calendar(calendar_id).day_index(day)
        return found

    def span(
        self, calendar_id: uuid.UUID | None, start: date | datetime, finish: date | datetime
    ) -> tuple[int, int]:
        """The working-day indexes ``[first, end)`` from the start day to the finish day."""
        first = start.date() if isinstance(start, datetime) else start
        last = finish.date() if isinstance(finish, datetime) else finish
        return self.index(calendar_id, first), self.index(calendar_id, last + ONE_DAY)


class Prices:
    """Each resource's rates as segments of a calendar's working days."""

    def __init__(self, rates: Mapping[uuid.UUID, Sequence[RateRow]], calendars: Calendars) -> None:
        self._rates = rates
        self._calendars = calendars
        self._segments: dict[tuple[uuid.UUID, uuid.UUID | None], list[tuple[int, Decimal]]] = {}

    def rates(self, resource_id: uuid.UUID) -> Sequence[RateRow]:
        return self._rates.get(resource_id, ())

    def cost(self, row: Mapping[str, Any], hours_per_day: Decimal) -> Decimal:
        """The row's cost: units x hours a day x the rates of its working days, in cents."""
        if not row["duration_days"] or row["start"] is None or row["finish"] is None:
            return ZERO.quantize(CENTS)
        start, end = self._calendars.span(row["calendar_id"], row["start"], row["finish"])
        segments = self._segments_of(row["resource_id"], row["calendar_id"])
        total = row["units"] * hours_per_day * rate_days(start, end, segments)
        return total.quantize(CENTS, rounding=ROUND_HALF_UP)

    def _segments_of(
        self, resource_id: uuid.UUID, calendar_id: uuid.UUID | None
    ) -> list[tuple[int, Decimal]]:
        key = (resource_id, calendar_id)
        found = self._segments.get(key)
        if found is None:
            ordered = sorted((day, rate) for day, rate, _ in self.rates(resource_id))
            found = [(self._calendars.index(calendar_id, day), rate) for day, rate in ordered]
            self._segments[key] = found
        return found


def foreign_currency(rates: Sequence[RateRow], project_currency: str | None) -> str | None:
    """A currency of the rates the project's money cannot be summed with (None: none)."""
    for _, _, currency in rates:
        if currency != project_currency:
            return currency
    return None


def with_figures(row: Row, prices: Prices, calendars: Calendars) -> dict[str, Any]:
    """The answer for one loaded row: its fields, derived ``work_hours``, ``cost`` and
    ``currency``. The cost is null when a rate is in another currency than the project's
    (money in two currencies is not summed until exchange rates exist)."""
    hours_per_day = calendars.hours_per_day(row["calendar_id"])
    answer = {key: value for key, value in row.items() if key not in _INTERNAL}
    answer["work_hours"] = work_hours(row["units"], row["duration_days"], hours_per_day)
    answer["cost"] = _cost(row, prices, hours_per_day)
    answer["currency"] = row["project_currency"]
    return answer


def _cost(row: Row, prices: Prices, hours_per_day: Decimal) -> Decimal | None:
    if foreign_currency(prices.rates(row["resource_id"]), row["project_currency"]) is not None:
        return None
    return prices.cost(row, hours_per_day)


def all_with_figures(
    rows: Iterable[Row], rates: Mapping[uuid.UUID, Sequence[RateRow]], calendars: Calendars
) -> list[dict[str, Any]]:
    prices = Prices(rates, calendars)
    return [with_figures(row, prices, calendars) for row in rows]


def resource_costs(
    rows: Iterable[Row], rates: Mapping[uuid.UUID, Sequence[RateRow]], calendars: Calendars
) -> dict[uuid.UUID, Decimal]:
    """Task id -> the sum of its assignments' costs (those that can be summed)."""
    prices = Prices(rates, calendars)
    totals: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        cost = _cost(row, prices, calendars.hours_per_day(row["calendar_id"]))
        if cost is not None:
            totals[row["task_id"]] += cost
    return dict(totals)


_INTERNAL = frozenset(
    ("duration_days", "start", "finish", "calendar_id", "project_currency", "is_summary")
)
