"""The engine's answer: points turned into wall-clock datetimes, minutes into working days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import compress, repeat
from operator import truediv

from services.projects.engine.dates import Dates
from services.projects.engine.errors import ScheduleInputError
from services.projects.engine.model import ScheduleResult, TaskSchedule
from services.projects.engine.plan import Plan

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
    :func:`~services.projects.engine.summary.scheduled_dates`)."""
    start, finish, total, free, critical = values
    cal, mpd, ps = plan.calendar, plan.calendar.minutes_per_day, plan.project_start
    milestone = plan.milestone
    if plan.has_summaries:
        milestone = [m and not s for m, s in zip(milestone, plan.is_summary, strict=True)]
    columns = _datetime_columns(plan, dates, (start, finish, moved), milestone)
    duration = _durations(plan, start, finish) if plan.has_summaries else plan.duration
    stops, resumes = _parts(plan, dates)
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
        stops,
        resumes,
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
    start_points = _distinct(start_kind, moved, as_start)
    finish_points = _distinct(finish_kind, moved, as_finish)
    _check_range(plan, dates, start_points | finish_points)
    starts = cal.datetimes(start_points, finish=False)
    finishes = cal.datetimes(finish_points, finish=True)
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
    _zero_spans(plan, milestone, points_of, columns, (starts, finishes))
    return columns


def _zero_spans(
    plan: Plan,
    milestone: list[bool],
    points_of: tuple[list[int], ...],
    columns: list[list[datetime]],
    tables: tuple[dict[int, datetime], dict[int, datetime]],
) -> None:
    """A start and a finish at the same point are one instant, shown once, as a milestone is:
    08:00 of a day and 17:00 of the working day before it are the same point, and showing a
    start at the one and the finish at the other would make the finish precede the start.
    Besides milestones, only summaries (of milestones), tasks with progress and zero-length
    tasks flagged as no milestone span no time, and all of them are special."""
    starts, finishes = tables
    ps = plan.project_start
    for i in plan.special:
        if milestone[i]:
            continue
        for k in (0, 2, 4):  # planned, early and late (start, finish) column pairs
            point = points_of[k][i]
            if point == points_of[k + 1][i]:
                shown = starts[point] if point <= ps else finishes[point]
                columns[k][i] = columns[k + 1][i] = shown


def _check_range(plan: Plan, dates: Dates, points: set[int]) -> None:
    """Computed dates stay in the calendar's range, as the input dates must: a duration or a
    lead of centuries is a typo, which would otherwise make an absurd schedule or, past the
    year 9999, no schedule at all. The error names a task (a leaf if one is out of range)."""
    low, high = plan.calendar.point_range()
    if not points or (low <= min(points) and max(points) <= high):
        return
    columns = (dates.es, dates.ef, dates.ls, dates.lf)
    candidates = sorted(range(len(plan.ids)), key=plan.is_summary.__getitem__)
    i = next((i for i in candidates if any(not low <= c[i] <= high for c in columns)), 0)
    cal = plan.calendar
    raise ScheduleInputError(
        f"its computed dates fall outside the supported range "
        f"{cal.min_date.isoformat()}..{cal.max_date.isoformat()} (check durations and lags)",
        task_id=plan.ids[i],
        code="date_out_of_range",
    )


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


def _parts(plan: Plan, dates: Dates) -> tuple[Iterable[datetime | None], ...]:
    """Stop and resume columns: datetimes for the tasks in progress, None elsewhere (most
    plans have no task in progress: no list to build then)."""
    if not dates.parts:
        return repeat(None), repeat(None)
    n = len(plan.ids)
    stops: list[datetime | None] = [None] * n
    resumes: list[datetime | None] = [None] * n
    cal = plan.calendar
    for i, (stop, resume) in dates.parts.items():
        # The completed part ends (a finish), the remaining part starts (a start): a resume
        # at the end of a day is shown the next working morning, where the work goes on.
        stops[i] = cal.finish_datetime(stop)
        resumes[i] = cal.start_datetime(resume)
    return stops, resumes


def _durations(plan: Plan, start: list[int], finish: list[int]) -> list[int]:
    """A summary lasts from its first child's start to its last child's finish."""
    return [
        f - s if summary else d
        for s, f, d, summary in zip(start, finish, plan.duration, plan.is_summary, strict=True)
    ]
