"""Validate a :class:`ScheduleInput` and turn it into flat integer arrays for the passes.

Everything that can be wrong with a plan is detected here, before any computation, so the
passes can run without checks. Dates become points on the calendar's working-time axis and
durations/lags become working minutes; tasks become list indexes.
"""

from __future__ import annotations

from itertools import chain, repeat
from operator import attrgetter, eq

from services.projects.engine.actuals import progress_rules, read_progress
from services.projects.engine.calendar import WorkCalendar
from services.projects.engine.errors import ScheduleInputError
from services.projects.engine.model import (
    ConstraintType,
    LinkInput,
    LinkType,
    ScheduleInput,
    TaskId,
    TaskInput,
)
from services.projects.engine.plan import (
    ALAP,
    ASAP,
    CONSTRAINT_CODES,
    FINISH_CONSTRAINTS,
    LINK_CODES,
    NOT_STARTED,
    Plan,
)
from services.projects.engine.tree import build_tree, expand_summary_links
from services.projects.engine.units import to_minutes, to_point

_LINK_ENDS = attrgetter("predecessor_id", "successor_id")
_LINK_TYPE = attrgetter("type")
_LAG = attrgetter("lag_days")
_DURATION = attrgetter("duration_days")
_ID = attrgetter("id")
_DELAY = attrgetter("levelling_delay_days")


def _lookup(codes: dict[LinkType, int] | dict[ConstraintType, int], value: object) -> int | None:
    # StrEnum members hash and compare like their values, so "SNET" finds ConstraintType.SNET.
    try:
        return codes.get(value)  # type: ignore[call-overload]
    except TypeError:  # unhashable garbage from a caller
        return None


def _index_tasks(tasks: list[TaskInput]) -> dict[TaskId, int]:
    try:
        index = dict(zip(map(_ID, tasks), range(len(tasks)), strict=False))
    except TypeError:  # an unhashable id
        raise ScheduleInputError(
            "task ids must be hashable", field="tasks.id", code="invalid_value"
        ) from None
    if len(index) == len(tasks):
        return index
    index = {}
    for i, task in enumerate(tasks):
        if task.id in index:
            raise ScheduleInputError(
                f"task {task.id!r} appears twice",
                field="tasks.id",
                task_id=task.id,
                code="duplicate_task",
            )
        index[task.id] = i
    return index


def _constraint(task: TaskInput, cal: WorkCalendar) -> tuple[int, int]:
    code = _lookup(CONSTRAINT_CODES, task.constraint)
    if code is None:
        raise ScheduleInputError(
            f"unknown constraint type {task.constraint!r}",
            field="tasks.constraint",
            task_id=task.id,
            code="unknown_constraint_type",
        )
    if code in (ASAP, ALAP):
        return code, 0
    if task.constraint_date is None:
        raise ScheduleInputError(
            f"constraint {task.constraint} needs a constraint_date",
            field="tasks.constraint_date",
            task_id=task.id,
            code="missing_constraint_date",
        )
    point = to_point(
        cal,
        task.constraint_date,
        finish=code in FINISH_CONSTRAINTS,
        field="tasks.constraint_date",
        task_id=task.id,
    )
    return code, point


def _link(link: LinkInput, index: dict[TaskId, int], mpd: int) -> tuple[int, int, int, int]:
    for end in ("predecessor_id", "successor_id"):
        if getattr(link, end) not in index:
            raise ScheduleInputError(
                f"link refers to unknown task {getattr(link, end)!r}",
                field=f"links.{end}",
                task_id=getattr(link, end),
                code="unknown_task",
            )
    if link.predecessor_id == link.successor_id:
        raise ScheduleInputError(
            f"task {link.predecessor_id!r} is linked to itself",
            field="links",
            task_id=link.predecessor_id,
            code="self_link",
        )
    kind = _lookup(LINK_CODES, link.type)
    if kind is None:
        raise ScheduleInputError(
            f"unknown link type {link.type!r} (expected FS, SS, FF or SF)",
            field="links.type",
            task_id=link.successor_id,
            code="unknown_link_type",
        )
    lag = to_minutes(link.lag_days, mpd, "links.lag_days", link.successor_id)
    return index[link.predecessor_id], index[link.successor_id], kind, lag


def _plan_dates(inp: ScheduleInput, cal: WorkCalendar) -> tuple[int, int | None, int | None]:
    start = to_point(cal, inp.project_start, finish=False, field="project_start")
    status = (
        None
        if inp.status_date is None
        else to_point(cal, inp.status_date, finish=True, field="status_date")
    )
    deadline = (
        None if inp.deadline is None else to_point(cal, inp.deadline, finish=True, field="deadline")
    )
    return start, status, deadline


def _into_minutes(days: list[float], mpd: int) -> list[int]:
    """``round(d * mpd)`` for each value, computed once per distinct value: plans use few
    distinct durations and lags, and the shared results save memory in the passes."""
    minutes = {d: round(d * mpd) for d in set(days)}
    return list(map(minutes.__getitem__, days))


def _durations(tasks: list[TaskInput], mpd: int) -> list[int]:
    try:  # fast path for valid input; the slow path below names the offending task
        durations = _into_minutes(list(map(_DURATION, tasks)), mpd)
    except (TypeError, ValueError, OverflowError):
        durations = [to_minutes(t.duration_days, mpd, "tasks.duration_days", t.id) for t in tasks]
    if durations and min(durations) < 0:
        task = tasks[durations.index(min(durations))]
        raise ScheduleInputError(
            f"task {task.id!r} has a negative duration",
            field="tasks.duration_days",
            task_id=task.id,
            code="negative_duration",
        )
    return durations


_PLAIN_FIELDS = attrgetter(
    "constraint",
    "deadline",
    "percent_complete",
    "actual_start",
    "actual_finish",
    "manual_start",
    "milestone",
    "actual_duration_days",
    "remaining_duration_days",
)
_PLAIN_VALUES = (ConstraintType.ASAP, None, 0, None, None, None, None, None, None)


def _special_tasks(tasks: list[TaskInput], is_summary: list[bool]) -> list[int]:
    """Tasks that need more than a duration and links. One C-level tuple comparison per task:
    nine attribute tests in Python cost more than the forward pass."""
    return [
        i
        for i, (fields, summary) in enumerate(
            zip(map(_PLAIN_FIELDS, tasks), is_summary, strict=False)
        )
        if summary or fields != _PLAIN_VALUES
    ]


def _links(inp: ScheduleInput, index: dict[TaskId, int], mpd: int) -> list[list[int]]:
    links = inp.links
    if not links:
        return [[], [], [], []]
    try:  # fast path in C-level map; any failure re-runs the validating path
        # Both ends in one stream (predecessor, successor, predecessor, ...): each id is read
        # and looked up while its link is in the CPU cache, a quarter faster than a pass per
        # end. (Reading all four fields at once is slower: a tuple per link to split again.)
        ends = list(map(index.__getitem__, chain.from_iterable(map(_LINK_ENDS, links))))
        pred, succ = ends[::2], ends[1::2]
        kind = list(map(LINK_CODES.__getitem__, map(_LINK_TYPE, links)))
        lag = _into_minutes(list(map(_LAG, links)), mpd)
        if any(map(eq, pred, succ)):
            raise ValueError
    except (KeyError, TypeError, ValueError, OverflowError):
        for link in links:
            _link(link, index, mpd)
        raise AssertionError("the validating path should have raised") from None
    return [pred, succ, kind, lag]


def prepare(inp: ScheduleInput) -> Plan:
    cal = inp.calendar
    if not isinstance(cal, WorkCalendar):
        raise ScheduleInputError(
            "calendar must be a WorkCalendar", field="calendar", code="invalid_calendar"
        )
    mpd = cal.minutes_per_day
    tasks = list(inp.tasks)
    index = _index_tasks(tasks)
    parent, children = build_tree(tasks, index)
    has_summaries = any(children)
    is_summary = [bool(c) for c in children] if has_summaries else [False] * len(tasks)
    n = len(tasks)
    duration = _durations(tasks, mpd)
    plan = Plan(
        ids=list(index),  # the ids in task order, now known to be distinct
        calendar=cal,
        parent=parent,
        children=children,
        is_summary=is_summary,
        has_summaries=has_summaries,
        duration=duration,
        milestone=list(map(eq, duration, repeat(0))),
        constraint=[ASAP] * n,
        constraint_point=[0] * n,
        deadline=[None] * n,
        manual_start=[None] * n,
        progress=[NOT_STARTED] * n,
        actual_start=[None] * n,
        actual_finish=[None] * n,
        done=[0] * n,
        link_pred=[],
        link_succ=[],
        link_kind=[],
        link_lag=[],
        special=[],
        project_start=0,
        status=None,
        deadline_point=None,
        threshold=to_minutes(inp.critical_threshold_days, mpd, "critical_threshold_days", None),
    )
    plan.project_start, plan.status, plan.deadline_point = _plan_dates(inp, cal)
    plan.ms_project, plan.moves, plan.split_in_progress = progress_rules(inp)
    plan.special = _special_tasks(tasks, is_summary)
    for i in plan.special:
        _fill_task(plan, i, tasks[i], cal)
    pred, succ, kind, lag = _links(inp, index, mpd)
    if has_summaries:
        pred, succ, kind, lag = expand_summary_links(
            pred, succ, kind, lag, (parent, children, is_summary), plan.ids
        )
    plan.link_pred, plan.link_succ, plan.link_kind, plan.link_lag = pred, succ, kind, lag
    plan.delay = _delays(tasks, mpd, is_summary)
    return plan


def _delays(tasks: list[TaskInput], mpd: int, is_summary: list[bool]) -> list[int] | None:
    """Levelling delays in working minutes (a summary's is ignored), None when all are 0."""
    days = list(map(_DELAY, tasks))
    if not any(days):
        return None
    delays = [
        to_minutes(t.levelling_delay_days, mpd, "tasks.levelling_delay_days", t.id) for t in tasks
    ]
    for i, delay in enumerate(delays):
        if delay < 0:
            raise ScheduleInputError(
                f"task {tasks[i].id!r} has a negative levelling delay",
                field="tasks.levelling_delay_days",
                task_id=tasks[i].id,
                code="negative_levelling_delay",
            )
        if is_summary[i]:
            delays[i] = 0
    return delays


def _fill_task(plan: Plan, i: int, task: TaskInput, cal: WorkCalendar) -> None:
    duration = plan.duration[i]
    plan.milestone[i] = duration == 0 if task.milestone is None else bool(task.milestone)
    plan.constraint[i], plan.constraint_point[i] = _constraint(task, cal)
    if task.deadline is not None:
        plan.deadline[i] = to_point(
            cal, task.deadline, finish=True, field="tasks.deadline", task_id=task.id
        )
    if task.manual_start is not None:
        plan.manual_start[i] = to_point(
            cal, task.manual_start, finish=False, field="tasks.manual_start", task_id=task.id
        )
    progress = read_progress(task, cal, duration)
    plan.progress[i], plan.actual_start[i], plan.actual_finish[i], plan.done[i] = progress[:4]
    plan.duration[i] = progress[4]
    if plan.is_summary[i]:  # a summary's own values are rolled up, never scheduled
        plan.duration[i], plan.constraint[i], plan.progress[i] = 0, ASAP, NOT_STARTED
        plan.manual_start[i] = plan.actual_start[i] = plan.actual_finish[i] = None
