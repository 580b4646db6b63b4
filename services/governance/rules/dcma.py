"""The DCMA 14-point schedule assessment (DCMA-EA PAM 200.1, 2012), checks 1 to 8: the
plan's structure (logic, leads, lags, relationship types, hard constraints, high float,
negative float, high duration). Checks 9 to 14 read progress and are in ``dcma_plan.py``.

Each check's limit (``threshold``) and how the measured value compares with it
(``comparison``) are parameters with DCMA's values as defaults; which tasks count is in
``plan.py`` and in each kind's description.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from services.governance.rules.base import (
    Category,
    Comparison,
    Facts,
    Outcome,
    Params,
    RuleKind,
    ids,
)
from services.governance.rules.plan import (
    as_decimal,
    comparison_field,
    count_field,
    counted_tasks,
    judge_count,
    judge_share,
    linked_task_ids,
    links_into_counted,
    milestones_field,
    nothing_to_count,
    percent_field,
)
from services.governance.rules.registry import register
from shared.clients.projects.facts import FactLink, FactTask

INCOMPLETE = (
    "Counts the plan's incomplete tasks (no actual finish and percent complete below 100), "
    "without summary tasks and, unless include_milestones, without milestones."
)
LINKS = (
    "Counts the links into the incomplete tasks (each task's predecessor links, as DCMA counts "
    "a task's relationships; a link counts once), without summary tasks and, unless "
    "include_milestones, without links into milestones."
)


def dcma(
    name: str,
    title: str,
    description: str,
    params: type[Params],
    check: Callable[[Facts, Any], Outcome],
) -> None:
    """Register a DCMA kind; its example is its defaults (DCMA's limits)."""
    example = params().model_dump(mode="json")
    register(RuleKind(name, title, description, params, check, Category.dcma, example))


class LogicParams(Params):
    """DCMA check 1, missing logic: incomplete tasks without a predecessor or a successor."""

    threshold: float = percent_field(5.0, "tasks missing logic")
    comparison: Comparison = comparison_field("<=")
    include_milestones: bool = milestones_field()


def check_logic(facts: Facts, params: LogicParams) -> Outcome:
    tasks = counted_tasks(facts, milestones=params.include_milestones)
    if not tasks:
        return nothing_to_count("incomplete tasks")
    with_predecessor, with_successor = linked_task_ids(facts)
    no_predecessor = [t.id for t in tasks if t.id not in with_predecessor]
    no_successor = [t.id for t in tasks if t.id not in with_successor]
    missing = set(no_predecessor) | set(no_successor)
    return judge_share(
        [t.id for t in tasks if t.id in missing],
        len(tasks),
        threshold=params.threshold,
        comparison=params.comparison,
        what="of the incomplete tasks miss a predecessor or a successor",
        without_predecessor=ids(no_predecessor),
        without_successor=ids(no_successor),
    )


dcma(
    "dcma_logic",
    "DCMA 1: missing logic",
    f"Share of tasks without a predecessor or without a successor (a link to or from any task "
    f"counts). DCMA: at most 5 %. {INCOMPLETE}",
    LogicParams,
    check_logic,
)


def _link_check(
    facts: Facts, include_milestones: bool
) -> tuple[tuple[FactLink, ...], Outcome | None]:
    links = links_into_counted(facts, milestones=include_milestones)
    return links, None if links else nothing_to_count("links into incomplete tasks")


class LeadsParams(Params):
    """DCMA check 2, leads: links with a negative lag."""

    threshold: float = count_field(0.0, "links with a lead")
    comparison: Comparison = comparison_field("<=")
    include_milestones: bool = milestones_field()


def check_leads(facts: Facts, params: LeadsParams) -> Outcome:
    links, empty = _link_check(facts, params.include_milestones)
    if empty:
        return empty
    return judge_count(
        [link.id for link in links if link.lag_days < 0],
        len(links),
        threshold=params.threshold,
        comparison=params.comparison,
        what="links into incomplete tasks have a lead (negative lag)",
        ids_key="link_ids",
    )


dcma(
    "dcma_leads",
    "DCMA 2: leads",
    f"Number of links with a lead (a negative lag). DCMA: none. {LINKS}",
    LeadsParams,
    check_leads,
)


class LagsParams(Params):
    """DCMA check 3, lags: links with a positive lag."""

    threshold: float = percent_field(5.0, "links with a lag")
    comparison: Comparison = comparison_field("<=")
    include_milestones: bool = milestones_field()


def check_lags(facts: Facts, params: LagsParams) -> Outcome:
    links, empty = _link_check(facts, params.include_milestones)
    if empty:
        return empty
    return judge_share(
        [link.id for link in links if link.lag_days > 0],
        len(links),
        threshold=params.threshold,
        comparison=params.comparison,
        what="of the links into incomplete tasks have a lag",
        ids_key="link_ids",
    )


dcma(
    "dcma_lags",
    "DCMA 3: lags",
    f"Share of links with a lag (a positive lag). DCMA: at most 5 %. {LINKS}",
    LagsParams,
    check_lags,
)


class RelationshipTypesParams(Params):
    """DCMA check 4, relationship types: the share of finish-to-start links."""

    threshold: float = percent_field(90.0, "finish-to-start links")
    comparison: Comparison = comparison_field(">=")
    include_milestones: bool = milestones_field()


def check_relationship_types(facts: Facts, params: RelationshipTypesParams) -> Outcome:
    links, empty = _link_check(facts, params.include_milestones)
    if empty:
        return empty
    return judge_share(
        [link.id for link in links if link.type == "FS"],
        len(links),
        threshold=params.threshold,
        comparison=params.comparison,
        what="of the links into incomplete tasks are finish-to-start",
        ids_key="link_ids",
        offending=[link.id for link in links if link.type != "FS"],
    )


dcma(
    "dcma_relationship_types",
    "DCMA 4: relationship types",
    f"Share of finish-to-start links; the evidence lists the other links (link_ids). "
    f"DCMA: at least 90 %. {LINKS}",
    RelationshipTypesParams,
    check_relationship_types,
)

HardConstraint = Literal["MSO", "MFO", "SNLT", "FNLT", "SNET", "FNET", "ALAP"]


class HardConstraintsParams(Params):
    """DCMA check 5, hard constraints: tasks whose dates a constraint fixes."""

    threshold: float = percent_field(5.0, "tasks with a hard constraint")
    comparison: Comparison = comparison_field("<=")
    constraint_types: list[HardConstraint] = Field(
        default=["MSO", "MFO", "SNLT", "FNLT"],
        min_length=1,
        description="The constraint types counted as hard.",
    )
    include_milestones: bool = milestones_field()


def check_hard_constraints(facts: Facts, params: HardConstraintsParams) -> Outcome:
    tasks = counted_tasks(facts, milestones=params.include_milestones)
    if not tasks:
        return nothing_to_count("incomplete tasks")
    hard = set(params.constraint_types)
    return judge_share(
        [t.id for t in tasks if t.constraint_type in hard],
        len(tasks),
        threshold=params.threshold,
        comparison=params.comparison,
        what=f"of the incomplete tasks have a hard constraint ({', '.join(sorted(hard))})",
    )


dcma(
    "dcma_hard_constraints",
    "DCMA 5: hard constraints",
    "Share of tasks with a hard constraint: must start on, must finish on, start no later "
    f"than, finish no later than (constraint_types). DCMA: at most 5 %. {INCOMPLETE}",
    HardConstraintsParams,
    check_hard_constraints,
)


class HighFloatParams(Params):
    """DCMA check 6, high float: tasks with more total float than ``float_days``."""

    threshold: float = percent_field(5.0, "tasks with high float")
    comparison: Comparison = comparison_field("<=")
    float_days: float = Field(
        44.0, ge=0, le=100_000, description="Total float above this, in working days, is high."
    )
    include_milestones: bool = milestones_field()


def check_high_float(facts: Facts, params: HighFloatParams) -> Outcome:
    tasks = counted_tasks(facts, milestones=params.include_milestones)
    if not tasks:
        return nothing_to_count("incomplete tasks")
    limit = as_decimal(params.float_days)
    high = [t.id for t in tasks if t.total_float_days is not None and t.total_float_days > limit]
    return judge_share(
        high,
        len(tasks),
        threshold=params.threshold,
        comparison=params.comparison,
        what=f"of the incomplete tasks have more than {params.float_days:g} days of total float",
    )


dcma(
    "dcma_high_float",
    "DCMA 6: high float",
    "Share of tasks whose total float exceeds float_days working days (44, about two months); "
    f"a task without a computed float does not. DCMA: at most 5 %. {INCOMPLETE}",
    HighFloatParams,
    check_high_float,
)


class NegativeFloatParams(Params):
    """DCMA check 7, negative float: tasks with a total float below zero."""

    threshold: float = count_field(0.0, "tasks with negative float")
    comparison: Comparison = comparison_field("<=")
    include_milestones: bool = milestones_field()


def check_negative_float(facts: Facts, params: NegativeFloatParams) -> Outcome:
    tasks = counted_tasks(facts, milestones=params.include_milestones)
    if not tasks:
        return nothing_to_count("incomplete tasks")
    return judge_count(
        [t.id for t in tasks if t.total_float_days is not None and t.total_float_days < 0],
        len(tasks),
        threshold=params.threshold,
        comparison=params.comparison,
        what="incomplete tasks have negative total float",
    )


dcma(
    "dcma_negative_float",
    "DCMA 7: negative float",
    "Number of tasks with negative total float (the engine reports it unclamped, e.g. from a "
    f"deadline or a constraint the logic cannot meet). DCMA: none. {INCOMPLETE}",
    NegativeFloatParams,
    check_negative_float,
)


class HighDurationParams(Params):
    """DCMA check 8, high duration: tasks longer than ``duration_days``."""

    threshold: float = percent_field(5.0, "tasks with a high duration")
    comparison: Comparison = comparison_field("<=")
    duration_days: float = Field(
        44.0, ge=0, le=100_000, description="A duration above this, in working days, is high."
    )
    duration_source: Literal["planned", "baseline"] = Field(
        "planned",
        description="planned: the task's current duration; baseline: its baseline duration "
        "(as DCMA's text reads), the current one for a task not in the baseline.",
    )
    include_milestones: bool = milestones_field()


def _duration(task: FactTask, baseline: bool) -> Decimal:
    if baseline and task.baseline_duration_days is not None:
        return task.baseline_duration_days
    return task.duration_days


def check_high_duration(facts: Facts, params: HighDurationParams) -> Outcome:
    tasks = counted_tasks(facts, milestones=params.include_milestones)
    if not tasks:
        return nothing_to_count("incomplete tasks")
    baseline = params.duration_source == "baseline"
    limit = as_decimal(params.duration_days)
    long = [t.id for t in tasks if _duration(t, baseline) > limit]
    return judge_share(
        long,
        len(tasks),
        threshold=params.threshold,
        comparison=params.comparison,
        what=f"of the incomplete tasks last more than {params.duration_days:g} days",
    )


dcma(
    "dcma_high_duration",
    "DCMA 8: high duration",
    "Share of tasks whose duration exceeds duration_days working days (44); the planned "
    f"duration by default, the baseline one with duration_source. DCMA: at most 5 %. "
    f"{INCOMPLETE}",
    HighDurationParams,
    check_high_duration,
)
