"""Properties of random plans with everything that bends the passes: summaries and links on
them, all link types with lags and leads, every constraint, deadlines, progress, manual starts,
a status date and a project deadline.

The schedule does not depend on the order tasks and links are listed in (the API reads them
in an order it does not fix, an import in the file's); no task finishes before it starts and
no summary lasts a negative time (the database refuses both).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

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
CALENDARS = (
    WorkCalendar(),
    WorkCalendar(working_weekdays=range(6), non_working_dates=[date(2025, 1, 15)]),
    WorkCalendar(working_times=[(time(9), time(16, 30))], working_dates=[date(2025, 1, 11)]),
)
DATED = [c for c in ConstraintType if c not in (ConstraintType.ASAP, ConstraintType.ALAP)]
DURATIONS = st.sampled_from([0, 0.25, 0.5, 1, 2, 3, 1.37])
LAGS = st.sampled_from([0, 0, 0.5, 1, -0.5, -1, -2.25])


@st.composite
def _when(draw: st.DrawFn) -> date | datetime:
    day = START + timedelta(days=draw(st.integers(-3, 30)))
    if draw(st.booleans()):
        return day
    return datetime.combine(day, draw(st.sampled_from([time(8), time(10, 30), time(17)])))


@st.composite
def _task_fields(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from([ConstraintType.ASAP, ConstraintType.ALAP, *DATED]))
    fields: dict[str, Any] = {"duration_days": draw(DURATIONS), "constraint": kind}
    if kind in DATED:
        fields["constraint_date"] = draw(_when())
    progress = draw(st.sampled_from(["none", "none", "started", "done"]))
    if progress == "started":
        fields["percent_complete"] = draw(st.sampled_from([10, 50, 90]))
        if draw(st.booleans()):
            fields["actual_start"] = draw(_when())
    elif progress == "done":
        started = START + timedelta(days=draw(st.integers(-3, 12)))
        fields.update(
            percent_complete=100,
            actual_start=started,
            actual_finish=started + timedelta(days=draw(st.integers(0, 4))),
        )
    if draw(st.integers(0, 5)) == 0:
        fields["manual_start"] = draw(_when())
    if draw(st.integers(0, 5)) == 0:
        fields["deadline"] = draw(_when())
    return fields


@st.composite
def plans(draw: st.DrawFn) -> ScheduleInput:
    n = draw(st.integers(1, 12))
    # Outline order: each task hangs under a task on the path to the previous one, so every
    # subtree is a run of consecutive indexes and links from lower to higher indexes between
    # unrelated tasks cannot make a cycle, even through summaries.
    parents: list[int | None] = []
    path: list[int] = []
    for i in range(n):
        depth = draw(st.integers(0, min(len(path), 2)))
        parents.append(path[depth - 1] if depth else None)
        path = [*path[:depth], i]

    def ancestors(i: int) -> set[int]:
        found, current = set(), parents[i]
        while current is not None:
            found.add(current)
            current = parents[current]
        return found

    tasks = [TaskInput(i, parent_id=parents[i], **draw(_task_fields())) for i in range(n)]
    pairs = [(p, s) for s in range(n) for p in range(s) if p not in ancestors(s)]
    links = []
    if pairs:
        chosen = draw(st.lists(st.sampled_from(pairs), max_size=2 * n))
        links = [
            LinkInput(p, s, draw(st.sampled_from(list(LinkType))), draw(LAGS)) for p, s in chosen
        ]
    return ScheduleInput(
        project_start=START + timedelta(days=draw(st.integers(0, 6))),
        tasks=tasks,
        links=links,
        calendar=draw(st.sampled_from(CALENDARS)),
        status_date=draw(st.none() | st.integers(0, 12).map(lambda d: START + timedelta(d))),
        deadline=draw(st.none() | st.integers(2, 30).map(lambda d: START + timedelta(d))),
    )


@st.composite
def _siblings_kept(draw: st.DrawFn, tasks: list[TaskInput]) -> list[TaskInput]:
    """The tasks interleaved at random, siblings in their order (which makes the WBS)."""
    queues: dict[object, list[TaskInput]] = {}
    for task in tasks:
        queues.setdefault(task.parent_id, []).append(task)
    out: list[TaskInput] = []
    while queues:
        parent = draw(st.sampled_from(sorted(queues, key=str)))
        out.append(queues[parent].pop(0))
        if not queues[parent]:
            del queues[parent]
    return out


@settings(max_examples=200, deadline=None)
@given(plan=plans(), data=st.data())
def test_schedule_does_not_depend_on_task_or_link_order(
    plan: ScheduleInput, data: st.DataObject
) -> None:
    reordered = replace(
        plan,
        tasks=data.draw(_siblings_kept(list(plan.tasks))),
        links=data.draw(st.permutations(plan.links)),
    )
    assert schedule(reordered).tasks == schedule(plan).tasks


@settings(max_examples=100, deadline=None)
@given(plan=plans(), data=st.data())
def test_a_duplicated_link_changes_nothing(plan: ScheduleInput, data: st.DataObject) -> None:
    if not plan.links:
        return
    extra = data.draw(st.sampled_from(plan.links))
    doubled = replace(plan, links=data.draw(st.permutations([*plan.links, extra])))
    assert schedule(doubled).tasks == schedule(plan).tasks


@settings(max_examples=200, deadline=None)
@given(plan=plans())
def test_no_task_finishes_before_it_starts(plan: ScheduleInput) -> None:
    for task in schedule(plan).tasks.values():
        assert task.finish >= task.start, task
        assert task.early_finish >= task.early_start, task
        assert task.duration_days >= 0, task
