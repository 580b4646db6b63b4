"""Property tests with progress: random acyclic plans, some tasks done, some half done.

* ms_project mode, every status-date option off: entering progress never moves a completed
  part (a completed task stays at its actual dates, a started task's completed part runs
  from its actual start for its actual duration), wherever the status date is;
* data_date mode: no remaining work, and no unstarted task, starts before the status date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from services.projects.engine import (
    ConstraintType,
    LinkInput,
    LinkType,
    ScheduleInput,
    TaskInput,
    WorkCalendar,
    schedule,
)

START = date(2025, 1, 6)
CALENDAR = WorkCalendar(non_working_dates=[date(2025, 1, 20), date(2025, 2, 3)])
MPD = CALENDAR.minutes_per_day
# Constraints that never pull a task before where its logic (and the data date) put it.
KINDS = [ConstraintType.ASAP, ConstraintType.ALAP, ConstraintType.SNET, ConstraintType.FNET]


def _instant(draw: st.DrawFn, first_day: int = 0) -> datetime:
    """A working instant: a day of the plan's first weeks, at a quarter-day boundary."""
    day = START + timedelta(days=draw(st.integers(first_day, first_day + 20)))
    return datetime.combine(day, datetime.min.time()).replace(
        hour=draw(st.sampled_from([8, 10, 13, 15, 17]))
    )


@st.composite
def _task(draw: st.DrawFn, i: int) -> TaskInput:
    duration = draw(st.integers(0, 10)) / 2
    kind = draw(st.sampled_from(KINDS))
    when = None if kind in (ConstraintType.ASAP, ConstraintType.ALAP) else _instant(draw)
    base = TaskInput(i, duration_days=duration, constraint=kind, constraint_date=when)
    state = draw(st.sampled_from(["none", "none", "done", "started", "percent"]))
    if state == "done":
        start = _instant(draw)
        finish = max(start, _instant(draw))
        return base._replace(percent_complete=100, actual_start=start, actual_finish=finish)
    if state == "started":
        done = draw(st.integers(0, 2 * int(duration))) / 2 if duration else 0.0
        return base._replace(
            actual_start=_instant(draw),
            actual_duration_days=done,
            remaining_duration_days=draw(st.integers(0, 6)) / 2,
            percent_complete=min(99.0, 100 * done / duration) if duration else 0.0,
        )
    if state == "percent":  # started as planned, no actual start recorded
        return base._replace(percent_complete=draw(st.integers(1, 99)))
    return base


@st.composite
def plans_with_progress(draw: st.DrawFn, mode: str) -> ScheduleInput:
    n = draw(st.integers(1, 14))
    tasks = [draw(_task(i)) for i in range(n)]
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] < p[1])
    links = [
        LinkInput(p, s, draw(st.sampled_from(list(LinkType))), draw(st.integers(-4, 4)) / 2)
        for p, s in draw(st.lists(pairs, max_size=2 * n, unique=True))
        if n > 1
    ]
    return ScheduleInput(
        project_start=START,
        tasks=draw(st.permutations(tasks)),
        links=links,
        calendar=CALENDAR,
        status_date=_instant(draw, 2) if draw(st.integers(0, 3)) else None,
        progress_mode=mode,
        split_in_progress_tasks=draw(st.booleans()),
    )


def _point(value: datetime | None) -> int:
    assert value is not None
    return CALENDAR.to_point(value)


@settings(max_examples=200, deadline=None)
@given(plans_with_progress("ms_project"))
def test_ms_project_mode_never_moves_a_completed_part(plan: ScheduleInput) -> None:
    result = schedule(plan)
    for task in plan.tasks:
        t = result.tasks[task.id]
        if task.actual_finish is not None:
            assert (_point(t.start), _point(t.finish)) == (
                CALENDAR.to_point(task.actual_start),
                CALENDAR.to_point(task.actual_finish, finish=True),
            )
        elif task.actual_start is not None:
            done = round((task.actual_duration_days or 0) * MPD)
            assert _point(t.start) == CALENDAR.to_point(task.actual_start)
            assert _point(t.stop) == _point(t.start) + done
            assert _point(t.stop) <= _point(t.resume) <= _point(t.finish)
            assert _point(t.finish) - _point(t.resume) == round(task.remaining_duration_days * MPD)


@settings(max_examples=200, deadline=None)
@given(plans_with_progress("data_date"))
def test_data_date_mode_schedules_no_remaining_work_before_the_status_date(
    plan: ScheduleInput,
) -> None:
    result = schedule(plan)
    if plan.status_date is None:
        return
    status = CALENDAR.to_point(plan.status_date, finish=True)
    for task in plan.tasks:
        t = result.tasks[task.id]
        if t.resume is not None:  # in progress: the remaining part
            assert _point(t.resume) >= status
        elif task.actual_finish is None and task.percent_complete < 100:  # not started
            assert _point(t.start) >= status
