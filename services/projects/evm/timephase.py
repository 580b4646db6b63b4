"""A baseline's budgets spread over working time, so planned value is known at any instant.

Time is the scheduling engine's working-time axis (:class:`WorkCalendar`: a *point* counts
working minutes), so non-working days and hours carry no planned value. A task's budget is
spread evenly over its baseline working time, start to finish: PV of the task at a point is
its budget times the share of that working time elapsed. A task of no baseline duration
(a milestone) carries its whole budget at its baseline finish. A project's planned value is the
sum of its tasks': a piecewise-linear, non-decreasing curve (:class:`PlannedValueCurve`).

Baseline dates at midnight are bare dates (a baseline keeps a task's scheduled day when it
has one, see the baselines repository): a start then means the day's first working minute
and a finish the day's last, as the variance of a baseline reads them.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Context, Decimal, localcontext
from typing import NamedTuple, Protocol

from services.projects.engine import ScheduleInputError, WorkCalendar
from services.projects.evm.earned_schedule import ScheduleFigures, earned_schedule, schedule_figures
from services.projects.evm.figures import ZERO

_MIDNIGHT = time(0, 0)
# The curve sums rates (a budget over a number of minutes, rarely exact) with this many
# digits and rounds each value it answers to the usual 28: a sum of exact amounts then
# comes out exact (700, not 699.99...).
_WIDE = 60
_USUAL = Context()


def start_point(calendar: WorkCalendar, start: datetime) -> int:
    return calendar.to_point(start)


def finish_point(calendar: WorkCalendar, finish: datetime) -> int:
    if finish.time() == _MIDNIGHT:
        return calendar.to_point(finish.date(), finish=True)
    return calendar.to_point(finish)


def status_point(calendar: WorkCalendar, status_date: date) -> int:
    """A status date counts whole: what was planned up to the end of that day."""
    return calendar.to_point(status_date, finish=True)


class Spread(NamedTuple):
    """One task's budget over its baseline working time, ``[start, finish]`` in points."""

    start: int
    finish: int
    cost: Decimal

    def value_at(self, point: int) -> Decimal:
        if point >= self.finish:
            return self.cost
        if point <= self.start:
            return ZERO
        return self.cost * (point - self.start) / (self.finish - self.start)


class Points:
    """Baseline dates as points of one calendar, each distinct date converted once: a plan's
    tasks share their days (baselines keep bare dates), so a 10,000-task plan has a few
    hundred."""

    __slots__ = ("_finishes", "_starts", "calendar")

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._starts: dict[datetime, int] = {}
        self._finishes: dict[datetime, int] = {}

    def start(self, value: datetime) -> int:
        point = self._starts.get(value)
        if point is None:
            point = self._starts[value] = start_point(self.calendar, value)
        return point

    def finish(self, value: datetime) -> int:
        point = self._finishes.get(value)
        if point is None:
            point = self._finishes[value] = finish_point(self.calendar, value)
        return point


def task_spread(
    points: Points,
    start: datetime | None,
    finish: datetime | None,
    cost: Decimal,
    milestone: bool = False,
) -> Spread | None:
    """The spread of a task with baseline dates (None without them). A milestone (no
    baseline duration) has its budget at its finish: its bare dates alone would read as
    the whole day."""
    if start is None or finish is None:
        return None
    last = points.finish(finish)
    first = last if milestone else min(points.start(start), last)
    return Spread(first, last, cost)


class ValueAt(Protocol):
    def value_at(self, point: int) -> Decimal: ...


class PlannedValueCurve:
    """The sum of many spreads: breakpoints (sorted points), the value at each (steps of
    milestones included) and the slope after it, so a value is one bisection away."""

    __slots__ = ("_points", "_slopes", "_total", "_values")

    def __init__(self, spreads: Iterable[Spread]) -> None:
        rates: defaultdict[int, Decimal] = defaultdict(Decimal)
        steps: defaultdict[int, Decimal] = defaultdict(Decimal)
        total = ZERO
        with localcontext(prec=_WIDE):
            for start, finish, cost in spreads:
                if not cost:
                    continue
                total += cost
                if finish > start:
                    rate = cost / (finish - start)
                    rates[start] += rate
                    rates[finish] -= rate
                else:
                    steps[finish] += cost
            self._points = sorted(rates.keys() | steps.keys())
            self._values: list[Decimal] = []
            self._slopes: list[Decimal] = []
            value = slope = ZERO
            previous = self._points[0] if self._points else 0
            for point in self._points:
                value += slope * (point - previous) + steps.get(point, ZERO)
                slope += rates.get(point, ZERO)
                self._values.append(value)
                self._slopes.append(slope)
                previous = point
        # Exact at the end, whatever the rounding of the slopes on the way.
        self._total = total

    @property
    def total(self) -> Decimal:
        return self._total

    @property
    def size(self) -> int:
        """Its number of breakpoints."""
        return len(self._points)

    def value_at(self, point: int) -> Decimal:
        index = bisect_right(self._points, point) - 1
        if index < 0:
            return ZERO
        if index == len(self._points) - 1:
            return self._total
        with localcontext(prec=_WIDE):
            value = self._values[index] + self._slopes[index] * (point - self._points[index])
        return _USUAL.plus(value)


class Samples:
    """A cumulative PV curve per period, each value computed when bisection asks for it."""

    __slots__ = ("_count", "_value")

    def __init__(self, count: int, value: Callable[[int], Decimal]) -> None:
        self._count = count
        self._value = value

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> Decimal:
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._value(index)


@dataclass(frozen=True, slots=True)
class Timeline:
    """A baseline on the calendar's axis, from its start to its finish; its periods are
    working days counted from the start."""

    calendar: WorkCalendar
    origin: int
    end: int

    def days_to(self, point: int) -> Decimal:
        return Decimal(point - self.origin) / self.calendar.minutes_per_day

    @property
    def planned_days(self) -> Decimal:
        return self.days_to(self.end)

    def day_end(self, days: int) -> int:
        return self.origin + days * self.calendar.minutes_per_day

    def date_after(self, days: Decimal | None) -> date | None:
        """The working day in which ``days`` working days from the start end (None when
        that leaves the calendar's range)."""
        if days is None:
            return None
        point = self.origin + math.ceil(days * self.calendar.minutes_per_day)
        low, high = self.calendar.point_range()
        if not low <= point <= high:
            return None
        return self.calendar.finish_datetime(point).date()


def timeline_of(calendar: WorkCalendar, spreads: Iterable[Spread]) -> Timeline | None:
    """From the earliest start to the latest finish; None without spreads."""
    starts, finishes = [], []
    for spread in spreads:
        starts.append(spread.start)
        finishes.append(spread.finish)
    if not starts:
        return None
    return Timeline(calendar, min(starts), max(finishes))


def time_figures(
    curve: ValueAt, timeline: Timeline, status: int, ev: Decimal
) -> ScheduleFigures | None:
    """Earned schedule in working days on ``timeline``, the cumulative PV sampled at the
    end of each working day from the baseline start; ES never passes PD (all earned: the
    plan's whole duration). None when the baseline has no duration."""
    pd = timeline.planned_days
    if pd <= 0:
        return None
    samples = Samples(math.ceil(pd), lambda day: curve.value_at(timeline.day_end(day + 1)))
    es = min(earned_schedule(samples, ev, curve.value_at(timeline.origin)), pd)
    return schedule_figures(es, timeline.days_to(status), pd)


def safe_point(convert: Callable[[], int]) -> int | None:
    """A point, or None for a date outside the calendar's supported range."""
    try:
        return convert()
    except ScheduleInputError:
        return None
