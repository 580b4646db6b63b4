"""What an assignment costs and how much work it is: pure functions, Decimal throughout.

A resource's rate holds from its ``effective_from`` day until the next rate's day, so a task
that runs across a rate change is priced day by day: each working day of the task costs
``units x hours_per_day x the rate in force that day``. The total is rounded to cents once,
at the assignment, so a sum of many days never drifts by a cent per day."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from services.projects.engine.calendar import WorkCalendar

CENTS = Decimal("0.01")
ZERO = Decimal(0)
# Rates (effective_from, rate per hour), any order.
Rates = Sequence[tuple[date, Decimal]]


def assignment_cost(
    units: Decimal, working_days: Sequence[date], hours_per_day: Decimal, rates: Rates
) -> Decimal:
    """Cost (in the rates' currency, rounded to cents) of ``units`` (1.00 = full time) of a
    resource on ``working_days``, each of ``hours_per_day`` hours, at the rate per hour in
    force each day (the latest ``effective_from`` on or before it). A day before the first
    rate costs nothing: no rate is known for it."""
    if not working_days or not rates:
        return ZERO.quantize(CENTS)
    ordered = sorted(rates)
    starts = [effective_from for effective_from, _ in ordered]
    day_rates = ZERO
    for day in working_days:
        index = bisect_right(starts, day) - 1
        if index >= 0:
            day_rates += ordered[index][1]
    total = Decimal(units) * Decimal(hours_per_day) * day_rates
    return total.quantize(CENTS, rounding=ROUND_HALF_UP)


def work_hours(units: Decimal, duration_days: Decimal, hours_per_day: Decimal) -> Decimal:
    """Work of an assignment in hours: its share of each working day over the duration."""
    return (Decimal(units) * Decimal(duration_days) * Decimal(hours_per_day)).quantize(CENTS)


def units_for_work(work: Decimal, duration_days: Decimal, hours_per_day: Decimal) -> Decimal:
    """The units giving ``work`` hours over the duration (caller checks duration > 0),
    rounded to hundredths as the column stores them."""
    hours = Decimal(duration_days) * Decimal(hours_per_day)
    return (Decimal(work) / hours).quantize(CENTS, rounding=ROUND_HALF_UP)


def task_working_days(
    calendar: WorkCalendar, start: datetime | date | None, finish: datetime | date | None
) -> list[date]:
    """The working days of the calendar from the task's start day to its finish day, both
    included (empty when the task has no dates yet)."""
    if start is None or finish is None:
        return []
    first = start.date() if isinstance(start, datetime) else start
    last = finish.date() if isinstance(finish, datetime) else finish
    if last < first:
        return []
    index, end = calendar.day_index(first), calendar.day_index(last)
    if calendar.is_working_day(last):
        end += 1
    return [calendar.date_at(i) for i in range(index, end)]


def rate_days(start: int, end: int, boundaries: Sequence[tuple[int, Decimal]]) -> Decimal:
    """The sum over the working days with index in ``[start, end)`` of the rate in force
    each day, by whole segments: ``boundaries`` are (index of the first working day a rate
    holds from, rate), in order. The same sum :func:`assignment_cost` adds day by day, in
    as many steps as there are rates (a task of any length costs the same to price)."""
    total = ZERO
    for i, (first, rate) in enumerate(boundaries):
        upto = boundaries[i + 1][0] if i + 1 < len(boundaries) else end
        days = min(end, upto) - max(start, first)
        if days > 0:
            total += rate * days
    return total
