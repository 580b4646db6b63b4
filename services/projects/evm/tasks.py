"""Earned value of every task of a plan: leaf tasks from their own baseline entry, summary
tasks as the roll-up of their subtree (sums added, indices recomputed, earned schedule on
the subtree's summed curve). A summary's own baseline cost is not read: it is its
children's, and counting both would double it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from services.projects.engine import WorkCalendar
from services.projects.evm.figures import ZERO
from services.projects.evm.project import Evm, Measures, evm_at
from services.projects.evm.timephase import (
    PlannedValueCurve,
    Points,
    Spread,
    Timeline,
    status_point,
    task_spread,
    timeline_of,
)

_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class TaskEntry:
    """What earned value reads of a task: its place in the outline, its progress, its
    entry in the current baseline (``in_baseline`` false: no budget) and its actual cost
    up to the status date (entries booked on the task itself)."""

    id: uuid.UUID
    parent_id: uuid.UUID | None
    is_summary: bool
    percent_complete: Decimal
    in_baseline: bool
    baseline_start: datetime | None
    baseline_finish: datetime | None
    baseline_duration_days: Decimal | None
    baseline_cost: Decimal | None
    ac: Decimal = ZERO


def task_evms(tasks: Sequence[TaskEntry], calendar: WorkCalendar, status_date: date) -> list[Evm]:
    """The figures of each task, in the order given (the outline order: parents first)."""
    point = status_point(calendar, status_date)
    points = Points(calendar)
    position = {task.id: i for i, task in enumerate(tasks)}
    measures: list[Measures] = []
    spreads: list[list[Spread]] = []
    for task in tasks:
        own, spread = _leaf(task, points, point)
        measures.append(own)
        spreads.append([spread] if spread is not None else [])
    for i in range(len(tasks) - 1, -1, -1):  # children before their parents
        parent_id = tasks[i].parent_id
        parent = position.get(parent_id) if parent_id is not None else None
        if parent is not None:
            measures[parent] = measures[parent] + measures[i]
            spreads[parent].extend(spreads[i])
    return [
        _figures(task, measures[i], spreads[i], calendar, status_date)
        for i, task in enumerate(tasks)
    ]


def _leaf(task: TaskEntry, points: Points, point: int) -> tuple[Measures, Spread | None]:
    """A task's own measures: a leaf's budget, PV and EV, and the actual cost booked on it
    (a summary's own is that cost only; its children add theirs)."""
    if task.is_summary or not task.in_baseline:
        return Measures(ac=task.ac), None
    bac = task.baseline_cost or ZERO
    milestone = not task.baseline_duration_days
    spread = task_spread(points, task.baseline_start, task.baseline_finish, bac, milestone)
    pv = spread.value_at(point) if spread is not None else ZERO
    ev = bac * task.percent_complete / _HUNDRED
    return Measures(bac, pv, ev, task.ac), spread


def _figures(
    task: TaskEntry,
    measures: Measures,
    spreads: list[Spread],
    calendar: WorkCalendar,
    status_date: date,
) -> Evm:
    if not spreads:
        return evm_at(status_date, measures)
    if len(spreads) == 1 and not task.is_summary:
        [spread] = spreads
        return evm_at(
            status_date, measures, spread, Timeline(calendar, spread.start, spread.finish)
        )
    return evm_at(status_date, measures, PlannedValueCurve(spreads), timeline_of(calendar, spreads))
