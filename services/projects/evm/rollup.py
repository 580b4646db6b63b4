"""Earned value of many projects together (a program, a portfolio): the measures add up,
the indices are recomputed from the sums, and earned schedule is read on the summed
planned value curve.

Projects may keep different calendars, so the roll-up counts working days of one calendar
(the projects' own when they share one; the caller picks) from the earliest baseline start
to the latest baseline finish: the summed curve at the end of a day is the sum of each
project's planned value at the end of that date, on its own calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.projects.engine import WorkCalendar
from services.projects.evm.project import Evm, Measures, PlannedValue, evm_at
from services.projects.evm.timephase import Timeline, status_point


@dataclass(frozen=True, slots=True)
class SummedCurve:
    """The projects' planned value summed by date, read on the roll-up calendar's axis."""

    calendar: WorkCalendar
    plans: Sequence[PlannedValue]

    def value_at(self, point: int) -> Decimal:
        day = self.calendar.finish_datetime(point).date()
        return sum((plan.at(day) for plan in self.plans), Decimal(0))


def rollup_evm(
    parts: Sequence[tuple[PlannedValue | None, Measures]],
    status_date: date,
    calendar: WorkCalendar,
) -> Evm:
    """The figures of the projects' summed measures (each project's PV at ``status_date``
    already in its measures) and the earned schedule of their summed curve."""
    total = sum((measures for _, measures in parts), Measures())
    plans = [plan for plan, _ in parts if plan is not None and plan.timeline is not None]
    if not plans:
        return evm_at(status_date, total)
    return evm_at(status_date, total, SummedCurve(calendar, plans), _span(calendar, plans))


def _span(calendar: WorkCalendar, plans: Sequence[PlannedValue]) -> Timeline:
    """From the start of the earliest baseline start date to the end of the latest
    baseline finish date, on ``calendar``."""
    starts, finishes = [], []
    for plan in plans:
        assert plan.timeline is not None
        starts.append(plan.calendar.start_datetime(plan.timeline.origin).date())
        finishes.append(plan.calendar.finish_datetime(plan.timeline.end).date())
    return Timeline(calendar, calendar.to_point(min(starts)), status_point(calendar, max(finishes)))
