"""The computed tables as the JSON the API answers (see ``schemas.py``): hours to two
decimals, utilisation (demand over capacity) to four, null where there is no capacity."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from services.projects.capacity.compute import LoadRow, LoadTable, OverAllocation, Window
from services.projects.capacity.inputs import FloatArray


def _hours(values: FloatArray) -> list[float]:
    rounded: list[float] = np.round(values, 2).tolist()
    return rounded


def _utilisation(load: FloatArray, capacity: FloatArray) -> list[float | None]:
    ratio = np.round(np.divide(load, capacity, out=np.zeros_like(load), where=capacity > 0), 4)
    return [r if c > 0 else None for r, c in zip(ratio.tolist(), capacity.tolist(), strict=True)]


def _row(row: LoadRow, starts: list[Any]) -> dict[str, Any]:
    demand, other, capacity = _hours(row.demand), _hours(row.other_demand), _hours(row.capacity)
    utilisation = _utilisation(row.demand, row.capacity)
    over = row.over_days.tolist()
    total_demand, total_capacity = float(row.demand.sum()), float(row.capacity.sum())
    return {
        "resource_id": row.key,
        "name": row.name,
        "kind": row.kind,
        "role_name": row.role_name,
        "members": row.members,
        "totals": {
            "demand_hours": round(total_demand, 2),
            "other_demand_hours": round(float(row.other_demand.sum()), 2),
            "capacity_hours": round(total_capacity, 2),
            "utilisation": round(total_demand / total_capacity, 4) if total_capacity > 0 else None,
            "over_allocated_days": int(row.over_days.sum()),
        },
        "buckets": [
            {
                "start": starts[i],
                "demand_hours": demand[i],
                "other_demand_hours": other[i],
                "capacity_hours": capacity[i],
                "utilisation": utilisation[i],
                "over_allocated": over[i] > 0,
                "over_allocated_days": over[i],
            }
            for i in range(len(starts))
        ],
    }


def load_table(table: LoadTable) -> dict[str, Any]:
    starts = list(table.starts)
    return {
        "from_date": table.window.first,
        "to_date": table.window.last,
        "grain": table.grain,
        "buckets": [
            {"start": start, "end": end} for start, end in zip(starts, table.ends, strict=True)
        ],
        "rows": [_row(row, starts) for row in table.rows],
    }


def only_role(table: LoadTable, role: str) -> LoadTable:
    return replace(table, rows=tuple(row for row in table.rows if row.name == role))


def over_allocations(window: Window, found: list[OverAllocation]) -> dict[str, Any]:
    return {
        "from_date": window.first,
        "to_date": window.last,
        "items": [
            {
                "resource_id": item.key,
                "name": item.name,
                "kind": item.kind,
                "role_name": item.role_name,
                "from_date": item.first,
                "to_date": item.last,
                "days": item.days,
                "peak_excess_hours": round(item.peak_excess_hours, 2),
                "excess_hours": round(item.excess_hours, 2),
                "tasks": [
                    {
                        "task_id": task.task_id,
                        "task_name": task.task_name,
                        "project_id": task.project_id,
                        "resource_id": task.resource_key,
                        "units": f"{task.units:.2f}",
                    }
                    for task in item.tasks
                ],
            }
            for item in found
        ],
    }
