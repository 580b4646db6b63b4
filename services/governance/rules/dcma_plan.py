"""The DCMA 14-point schedule assessment (DCMA-EA PAM 200.1, 2012), checks 9 to 12: the
plan against its status date, its resources and its critical path (invalid dates, resources,
missed tasks, critical path test). See ``dcma.py``; CPLI and BEI are in ``dcma_indexes.py``.

The status date is the end of its day, as the scheduling engine reads it: a date on the
status date is not after it."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from services.governance.rules.base import Comparison, Facts, Outcome, Params, ids, number
from services.governance.rules.dcma import dcma
from services.governance.rules.plan import (
    comparison_field,
    count_field,
    counted_tasks,
    end_of_day,
    is_complete,
    judge_count,
    judge_share,
    milestones_field,
    nothing_to_count,
    percent_field,
)
from shared.clients.projects.facts import FactTask

NO_STATUS_DATE = "The project has no status date to measure progress against."
ALL_TASKS = (
    "Counts the plan's tasks, complete (an actual finish or 100 % complete) and incomplete, "
    "without summary tasks"
)


class InvalidDatesParams(Params):
    """DCMA check 9, invalid dates: forecasts not after the status date, actuals after it."""

    threshold: float = count_field(0.0, "tasks with invalid dates")
    comparison: Comparison = comparison_field("<=")
    include_milestones: bool = milestones_field(True)


def _forecast_in_past(task: FactTask, cutoff: datetime) -> bool:
    """A forecast start of a task not started, or a forecast finish of an incomplete task,
    before ``cutoff`` (the end of the status date)."""
    start, finish = task.early_start, task.early_finish
    unstarted = task.actual_start is None and task.percent_complete == 0
    if unstarted and start is not None and start < cutoff:
        return True
    return finish is not None and finish < cutoff and not is_complete(task)


def _actual_in_future(task: FactTask, cutoff: datetime) -> bool:
    start, finish = task.actual_start, task.actual_finish
    return (start is not None and start >= cutoff) or (finish is not None and finish >= cutoff)


def check_invalid_dates(facts: Facts, params: InvalidDatesParams) -> Outcome:
    status = facts.project.status_date
    if status is None:
        return Outcome.not_applicable(NO_STATUS_DATE)
    tasks = counted_tasks(facts, completed=True, milestones=params.include_milestones)
    if not tasks:
        return nothing_to_count("tasks")
    cutoff = end_of_day(status)
    forecast = [t.id for t in tasks if _forecast_in_past(t, cutoff)]
    actual = [t.id for t in tasks if _actual_in_future(t, cutoff)]
    invalid = set(forecast) | set(actual)
    return judge_count(
        [t.id for t in tasks if t.id in invalid],
        len(tasks),
        threshold=params.threshold,
        comparison=params.comparison,
        what=f"tasks have a forecast date not after, or an actual date after, the status "
        f"date {status}",
        forecast_not_after_status_date=ids(forecast),
        actual_after_status_date=ids(actual),
        status_date=status.isoformat(),
    )


dcma(
    "dcma_invalid_dates",
    "DCMA 9: invalid dates",
    "Number of tasks with an invalid date: a forecast start (early start) on or before the "
    "status date of a task not started (no actual start, 0 % complete), a forecast finish "
    "(early finish) on or before it of an incomplete task, or an actual start or finish after "
    f"it. DCMA: none. {ALL_TASKS} and, unless include_milestones is false, with milestones. "
    "Not applicable without a status date.",
    InvalidDatesParams,
    check_invalid_dates,
)


class ResourcesParams(Params):
    """DCMA check 10, resources: no parameters while plans carry no resources."""


def check_resources(facts: Facts, params: ResourcesParams) -> Outcome:
    tasks = [t for t in counted_tasks(facts) if t.duration_days > 0]
    return Outcome.not_applicable(
        "Informational: plans carry no resource assignments yet, so DCMA check 10 (incomplete "
        f"tasks with a duration and no resource) cannot be measured; {len(tasks)} incomplete "
        "tasks have a duration.",
        counted=len(tasks),
    )


dcma(
    "dcma_resources",
    "DCMA 10: resources",
    "Informational until plans carry resources: DCMA counts incomplete tasks with a duration "
    "above 0 and no resource assigned; the projects service has no resource assignments yet, "
    "so this kind is always not applicable and says how many incomplete non-summary, "
    "non-milestone tasks have a duration.",
    ResourcesParams,
    check_resources,
)


class MissedTasksParams(Params):
    """DCMA check 11, missed tasks: tasks due by the status date that did not finish on time."""

    threshold: float = percent_field(5.0, "missed tasks")
    comparison: Comparison = comparison_field("<=")
    include_milestones: bool = milestones_field()


def _finish(task: FactTask) -> datetime | None:
    """When the task finished: its actual finish, or its computed finish when it is marked
    complete without one; None while it is incomplete."""
    if task.actual_finish is not None:
        return task.actual_finish
    return task.early_finish if is_complete(task) else None


def _missed(task: FactTask, baseline_finish: datetime) -> bool:
    finish = _finish(task)
    return finish is None or finish.date() > baseline_finish.date()


def check_missed_tasks(facts: Facts, params: MissedTasksParams) -> Outcome:
    status = facts.project.status_date
    if status is None:
        return Outcome.not_applicable(NO_STATUS_DATE)
    tasks = counted_tasks(facts, completed=True, milestones=params.include_milestones)
    cutoff = end_of_day(status)
    due = [
        (t, t.baseline_finish)
        for t in tasks
        if t.baseline_finish is not None and t.baseline_finish < cutoff
    ]
    if not due:
        return nothing_to_count("tasks with a baseline finish on or before the status date")
    return judge_share(
        [t.id for t, finish in due if _missed(t, finish)],
        len(due),
        threshold=params.threshold,
        comparison=params.comparison,
        what="of the tasks due by the status date did not finish by their baseline finish",
        status_date=status.isoformat(),
    )


dcma(
    "dcma_missed_tasks",
    "DCMA 11: missed tasks",
    "Share of the tasks due (baseline finish on or before the status date) that did not "
    "finish on or before their baseline finish (no actual finish, or a later one; a task "
    f"marked complete without one finished at its computed finish). DCMA: at most 5 %. "
    f"{ALL_TASKS} and, unless include_milestones, without milestones. Not applicable without "
    "a status date or a task due.",
    MissedTasksParams,
    check_missed_tasks,
)


class CriticalPathTestParams(Params):
    """DCMA check 12, critical path test: the finish moves as much as a critical task."""

    tolerance_days: float = Field(
        0.01,
        ge=0,
        le=1000,
        description="Largest difference, in working days, between the finish's move and the "
        "days added to the critical task.",
    )


def check_critical_path_test(facts: Facts, params: CriticalPathTestParams) -> Outcome:
    test = facts.project.critical_path_test
    if test is None:
        return Outcome.not_applicable("The plan has no incomplete critical task to extend.")
    added, moved = float(test.added_days), float(test.finish_delta_days)
    evidence = {
        "task_ids": ids([test.task_id]),
        "added_days": added,
        "finish_delta_days": moved,
        "tolerance_days": params.tolerance_days,
        "finish_before": test.finish_before.isoformat(),
        "finish_after": test.finish_after.isoformat(),
    }
    message = (
        f"Adding {number(added)} days to a critical task moved the finish by {number(moved)} days."
    )
    if abs(moved - added) > params.tolerance_days:
        return Outcome.failed(message + " The critical path is broken.", **evidence)
    return Outcome.passed(message, **evidence)


dcma(
    "dcma_critical_path_test",
    "DCMA 12: critical path test",
    "The projects service's engine reschedules a copy of the plan with one incomplete critical "
    "task made added_days longer; passes when the project's finish moved by as much, within "
    "tolerance_days. Not applicable when the facts carry no test (no incomplete critical task).",
    CriticalPathTestParams,
    check_critical_path_test,
)
