"""The day axis of a window and the daily arrays on it: each calendar's working days, each
resource's capacity hours, each resource's demand hours, and the role pools built from
them. Vectorised with numpy: loops run over calendars and time off periods, never over days
or over tasks.

Hours per day: capacity on a working day is ``max_units x hours_per_day`` of the resource's
calendar (none: the engine's default, Monday to Friday, 8 h), 0 on other days and in time
off. An assignment asks ``units x hours_per_day`` of its task's calendar on each working day
of that calendar from the task's start day to its finish day, the first and last days only
for the part of them the task works (a task starting at 13:00 works half of an 8 h day)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from services.projects.capacity.inputs import (
    Assignments,
    BoolArray,
    CapacityInputs,
    FloatArray,
    IntArray,
)

# 1970-01-01 (day 0) was a Thursday: weekday 3 with 0 = Monday.
_EPOCH_WEEKDAY = 3
# Demand sums are rounded to this many decimals of an hour before comparing, so the float
# residue of the running sums never flags an over-allocation.
_HOUR_DECIMALS = 6
OVER_TOLERANCE = 1e-9


@dataclass(frozen=True)
class DayAxis:
    """Days ``first``..``last`` (day numbers, both included)."""

    first: int
    last: int

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def numbers(self) -> IntArray:
        return np.arange(self.first, self.last + 1, dtype=np.int64)

    def weekdays(self) -> IntArray:
        return (self.numbers() + _EPOCH_WEEKDAY) % 7


def working_days(inputs: CapacityInputs, axis: DayAxis) -> BoolArray:
    """``(calendars, days)``: True where the calendar works that day."""
    weekdays = axis.weekdays()
    masks = np.zeros((len(inputs.calendars), axis.size), dtype=np.bool_)
    for c, calendar in enumerate(inputs.calendars):
        masks[c] = np.isin(weekdays, calendar.working_weekdays)
        masks[c, _inside(calendar.non_working, axis)] = False
        masks[c, _inside(calendar.extra_working, axis)] = True
    return masks


def _inside(days: tuple[int, ...], axis: DayAxis) -> IntArray:
    found = np.asarray(days, dtype=np.int64) - axis.first
    return found[(found >= 0) & (found < axis.size)]


def hours_per_day(inputs: CapacityInputs) -> FloatArray:
    return np.array([c.hours_per_day for c in inputs.calendars], dtype=np.float64)


def capacity(inputs: CapacityInputs, axis: DayAxis, working: BoolArray) -> FloatArray:
    """``(resources, days)`` capacity hours."""
    calendars = np.array([r.calendar for r in inputs.resources], dtype=np.int64)
    per_day = np.array(
        [r.max_units * inputs.calendars[r.calendar].hours_per_day for r in inputs.resources],
        dtype=np.float64,
    )
    per_day *= np.array([r.available for r in inputs.resources], dtype=np.float64)
    present = working[calendars] if len(calendars) else np.zeros((0, axis.size), np.bool_)
    for span in inputs.time_off:
        first = max(span.first - axis.first, 0)
        last = min(span.last - axis.first, axis.size - 1)
        if first <= last:
            # Time off on a day the calendar does not work changes nothing.
            present[span.resource, first : last + 1] = (
                working[calendars[span.resource], first : last + 1] if not span.away else False
            )
    return present * per_day[:, None]


def demand(
    inputs: CapacityInputs, axis: DayAxis, working: BoolArray, chosen: BoolArray | None = None
) -> FloatArray:
    """``(resources, days)`` demand hours of each resource's own assignments (``chosen``:
    only these assignments). A running sum per calendar: +rate on the span's first day,
    -rate after its last, masked by the calendar's working days; then the first and last
    days lose the part worked before the start or after the finish."""
    work = _in_window(inputs.assignments, axis, chosen)
    load = np.zeros((len(inputs.resources), axis.size), dtype=np.float64)
    if not len(work.units):
        return load
    rate = work.units * hours_per_day(inputs)[work.calendar]
    start = work.start - axis.first
    finish = work.finish - axis.first
    for c in np.unique(work.calendar):
        mine = work.calendar == c
        steps = np.zeros((len(inputs.resources), axis.size + 1), dtype=np.float64)
        np.add.at(steps, (work.resource[mine], np.maximum(start[mine], 0)), rate[mine])
        np.add.at(
            steps, (work.resource[mine], np.minimum(finish[mine], axis.size - 1) + 1), -rate[mine]
        )
        load += np.cumsum(steps[:, :-1], axis=1) * working[c]
    starts_inside = start >= 0
    cut = rate * work.start_worked * working[work.calendar, np.maximum(start, 0)]
    np.add.at(load, (work.resource[starts_inside], start[starts_inside]), -cut[starts_inside])
    ends_inside = finish < axis.size
    last = np.minimum(finish, axis.size - 1)
    cut = rate * (1.0 - work.finish_worked) * working[work.calendar, last]
    np.add.at(load, (work.resource[ends_inside], last[ends_inside]), -cut[ends_inside])
    return np.round(load, _HOUR_DECIMALS)


@dataclass(frozen=True)
class _Spans:
    resource: IntArray
    calendar: IntArray
    units: FloatArray
    start: IntArray
    finish: IntArray
    start_worked: FloatArray
    finish_worked: FloatArray


def _in_window(work: Assignments, axis: DayAxis, chosen: BoolArray | None) -> _Spans:
    keep = (work.start <= axis.last) & (work.finish >= axis.first) & (work.finish >= work.start)
    if chosen is not None:
        keep &= chosen
    return _Spans(
        work.resource[keep],
        work.calendar[keep],
        work.units[keep],
        work.start[keep],
        work.finish[keep],
        work.start_worked[keep],
        work.finish_worked[keep],
    )


@dataclass(frozen=True)
class Pools:
    """Role pools by role name. ``capacity_of`` / ``demand_of``: ``(pools, resources)``
    0/1 matrices; a pool's daily figures are these times the resources' daily arrays."""

    names: tuple[str, ...]
    role_index: tuple[int | None, ...]  # the role resource of that name, if any
    members: tuple[int, ...]
    capacity_of: FloatArray
    demand_of: FloatArray


def pools(inputs: CapacityInputs) -> Pools:
    """A pool per role name (the roles' names and the people's role names). Members: the
    available people of that role name; with none, the role's own max units are its
    capacity (a placeholder headcount). Demand: the role's assignments and its people's
    (all of them: the work of someone gone is still to be done)."""
    resources = inputs.resources
    names = sorted(
        {r.name for r in resources if r.kind == "role"}
        | {r.role_name for r in resources if r.kind == "person" and r.role_name}
    )
    count = len(resources)
    capacity_of = np.zeros((len(names), count), dtype=np.float64)
    demand_of = np.zeros((len(names), count), dtype=np.float64)
    role_index: list[int | None] = []
    members: list[int] = []
    for p, name in enumerate(names):
        roles = [i for i, r in enumerate(resources) if r.kind == "role" and r.name == name]
        people = [i for i, r in enumerate(resources) if r.kind == "person" and r.role_name == name]
        staff = [i for i in people if resources[i].available]
        capacity_of[p, staff or roles] = 1.0
        demand_of[p, roles + people] = 1.0
        role_index.append(roles[0] if roles else None)
        members.append(len(staff))
    return Pools(tuple(names), tuple(role_index), tuple(members), capacity_of, demand_of)
