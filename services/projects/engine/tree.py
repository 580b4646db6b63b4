"""The task outline: parents and children, and links on summary tasks."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter, is_

from services.projects.engine.errors import ScheduleInputError
from services.projects.engine.model import TaskId, TaskInput

_PARENT_ID = attrgetter("parent_id")


def build_tree(
    tasks: list[TaskInput], index: dict[TaskId, int]
) -> tuple[list[int], list[Sequence[int]]]:
    parent = [-1] * len(tasks)
    if all(map(is_, map(_PARENT_ID, tasks), repeat(None))):
        return parent, [()] * len(tasks)  # a flat plan: no list per task to allocate
    children: list[list[int]] = [[] for _ in tasks]
    for i, task in enumerate(tasks):
        if task.parent_id is None:
            continue
        p = index.get(task.parent_id)
        if p is None or p == i:
            raise ScheduleInputError(
                f"task {task.id!r} has unknown or self parent {task.parent_id!r}",
                field="tasks.parent_id",
                task_id=task.id,
                code="invalid_parent",
            )
        parent[i] = p
        children[p].append(i)
    for i in range(len(tasks)):  # a parent chain longer than the task count must loop
        seen, j = 0, parent[i]
        while j != -1:
            seen += 1
            if seen > len(tasks):
                raise ScheduleInputError(
                    f"task {tasks[i].id!r} is its own ancestor",
                    field="tasks.parent_id",
                    task_id=tasks[i].id,
                    code="invalid_parent",
                )
            j = parent[j]
    return parent, list(children)


def _leaf_descendants(i: int, children: list[Sequence[int]], is_summary: list[bool]) -> list[int]:
    out, stack = [], [i]
    while stack:
        j = stack.pop()
        if is_summary[j]:
            stack.extend(reversed(children[j]))
        else:
            out.append(j)
    return out


def _check_not_nested(p: int, s: int, parent: list[int], ids: list[TaskId]) -> None:
    """A summary cannot be linked to a task inside it (MS Project refuses it too): the link
    would constrain the summary by its own children."""
    for a, b in ((p, s), (s, p)):
        j = parent[b]
        while j != -1:
            if j == a:
                raise ScheduleInputError(
                    f"summary task {ids[a]!r} cannot be linked to its own subtask {ids[b]!r}",
                    field="links",
                    task_id=ids[b],
                    code="summary_link",
                )
            j = parent[j]


def expand_summary_links(
    pred: list[int],
    succ: list[int],
    kind: list[int],
    lag: list[int],
    tree: tuple[list[int], list[Sequence[int]], list[bool]],
    ids: list[TaskId],
) -> list[list[int]]:
    """Replace a link to or from a summary by links between the summary's leaf tasks.

    MS Project applies a summary's links to every task inside it; doing the same keeps the
    passes leaf-only. (For SS/SF links *from* a summary MS Project uses its earliest child;
    here every child constrains the successor, which is stricter when children start apart.)
    """
    parent, children, is_summary = tree
    out: list[list[int]] = [[], [], [], []]
    for p, s, k, g in zip(pred, succ, kind, lag, strict=True):
        if is_summary[p] or is_summary[s]:
            _check_not_nested(p, s, parent, ids)
        preds = _leaf_descendants(p, children, is_summary) if is_summary[p] else [p]
        succs = _leaf_descendants(s, children, is_summary) if is_summary[s] else [s]
        for a in preds:
            for b in succs:
                if a != b:
                    for column, value in zip(out, (a, b, k, g), strict=True):
                        column.append(value)
    return out
