"""What the schedule-quality (DCMA) kinds share: which tasks count, and how a measured share
or count is judged against a limit and reported.

Which tasks count is spelled out because published checkers differ:
- summary tasks never count (they roll up their children);
- a task is *complete* when it has an actual finish or 100 % complete, *incomplete*
  otherwise (percent_complete < 100 and no actual_finish);
- milestones and completed tasks count only where a kind's parameters or description say so.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from pydantic import Field

from services.governance.rules.base import (
    Comparison,
    Facts,
    Outcome,
    holds,
    ids,
    limit_text,
    number,
)
from shared.clients.projects.facts import FactLink, FactTask

COMPARISON = "How the measured value must compare with `threshold` for the check to pass."


def comparison_field(default: Comparison) -> Any:
    return Field(default, description=COMPARISON)


def milestones_field(default: bool = False) -> Any:
    return Field(default, description="Count milestones (zero-duration tasks) too.")


def completed_field(default: bool = False) -> Any:
    return Field(
        default,
        description="Count complete tasks too (complete: an actual finish or 100 % complete).",
    )


def percent_field(default: float, what: str) -> Any:
    return Field(default, ge=0, le=100, description=f"Limit on the share of {what}, in percent.")


def count_field(default: float, what: str) -> Any:
    return Field(default, ge=0, le=1_000_000, description=f"Limit on the number of {what}.")


def index_field(default: float, what: str) -> Any:
    return Field(default, ge=0, le=100, description=f"Limit on the {what}.")


def as_decimal(limit: float) -> Decimal:
    """A limit as the facts' decimals compare with it fast (and exactly as written)."""
    return Decimal(str(limit))


def is_complete(task: FactTask) -> bool:
    return task.actual_finish is not None or task.percent_complete >= 100


def counted_tasks(
    facts: Facts, *, completed: bool = False, milestones: bool = False
) -> tuple[FactTask, ...]:
    """The plan's non-summary tasks in plan order, incomplete ones only unless ``completed``,
    without milestones unless ``milestones`` (computed once per project and choice)."""
    return facts.derived(_counted_tasks, completed, milestones)


def _counted_tasks(facts: Facts, completed: bool, milestones: bool) -> tuple[FactTask, ...]:
    return tuple(
        task
        for task, complete in facts.derived(_classified)
        if (milestones or not task.is_milestone) and (completed or not complete)
    )


def _classified(facts: Facts) -> tuple[tuple[FactTask, bool], ...]:
    """The non-summary tasks, each with whether it is complete."""
    return tuple((task, is_complete(task)) for task in facts.project.tasks if not task.is_summary)


def links_into_counted(facts: Facts, *, milestones: bool = False) -> tuple[FactLink, ...]:
    """The links whose successor is an incomplete counted task: each task's predecessor list,
    as DCMA counts the relationships of the counted tasks (a link counts once)."""
    return facts.derived(_links_into, milestones)


def _links_into(facts: Facts, milestones: bool) -> tuple[FactLink, ...]:
    counted = {task.id for task in counted_tasks(facts, milestones=milestones)}
    return tuple(link for link in facts.project.links if link.successor_id in counted)


def linked_task_ids(facts: Facts) -> tuple[frozenset[uuid.UUID], frozenset[uuid.UUID]]:
    """The ids of the tasks with a predecessor, and of those with a successor."""
    return facts.derived(_linked_task_ids)


def _linked_task_ids(facts: Facts) -> tuple[frozenset[uuid.UUID], frozenset[uuid.UUID]]:
    links = facts.project.links
    return frozenset(link.successor_id for link in links), frozenset(
        link.predecessor_id for link in links
    )


def end_of_day(day: date) -> datetime:
    """The first instant after ``day``: a status date is the end of its day (as the
    scheduling engine reads it), so ``moment < end_of_day(status_date)`` means the moment is
    on the status date or before it, and anything on that day is not after it."""
    return datetime.combine(day + timedelta(days=1), time())


def judge_share(
    measured: list[uuid.UUID],
    counted: int,
    *,
    threshold: float,
    comparison: Comparison,
    what: str,
    ids_key: str = "task_ids",
    offending: list[uuid.UUID] | None = None,
    **extra: Any,
) -> Outcome:
    """Judge the share (percent) of ``counted`` items that are ``measured``; ``what`` names
    them in the message, e.g. "of the incomplete tasks miss a predecessor or a successor".
    The evidence lists the ``offending`` items: the measured ones unless told otherwise (a
    check of the share of finish-to-start links lists the other links)."""
    value = 100.0 * len(measured) / counted
    offending = measured if offending is None else offending
    evidence = {
        "value": round(value, 2),
        "unit": "%",
        "limit": threshold,
        "comparison": comparison,
        "counted": counted,
        "measured": len(measured),
        "offending": len(offending),
        ids_key: ids(offending),
        **extra,
    }
    limit = limit_text(comparison, threshold, " %")
    message = f"{number(value)} % ({len(measured)} of {counted}) {what}; limit {limit}."
    if holds(value, comparison, threshold):
        return Outcome.passed(message, **evidence)
    return Outcome.failed(message, **evidence)


def judge_count(
    offending: list[uuid.UUID],
    counted: int,
    *,
    threshold: float,
    comparison: Comparison,
    what: str,
    ids_key: str = "task_ids",
    **extra: Any,
) -> Outcome:
    """Judge the number of ``offending`` items out of ``counted``."""
    value = len(offending)
    evidence = {
        "value": value,
        "unit": "count",
        "limit": threshold,
        "comparison": comparison,
        "counted": counted,
        "measured": value,
        "offending": value,
        ids_key: ids(offending),
        **extra,
    }
    message = f"{value} of {counted} {what}; limit {limit_text(comparison, threshold)}."
    if holds(value, comparison, threshold):
        return Outcome.passed(message, **evidence)
    return Outcome.failed(message, **evidence)


def judge_index(
    value: float,
    *,
    threshold: float,
    comparison: Comparison,
    name: str,
    detail: str,
    **evidence: Any,
) -> Outcome:
    """Judge an index such as CPLI or BEI; ``detail`` says how it was computed."""
    message = f"{name} = {number(value)} ({detail}); limit {limit_text(comparison, threshold)}."
    evidence = {"value": round(value, 3), "limit": threshold, "comparison": comparison, **evidence}
    if holds(value, comparison, threshold):
        return Outcome.passed(message, **evidence)
    return Outcome.failed(message, **evidence)


def nothing_to_count(what: str) -> Outcome:
    return Outcome.not_applicable(f"Nothing to count: the plan has no {what}.", counted=0)
