"""The S-curve of a project: cumulative planned value and actual cost at the end of each
week, and the earned value at the status date (the one date it is measured at)."""

from __future__ import annotations

import math
from bisect import insort
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from services.projects.evm.figures import ZERO
from services.projects.evm.project import PlannedValue

_SUNDAY = 6
# A curve of more weeks is drawn every few weeks, so its size stays bounded.
MAX_POINTS = 520


@dataclass(frozen=True, slots=True)
class CurvePoint:
    date: date
    pv: Decimal
    ac: Decimal
    ev: Decimal | None = None


def curve_dates(first: date, last: date, status_date: date) -> list[date]:
    """Every week end (Sunday) from the one closing ``first``'s week to the one closing
    ``last``'s, and the status date in its place."""
    day = first + timedelta(days=(_SUNDAY - first.weekday()) % 7)
    weeks = max(0, math.ceil((last - day).days / 7))
    step = timedelta(weeks=math.ceil((weeks + 1) / MAX_POINTS))
    dates = [day]
    while day < last:
        day += step
        dates.append(day)
    if status_date not in dates:
        insort(dates, status_date)
    return dates


def s_curve(
    plan: PlannedValue | None,
    dates: Sequence[date],
    costs_by_day: Sequence[tuple[date, Decimal]],
    status_date: date,
    ev: Decimal,
) -> list[CurvePoint]:
    """PV and AC to the end of each date (``costs_by_day`` sorted by day, none after the
    status date: later points keep the status date's AC), EV at the status date."""
    points: list[CurvePoint] = []
    spent, next_cost = ZERO, 0
    for day in dates:
        while next_cost < len(costs_by_day) and costs_by_day[next_cost][0] <= day:
            spent += costs_by_day[next_cost][1]
            next_cost += 1
        pv = plan.at(day) if plan is not None else ZERO
        points.append(CurvePoint(day, pv, spent, ev if day == status_date else None))
    return points
