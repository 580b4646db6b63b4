"""Plan changes as data, and their effect on a copy of the engine's payload (pure).

A change names the row it changes and the value it expects there (``from``): applying it to
the stored plan checks that value first, so a change computed on an older plan is refused
instead of clobbering an edit made since. Operations:

- ``set_task_duration`` {task_id, from, to}: working days, decimal strings.
- ``set_assignment_units`` {assignment_id, task_id, from, to}; ``add_assignment`` {task_id,
  resource_id, units}: crashing (the engine ignores them; they keep the staff honest).
- ``set_dependency`` {dependency_id, predecessor_id, successor_id, from: {type, lag_days},
  to: {type, lag_days}}: fast-tracking (FS -> SS) and removing an optional lag.
- ``remove_task`` {task_id, name, bridges: [{predecessor_id, successor_id, type, lag_days}]}:
  cutting scope; the bridges keep the task's predecessors ahead of its successors.
- ``set_project_deadline`` {from, to}: ISO dates (``from`` may be null).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from services.projects.engine import LinkInput, ScheduleInput

PlanChange = dict[str, Any]
TWO_PLACES = Decimal("0.01")


def days(value: float | Decimal | str) -> str:
    """A number of days as the columns store it (two decimals), as a string."""
    return str(Decimal(str(value)).quantize(TWO_PLACES))


def applied_to(plan: ScheduleInput, changes: Sequence[PlanChange]) -> ScheduleInput:
    """A new engine input with ``changes`` made (the one given is not touched)."""
    tasks = list(plan.tasks)
    links = list(plan.links)
    deadline = plan.deadline
    for change in changes:
        op = change["op"]
        if op == "set_task_duration":
            tasks = [
                t._replace(duration_days=float(change["to"])) if t.id == change["task_id"] else t
                for t in tasks
            ]
        elif op == "set_dependency":
            links = _relinked(links, change)
        elif op == "remove_task":
            tasks, links = _without(tasks, links, change)
        elif op == "set_project_deadline":
            deadline = date.fromisoformat(change["to"])
    return replace(plan, tasks=tasks, links=links, deadline=deadline)


def _relinked(links: list[LinkInput], change: PlanChange) -> list[LinkInput]:
    ends = (change["predecessor_id"], change["successor_id"])
    target = change["to"]
    return [
        link._replace(type=target["type"], lag_days=float(target["lag_days"]))
        if (link.predecessor_id, link.successor_id) == ends
        else link
        for link in links
    ]


def _without(
    tasks: list[Any], links: list[LinkInput], change: PlanChange
) -> tuple[list[Any], list[LinkInput]]:
    gone = change["task_id"]
    kept = [link for link in links if gone not in (link.predecessor_id, link.successor_id)]
    pairs = {(link.predecessor_id, link.successor_id) for link in kept}
    for bridge in change["bridges"]:
        pair = (bridge["predecessor_id"], bridge["successor_id"])
        if pair not in pairs:
            kept.append(LinkInput(*pair, bridge["type"], float(bridge["lag_days"])))
            pairs.add(pair)
    return [t for t in tasks if t.id != gone], kept
