"""A requested plan checked and turned into table rows (pure, no I/O).

Everything a key can get wrong is found here, before anything is written, and reported with
its field path (``tasks.3.parent_key``): duplicate keys, unknown parents and successors, an
outline or a chain of links that loops. Ids are generated here, so parents and links refer
to tasks before they exist; tasks are written parents first.
"""

from __future__ import annotations

import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any

from services.projects.plans.schemas import PlanLink, PlanTask, ProjectPlanCreate
from services.projects.tasks.progress import Progress, apply_progress
from shared.errors import FieldError, ValidationFailed

# More would drown the one mistake that caused them (a renamed key breaks every link to it).
MAX_REPORTED = 50


@dataclass(frozen=True, slots=True)
class CheckedPlan:
    ids: dict[str, uuid.UUID]  # key -> the task's new id
    parents_first: list[int]  # positions of the tasks in an order that inserts parents first


def check_plan(plan: ProjectPlanCreate) -> CheckedPlan:
    """The plan's keys resolved, or a 422 listing what is wrong (nothing is written)."""
    errors: list[FieldError] = []
    index = _keys(plan.tasks, errors)
    depth = _outline(plan.tasks, index, errors)
    _links(plan.dependencies, index, errors)
    if not errors:
        _not_nested(plan, index, errors)
        _acyclic(plan.dependencies, index, errors)
    errors += [
        FieldError(f"raid.{kind}.{i}.task_ids", "a new plan's tasks have no ids yet")
        for kind in ("risks", "issues", "assumptions", "decisions")
        for i, entry in enumerate(getattr(plan.raid, kind))
        if entry.task_ids
    ]
    if errors:
        more = len(errors) - MAX_REPORTED
        raise ValidationFailed(
            f"The plan is not valid ({len(errors)} problems; first: {errors[0].field}: "
            f"{errors[0].message}); nothing was written.",
            errors=errors[:MAX_REPORTED],
            extra={"more_errors": more} if more > 0 else None,
        )
    ids = {task.key: uuid.uuid4() for task in plan.tasks}
    order = sorted(range(len(plan.tasks)), key=depth.__getitem__)
    return CheckedPlan(ids, order)


def _keys(tasks: list[PlanTask], errors: list[FieldError]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, task in enumerate(tasks):
        if task.key in index:
            errors.append(
                FieldError(f"tasks.{i}.key", f"duplicate key: tasks.{index[task.key]} has it")
            )
        else:
            index[task.key] = i
    return index


def _outline(tasks: list[PlanTask], index: dict[str, int], errors: list[FieldError]) -> list[int]:
    """Each task's depth in the outline; a parent that is unknown or closes a loop is an
    error (the task then counts as top level)."""
    for i, task in enumerate(tasks):
        if task.parent_key is not None and task.parent_key not in index:
            message = f"no task has key {task.parent_key!r}"
            errors.append(FieldError(f"tasks.{i}.parent_key", message))
    depth: dict[int, int] = {}
    for i in range(len(tasks)):
        path: list[int] = []
        node: int | None = i
        while node is not None and node not in depth:
            if node in path:
                errors.append(FieldError(f"tasks.{node}.parent_key", "the outline loops here"))
                depth[node] = 0
                break
            path.append(node)
            parent = tasks[node].parent_key
            node = index.get(parent) if parent is not None else None
        below = depth[node] + 1 if node is not None else 0
        for position in reversed(path):
            depth.setdefault(position, below)
            below = depth[position] + 1
    return [depth[i] for i in range(len(tasks))]


def _links(links: list[PlanLink], index: dict[str, int], errors: list[FieldError]) -> None:
    pairs: dict[tuple[str, str], int] = {}
    for i, link in enumerate(links):
        for end in ("predecessor_key", "successor_key"):
            if getattr(link, end) not in index:
                errors.append(FieldError(f"dependencies.{i}.{end}", "no task has this key"))
        pair = (link.predecessor_key, link.successor_key)
        if pair[0] == pair[1]:
            errors.append(FieldError(f"dependencies.{i}", "a task cannot depend on itself"))
        elif pair in pairs:
            errors.append(
                FieldError(f"dependencies.{i}", f"dependencies.{pairs[pair]} links these tasks")
            )
        else:
            pairs[pair] = i


def _not_nested(plan: ProjectPlanCreate, index: dict[str, int], errors: list[FieldError]) -> None:
    """A summary task cannot be linked to a task inside it (MS Project refuses it, and so
    does the engine): the link would constrain the summary by its own children."""

    def ancestors(key: str) -> set[str]:
        found: set[str] = set()
        parent = plan.tasks[index[key]].parent_key
        while parent is not None and parent not in found:
            found.add(parent)
            parent = plan.tasks[index[parent]].parent_key
        return found

    for i, link in enumerate(plan.dependencies):
        first, then = link.predecessor_key, link.successor_key
        if first in ancestors(then) or then in ancestors(first):
            message = "a summary task cannot be linked to its own subtask"
            errors.append(FieldError(f"dependencies.{i}", message))


def _acyclic(links: list[PlanLink], index: dict[str, int], errors: list[FieldError]) -> None:
    """Kahn's algorithm over the links: those left over lie on or behind a cycle; the one
    reported is the first that closes one (the engine also refuses cycles that only appear
    once links on summary tasks reach their subtasks)."""
    successors: dict[int, list[int]] = {}
    waiting = [0] * len(index)
    for link in links:
        successors.setdefault(index[link.predecessor_key], []).append(index[link.successor_key])
        waiting[index[link.successor_key]] += 1
    ready = deque(i for i, count in enumerate(waiting) if count == 0)
    while ready:
        for successor in successors.get(ready.popleft(), ()):
            waiting[successor] -= 1
            if waiting[successor] == 0:
                ready.append(successor)
    for i, link in enumerate(links):
        ends = (index[link.predecessor_key], index[link.successor_key])
        if waiting[ends[0]] and waiting[ends[1]]:
            errors.append(
                FieldError(f"dependencies.{i}", "the links form a cycle through this one")
            )
            return


def task_rows(
    plan: ProjectPlanCreate, checked: CheckedPlan, project_id: uuid.UUID
) -> list[dict[str, Any]]:
    """Rows for a multi-row INSERT, parents first; ``position`` keeps the request's order."""
    rows = []
    for position in checked.parents_first:
        task = plan.tasks[position]
        progress = apply_progress(Progress(), {"duration_days": task.duration_days})
        rows.append(
            {
                "id": checked.ids[task.key],
                "project_id": project_id,
                "parent_id": checked.ids[task.parent_key] if task.parent_key else None,
                "name": task.name,
                "position": position,
                **progress.fields(),
                "milestone": task.milestone,
                "constraint_type": task.constraint_type.value,
                "constraint_date": task.constraint_date,
                "deadline": task.deadline,
                "version": 1,
            }
        )
    return rows


def link_rows(
    plan: ProjectPlanCreate, checked: CheckedPlan, project_id: uuid.UUID
) -> list[dict[str, Any]]:
    return [
        {
            "id": uuid.uuid4(),
            "project_id": project_id,
            "predecessor_id": checked.ids[link.predecessor_key],
            "successor_id": checked.ids[link.successor_key],
            "type": link.type.value,
            "lag_days": link.lag_days,
            "version": 1,
        }
        for link in plan.dependencies
    ]
