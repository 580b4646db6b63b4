"""Entry point: validate, order, run the passes, roll up, and build the result."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from itertools import repeat
from operator import le, truediv

from services.projects.scheduling.cpm import (
    Bound,
    Dates,
    alap_pass,
    backward_pass,
    forward_pass,
    link_bounds,
    new_dates,
)
from services.projects.scheduling.floats import free_float, free_float_from_bounds, total_float
from services.projects.scheduling.graph import topological_order
from services.projects.scheduling.model import ScheduleInput, ScheduleResult, TaskSchedule
from services.projects.scheduling.plan import ALAP, COMPLETE, FF, Plan
from services.projects.scheduling.prepare import prepare
from services.projects.scheduling.summary import preorder, roll_up, scheduled_dates, wbs_codes


@contextmanager
def _no_gc() -> Iterator[None]:
    """The passes allocate hundreds of thousands of small acyclic objects; the cyclic garbage
    collector would scan them again and again (half the runtime on big plans) and can never
    free any of them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def schedule(inp: ScheduleInput) -> ScheduleResult:
    """Compute early/late dates, floats and the critical flag of every task.

    Raises a :class:`~services.projects.scheduling.errors.SchedulingError` subclass when the
    input is invalid or the links contain a cycle.
    """
    with _no_gc():
        plan = prepare(inp)
        dates = new_dates(len(plan.ids), plan.project_start)
        order, incoming = _run_passes(plan, dates)
        total = total_float(plan, dates)
        start, finish = scheduled_dates(plan, dates)
        if not any(plan.progress[i] for i in plan.special):
            free = free_float_from_bounds(dates, (start, finish), incoming, total)
        else:
            free = free_float(plan, start, finish, total)
        del incoming  # the largest structure: free it before building the result
        critical = list(map(le, total, repeat(plan.threshold)))
        for i in plan.special:
            if plan.progress[i] == COMPLETE:
                critical[i] = False  # finished work cannot delay anything any more
        tree_order = preorder(plan)
        if any(plan.is_summary):
            roll_up(plan, dates, tree_order, (start, finish, total, free, critical))
        wbs = wbs_codes(plan, tree_order)
        return _result(plan, dates, order, wbs, (start, finish, total, free, critical))


def _run_passes(plan: Plan, dates: Dates) -> tuple[list[int], list[list[Bound]]]:
    n = len(plan.ids)
    incoming, outgoing = link_bounds(plan, dates)
    leaves = [i for i in range(n) if not plan.is_summary[i]] if plan.special else range(n)
    order = topological_order(leaves, outgoing, plan.link_succ, plan.ids, plan.link_pred)
    has_ff = [False] * n
    for s, kind in zip(plan.link_succ, plan.link_kind, strict=True):
        if kind == FF:
            has_ff[s] = True
    care = list(has_ff) if plan.status is None else [True] * n
    for i in plan.special:
        care[i] = True
    forward_pass(plan, dates, order, incoming, care, has_ff)
    finish = max((dates.ef[i] for i in order), default=plan.project_start)
    dates.project_finish = finish if plan.deadline_point is None else plan.deadline_point
    backward_pass(plan, dates, order, outgoing)
    if any(plan.constraint[i] == ALAP and not plan.is_summary[i] for i in plan.special):
        alap_pass(plan, dates, order, (incoming, outgoing), care, has_ff)
    return order, incoming


def _result(
    plan: Plan,
    dates: Dates,
    order: list[int],
    wbs: list[str],
    values: tuple[list[int], list[int], list[int], list[int], list[bool]],
) -> ScheduleResult:
    start, finish, total, free, critical = values
    cal, mpd, ps = plan.calendar, plan.calendar.minutes_per_day, plan.project_start
    # Tasks share few distinct dates: convert each distinct point once.
    starts = cal.datetimes(_distinct(start, dates.es, dates.ls), finish=False)
    finishes = cal.datetimes(_distinct(finish, dates.ef, dates.lf), finish=True)
    by_points: dict[int, list[datetime]] = {}  # id(points list) -> column, to share work

    def column(points: list[int], table: dict[int, datetime]) -> list[datetime]:
        key = id(points)
        if key not in by_points:
            by_points[key] = list(map(table.__getitem__, points))
        return by_points[key]

    columns = [
        column(start, starts),
        column(finish, finishes),
        column(dates.es, starts),
        column(dates.ef, finishes),
        column(dates.ls, starts),
        column(dates.lf, finishes),
    ]
    milestone = [m and not s for m, s in zip(plan.milestone, plan.is_summary, strict=True)]
    columns = [list(c) for c in columns] if _indexes(milestone) else columns
    for i in _indexes(milestone):
        # A milestone marks the end of the work before it, so like MS Project it is shown at
        # 17:00 rather than 08:00 the next working day, unless it opens the project. (Its
        # start and finish points coincide, so both tables hold every point needed.)
        for col, points in zip(
            columns, (start, finish, dates.es, dates.ef, dates.ls, dates.lf), strict=False
        ):
            point = points[i]
            col[i] = starts[point] if point <= ps else finishes[point]
    duration = [
        f - s if summary else d
        for s, f, d, summary in zip(start, finish, plan.duration, plan.is_summary, strict=True)
    ]
    rows = zip(
        plan.ids,
        wbs,
        plan.is_summary,
        milestone,
        *columns,
        map(truediv, duration, repeat(mpd)),
        map(truediv, total, repeat(mpd)),
        map(truediv, free, repeat(mpd)),
        critical,
        strict=False,
    )
    tasks = dict(zip(plan.ids, map(tuple.__new__, repeat(TaskSchedule), rows), strict=False))
    return ScheduleResult(
        tasks=tasks,
        project_start=cal.start_datetime(ps),
        project_finish=cal.finish_datetime(max(finish, default=ps)),
        order=[plan.ids[i] for i in order],
        calendar=cal,
    )


def _distinct(*columns: list[int]) -> set[int]:
    points: set[int] = set()
    for column in {id(c): c for c in columns}.values():  # shared lists only once
        points.update(column)
    return points


def _indexes(flags: Iterable[bool]) -> list[int]:
    return [i for i, flag in enumerate(flags) if flag]
