"""Earned value of one project (or one task) at a status date, from its time-phased
baseline and its three measured sums.

Time-based figures count working days of the project calendar from the baseline start:
PD from the baseline start to its finish, AT from the baseline start to the end of the
status date, ES on the planned value curve sampled at the end of each working day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from services.projects.engine import WorkCalendar
from services.projects.evm.earned_schedule import ScheduleFigures
from services.projects.evm.figures import ZERO, CostFigures, cost_figures
from services.projects.evm.timephase import (
    PlannedValueCurve,
    Points,
    Timeline,
    ValueAt,
    status_point,
    task_spread,
    time_figures,
    timeline_of,
)


@dataclass(frozen=True, slots=True)
class Measures:
    """The four sums everything else derives from; they add up in a roll-up."""

    bac: Decimal = ZERO
    pv: Decimal = ZERO
    ev: Decimal = ZERO
    ac: Decimal = ZERO

    def __add__(self, other: Measures) -> Measures:
        return Measures(
            self.bac + other.bac, self.pv + other.pv, self.ev + other.ev, self.ac + other.ac
        )


@dataclass(frozen=True, slots=True)
class Evm:
    status_date: date
    cost: CostFigures
    time: ScheduleFigures | None = None
    es_date: date | None = None
    ieac_t_finish: date | None = None


@dataclass(frozen=True, slots=True)
class PlannedValue:
    """A project's baseline spread over its calendar: the curve and its time span (None
    when no task of the baseline has dates)."""

    calendar: WorkCalendar
    curve: PlannedValueCurve
    timeline: Timeline | None

    def at(self, status_date: date) -> Decimal:
        return self.curve.value_at(status_point(self.calendar, status_date))


# A leaf task's baseline entry: start, finish, duration in working days, cost.
BaselineRow = tuple[datetime | None, datetime | None, Decimal, Decimal | None]


def planned_value(calendar: WorkCalendar, rows: Iterable[BaselineRow]) -> PlannedValue:
    """The leaf tasks' baseline entries as a planned value curve."""
    points = Points(calendar)
    spreads = [
        spread
        for start, finish, duration, cost in rows
        if (spread := task_spread(points, start, finish, cost or ZERO, not duration)) is not None
    ]
    return PlannedValue(calendar, PlannedValueCurve(spreads), timeline_of(calendar, spreads))


def evm_at(
    status_date: date,
    measures: Measures,
    curve: ValueAt | None = None,
    timeline: Timeline | None = None,
) -> Evm:
    """The figures of ``measures`` (PV included); with a curve and its timeline, the
    earned schedule too."""
    cost = cost_figures(measures.bac, measures.pv, measures.ev, measures.ac)
    if curve is None or timeline is None:
        return Evm(status_date, cost)
    point = status_point(timeline.calendar, status_date)
    time = time_figures(curve, timeline, point, measures.ev)
    if time is None:
        return Evm(status_date, cost)
    return Evm(
        status_date,
        cost,
        time,
        es_date=timeline.date_after(time.es),
        ieac_t_finish=timeline.date_after(time.ieac_t),
    )


def project_evm(
    plan: PlannedValue | None, status_date: date, bac: Decimal, ev: Decimal, ac: Decimal
) -> Evm:
    """A project's figures: PV from its curve, BAC, EV and AC as summed in SQL (no plan:
    no baseline, so no PV and no earned schedule)."""
    if plan is None:
        return evm_at(status_date, Measures(bac, ZERO, ev, ac))
    measures = Measures(bac, plan.at(status_date), ev, ac)
    return evm_at(status_date, measures, plan.curve, plan.timeline)
