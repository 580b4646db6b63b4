"""Checks of a blueprint's WBS and links that the schemas cannot express: unique keys,
parents that exist and form a tree, links between existing tasks, and a plan the projects
service's scheduler can order. Pure functions: each answers the field errors it finds.

The scheduler applies a link to or from a summary task to every leaf task inside it (as MS
Project does) and refuses a link between a summary and a task inside it, so a cycle can
hide behind summaries. :func:`link_cycle` models each summary used by a link as two hubs
(its leaves lead into its "out" hub; its "in" hub leads to its leaves), which has a cycle
exactly when the expanded leaf-to-leaf plan has one, at linear size."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from graphlib import CycleError, TopologicalSorter

from services.governance.templates.content import (
    TemplateDeliverable,
    TemplateLink,
    TemplateTask,
)
from shared.errors import FieldError

Node = tuple[str, str]  # ("task", key) or ("in" / "out", summary key)


def wbs_errors(
    tasks: Sequence[TemplateTask],
    links: Sequence[TemplateLink],
    deliverables: Sequence[TemplateDeliverable] = (),
) -> list[FieldError]:
    """Every problem of the WBS, its links and the deliverables' keys; the cycle check runs
    only on a WBS and links that are otherwise sound."""
    errors = [
        *_duplicates("tasks", (t.key for t in tasks)),
        *_duplicates("deliverables", (d.key for d in deliverables)),
        *_parent_errors(tasks),
    ]
    errors += _link_errors(tasks, links)
    if errors:
        return errors
    cycle = link_cycle(tasks, links)
    if cycle:
        return [FieldError("dependencies", "the links form a cycle: " + " -> ".join(cycle))]
    return []


def _duplicates(field: str, keys: Iterable[str]) -> list[FieldError]:
    counts = Counter(keys)
    return [
        FieldError(f"{field}.key", f"key {key!r} is used {n} times")
        for key, n in counts.items()
        if n > 1
    ]


def _parent_errors(tasks: Sequence[TemplateTask]) -> list[FieldError]:
    parent = {t.key: t.parent_key for t in tasks}
    errors = [
        FieldError(f"tasks.{i}.parent_key", f"no task has the key {t.parent_key!r}")
        for i, t in enumerate(tasks)
        if t.parent_key is not None and t.parent_key not in parent
    ]
    if errors:
        return errors
    for i, task in enumerate(tasks):
        if _in_parent_loop(task.key, parent):
            errors.append(FieldError(f"tasks.{i}.parent_key", "task is its own ancestor"))
    summaries = {t.parent_key for t in tasks if t.parent_key is not None}
    errors += [
        FieldError(f"tasks.{i}.milestone", "a summary task (one with subtasks) is no milestone")
        for i, t in enumerate(tasks)
        if t.milestone and t.key in summaries
    ]
    return errors


def _in_parent_loop(key: str, parent: dict[str, str | None]) -> bool:
    seen = {key}
    current = parent.get(key)
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parent.get(current)
    return False


def _ancestors(key: str, parent: dict[str, str | None]) -> set[str]:
    found: set[str] = set()
    current = parent.get(key)
    while current is not None and current not in found:
        found.add(current)
        current = parent.get(current)
    return found


def _link_errors(tasks: Sequence[TemplateTask], links: Sequence[TemplateLink]) -> list[FieldError]:
    parent = {t.key: t.parent_key for t in tasks}
    errors: list[FieldError] = []
    seen: set[tuple[str, str]] = set()
    for i, link in enumerate(links):
        ends = (link.predecessor_key, link.successor_key)
        missing = [
            FieldError(f"dependencies.{i}.{field}", f"no task has the key {key!r}")
            for field, key in zip(("predecessor_key", "successor_key"), ends, strict=True)
            if key not in parent
        ]
        if missing:
            errors += missing
        elif ends[0] == ends[1]:
            errors.append(FieldError(f"dependencies.{i}", "a task cannot depend on itself"))
        elif ends[0] in _ancestors(ends[1], parent) or ends[1] in _ancestors(ends[0], parent):
            errors.append(
                FieldError(f"dependencies.{i}", "a summary task cannot be linked to its subtask")
            )
        elif ends in seen:
            errors.append(FieldError(f"dependencies.{i}", "these two tasks are already linked"))
        seen.add(ends)
    return errors


def link_cycle(tasks: Sequence[TemplateTask], links: Sequence[TemplateLink]) -> list[str]:
    """The task keys of one cycle of the links (summaries stand for their leaves), or []
    when the plan can be ordered. Expects keys, parents and link ends already checked."""
    parent = {t.key: t.parent_key for t in tasks}
    summaries = {p for p in parent.values() if p is not None}
    graph: dict[Node, set[Node]] = {("task", t.key): set() for t in tasks}
    for link in links:
        graph.setdefault(_source(link.predecessor_key, summaries), set()).add(
            _target(link.successor_key, summaries)
        )
    for key in parent:
        if key in summaries:
            continue
        for summary in _ancestors(key, parent):
            graph.setdefault(("out", summary), set())
            graph[("task", key)].add(("out", summary))
            graph.setdefault(("in", summary), set()).add(("task", key))
    # TopologicalSorter takes predecessors; the edges here point to successors, and a cycle
    # is a cycle either way round.
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        return _cycle_keys(error.args[1])
    return []


def _source(key: str, summaries: set[str]) -> Node:
    return ("out", key) if key in summaries else ("task", key)


def _target(key: str, summaries: set[str]) -> Node:
    return ("in", key) if key in summaries else ("task", key)


def _cycle_keys(nodes: Sequence[Node]) -> list[str]:
    keys: list[str] = []
    for _, key in reversed(nodes):
        if not keys or keys[-1] != key:
            keys.append(key)
    return keys
