"""Variance of the current plan against a baseline: plain functions, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from services.projects.engine import WorkCalendar

_FOUR_PLACES = Decimal("0.0001")


def calendar_days(current: datetime | None, baseline: datetime | None) -> int | None:
    """Positive: later than the baseline."""
    if current is None or baseline is None:
        return None
    return (current.date() - baseline.date()).days


def difference(current: Decimal | None, baseline: Decimal | None) -> Decimal | None:
    if current is None or baseline is None:
        return None
    return current - baseline


def task_variance(row: Mapping[str, Any]) -> dict[str, Any]:
    """One task's row (current_* and baseline_* values) with its variances added."""
    return {
        "task_id": row["id"],
        "name": row["name"],
        "baseline_start": row["baseline_start"],
        "baseline_finish": row["baseline_finish"],
        "baseline_duration_days": row["baseline_duration_days"],
        "baseline_cost": row["baseline_cost"],
        "current_start": row["current_start"],
        "current_finish": row["current_finish"],
        "current_duration_days": row["current_duration_days"],
        "current_cost": row["current_cost"],
        "start_variance_calendar_days": calendar_days(row["current_start"], row["baseline_start"]),
        "finish_variance_calendar_days": calendar_days(
            row["current_finish"], row["baseline_finish"]
        ),
        "duration_variance_days": difference(
            row["current_duration_days"], row["baseline_duration_days"]
        ),
        "cost_variance": difference(row["current_cost"], row["baseline_cost"]),
    }


def project_variance(baseline: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "baseline_start": baseline["project_start"],
        "baseline_finish": baseline["project_finish"],
        "baseline_cost": baseline["total_cost"],
        "current_start": current["project_start"],
        "current_finish": current["project_finish"],
        "current_cost": current["total_cost"],
        "finish_variance_calendar_days": calendar_days(
            current["project_finish"], baseline["project_finish"]
        ),
        "cost_variance": difference(current["total_cost"], baseline["total_cost"]),
    }


def working_days(
    calendar: WorkCalendar, current: datetime | None, baseline: datetime | None
) -> Decimal | None:
    """Working days of ``calendar`` from the baseline's finish to the current one (positive:
    later than the baseline). Both are finishes; a baseline finish at midnight is a bare
    date (baselines keep the scheduled finish day, see the repository's PLANNED_FINISH), so
    it stands for the end of that day."""
    if current is None or baseline is None:
        return None
    baseline_point = calendar.to_point(
        baseline.date() if baseline.time() == time(0, 0) else baseline, finish=True
    )
    return days_between(calendar, baseline_point, calendar.to_point(current, finish=True))


def days_between(calendar: WorkCalendar, start_point: int, end_point: int) -> Decimal:
    """Working days between two points of the calendar's axis, to four places (the scale
    of the stored floats)."""
    minutes = Decimal(end_point - start_point)
    return (minutes / Decimal(calendar.minutes_per_day)).quantize(_FOUR_PLACES)


def with_resource_cost(row: Mapping[str, Any], costs: Mapping[Any, Decimal]) -> Mapping[str, Any]:
    """A variance row whose current cost is the task's budget: fixed cost + resource cost."""
    extra = costs.get(row["id"])
    if not extra:
        return row
    return {**row, "current_cost": (row["current_cost"] or Decimal(0)) + extra}


def with_total_resource_cost(
    current: Mapping[str, Any], costs: Mapping[Any, Decimal]
) -> Mapping[str, Any]:
    extra = sum(costs.values(), Decimal(0))
    if not extra:
        return current
    return {**current, "total_cost": (current["total_cost"] or Decimal(0)) + extra}
