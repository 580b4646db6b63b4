"""The two sides of a what-if side by side: over-allocation summaries (before and after
levelling), the tasks whose levelled dates differ, and the deltas. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import numpy as np

from services.projects.capacity.compute import Window, find_over_allocations
from services.projects.capacity.inputs import CapacityInputs, day_number, day_of
from services.projects.what_if.cost import CostSide

# The longest window over-allocations are looked for in (as capacity's own limit).
MAX_WINDOW_DAYS = 3 * 366


def _day(value: str | None) -> date | None:
    return None if value is None else datetime.fromisoformat(value).date()


def moved_inputs(inputs: CapacityInputs, moved: Sequence[Mapping[str, Any]]) -> CapacityInputs:
    """The inputs with the levelled tasks' assignments on their new days."""
    if not moved:
        return inputs
    spans = {m["task_id"]: (m["new_start"], m["new_finish"]) for m in moved}
    arrays = inputs.assignments
    start, finish = arrays.start.copy(), arrays.finish.copy()
    for i, task_id in enumerate(arrays.task_ids):
        span = spans.get(str(task_id))
        if span is not None:
            first, last = _day(span[0]), _day(span[1])
            if first is not None and last is not None:
                start[i], finish[i] = day_number(first), day_number(last)
    return replace(inputs, assignments=replace(arrays, start=start, finish=finish))


def _window(inputs: CapacityInputs) -> Window | None:
    arrays = inputs.assignments
    if not len(arrays) or not arrays.in_scope.any():
        return None
    first = int(arrays.start[arrays.in_scope].min())
    last = min(int(arrays.finish[arrays.in_scope].max()), first + MAX_WINDOW_DAYS - 1)
    return Window(day_of(first), day_of(max(first, last)))


def over_allocation(inputs: CapacityInputs) -> dict[str, Any]:
    """Hours over capacity, periods, and who is over-allocated, over the scope's span."""
    window = _window(inputs)
    found = find_over_allocations(inputs, window) if window is not None else []
    resources = {
        str(item.key) if item.key is not None else item.name: {
            "resource_id": None if item.key is None else str(item.key),
            "name": item.name,
            "kind": item.kind,
        }
        for item in found
    }
    return {
        "hours": round(float(np.sum([item.excess_hours for item in found])), 2),
        "periods": len(found),
        "resources": sorted(resources.values(), key=lambda r: (r["name"], str(r["resource_id"]))),
    }


Span = tuple[Any, Any]  # (start, finish) as the engine's ISO date-times


def _spans(preview: Mapping[str, Any]) -> tuple[dict[str, Span], dict[str, Span]]:
    """The unlevelled and the levelled spans of the tasks a levelling moved."""
    moved = preview.get("moved_tasks", ())
    unlevelled = {m["task_id"]: (m["old_start"], m["old_finish"]) for m in moved}
    levelled = {m["task_id"]: (m["new_start"], m["new_finish"]) for m in moved}
    return unlevelled, levelled


def tasks_moving(
    current: Mapping[str, Any], scenario: Mapping[str, Any], names: Mapping[str, tuple[str, str]]
) -> list[dict[str, Any]]:
    """Tasks whose levelled dates differ between the two sides (``names``: task -> (name,
    project id)). A task neither levelling moved sits on its unlevelled dates on both."""
    unlevelled, now = _spans(current)
    unlevelled_too, then = _spans(scenario)
    unlevelled.update(unlevelled_too)
    moving = []
    for task_id in sorted(set(now) | set(then), key=lambda t: names.get(t, (t, ""))):
        before = now.get(task_id, unlevelled[task_id])
        after = then.get(task_id, unlevelled[task_id])
        if before != after:
            name, project_id = names.get(task_id, ("", ""))
            moving.append(
                {
                    "task_id": task_id,
                    "project_id": project_id,
                    "name": name,
                    "current_start": before[0],
                    "current_finish": before[1],
                    "scenario_start": after[0],
                    "scenario_finish": after[1],
                }
            )
    return moving


def money(side: CostSide) -> dict[str, Any]:
    return {
        "resource_cost": None if side.total is None else str(side.total),
        "currency": side.currency,
        "unstaffed_hours": str(side.unstaffed_hours),
    }


def cost_delta(current: CostSide, scenario: CostSide) -> str | None:
    if current.total is None or scenario.total is None:
        return None
    if current.currency and scenario.currency and current.currency != scenario.currency:
        return None
    return str(scenario.total - current.total)


def finish_delta(calendar_days: Any, current: str | None, scenario: str | None) -> int | None:
    """Working days the scenario's finish is after the current one (negative: before)."""
    a, b = _day(current), _day(scenario)
    if a is None or b is None:
        return None
    return int(calendar_days(a, b)) if b >= a else -int(calendar_days(b, a))


def hours_delta(current: Mapping[str, Any] | None, scenario: Mapping[str, Any] | None) -> Any:
    if current is None or scenario is None:
        return None
    return {
        "hours": round(scenario["hours"] - current["hours"], 2),
        "periods": scenario["periods"] - current["periods"],
    }
