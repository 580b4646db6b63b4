"""The engine's answer: points turned into wall-clock datetimes, minutes into working days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import compress, repeat
from operator import truediv

from services.projects.scheduling.dates import Dates
from services.projects.scheduling.model import ScheduleResult, TaskSchedule
from services.projects.scheduling.plan import Plan

Values = tuple[list[int], list[int], list[int], list[int], list[bool]]


def build_result(
    plan: Plan,
    dates: Dates,
    values: Values,
    order: list[int],
    wbs: list[str],
    moved: list[int],
) -> ScheduleResult:
    """``moved`` lists the tasks whose planned dates may differ from their early ones (see
    :func:`~services.projects.scheduling.summary.scheduled_dates`)."""
    start, finish, total, free, critical = values
    cal, mpd, ps = plan.calendar, plan.calendar.minutes_per_day, plan.project_start
    milestone = plan.milestone
    if plan.has_summaries:
        milestone = [m and not s for m, s in zip(milestone, plan.is_summary, strict=True)]
    columns = _datetime_columns(plan, dates, (start, finish, moved), milestone)
    duration = _durations(plan, start, finish) if plan.has_summaries else plan.duration
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
        order=list(map(plan.ids.__getitem__, order)),
        calendar=cal,
    )


def _datetime_columns(
    plan: Plan,
    dates: Dates,
    planned: tuple[list[int], list[int], list[int]],
    milestone: list[bool],
) -> list[list[datetime]]:
    """Planned, early and late starts and finishes, in TaskSchedule's order."""
    start, finish, moved = planned
    cal, ps = plan.calendar, plan.project_start
    milestones = list(compress(range(len(milestone)), milestone))
    start_kind = (start, dates.es, dates.ls)
    finish_kind = (finish, dates.ef, dates.lf)
    # A milestone point after the project start is shown as a finish, one before as a start.
    as_finish = [p for col in start_kind for p in map(col.__getitem__, milestones) if p > ps]
    as_start = [p for col in finish_kind for p in map(col.__getitem__, milestones) if p <= ps]
    # Tasks share few distinct dates: convert each distinct point once.
    starts = cal.datetimes(_distinct(start_kind, moved, as_start), finish=False)
    finishes = cal.datetimes(_distinct(finish_kind, moved, as_finish), finish=True)
    early_start = list(map(starts.__getitem__, dates.es))
    early_finish = list(map(finishes.__getitem__, dates.ef))
    columns = [
        _planned(start, moved, early_start, starts),
        _planned(finish, moved, early_finish, finishes),
        early_start,
        early_finish,
        list(map(starts.__getitem__, dates.ls)),
        list(map(finishes.__getitem__, dates.lf)),
    ]
    points_of = (start, finish, dates.es, dates.ef, dates.ls, dates.lf)
    for i in milestones:
        # A milestone marks the end of the work before it, so like MS Project it is shown at
        # 17:00 rather than 08:00 the next working day, unless it opens the project.
        for column, points in zip(columns, points_of, strict=True):
            point = points[i]
            column[i] = starts[point] if point <= ps else finishes[point]
    return columns


def _distinct(
    columns: tuple[list[int], list[int], list[int]], moved: list[int], extra: Iterable[int]
) -> set[int]:
    planned, early, late = columns
    points = set(early)
    points.update(late)
    points.update(map(planned.__getitem__, moved))
    points.update(extra)
    return points


def _planned(
    planned: list[int], moved: list[int], early_column: list[datetime], table: dict[int, datetime]
) -> list[datetime]:
    """The planned column as a patched copy of the early one, or the early one itself when
    nothing moved (the planned and early point lists are then one list, so the milestone
    rule writes the same values into both)."""
    if not moved:
        return early_column
    column = list(early_column)
    for i in moved:
        column[i] = table[planned[i]]
    return column


def _durations(plan: Plan, start: list[int], finish: list[int]) -> list[int]:
    """A summary lasts from its first child's start to its last child's finish."""
    return [
        f - s if summary else d
        for s, f, d, summary in zip(start, finish, plan.duration, plan.is_summary, strict=True)
    ]
