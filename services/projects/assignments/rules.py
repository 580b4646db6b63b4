"""What an assignment must satisfy (pure: the caller loads the task, the resource, its rates
and the project's hours per day and currency). Single writes and bulk pushes share these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from services.projects.assignments.costing import units_for_work
from services.projects.assignments.figures import RateRow, foreign_currency
from services.projects.currency.service import CurrencyMismatch
from services.projects.models import Resource, Task
from shared.errors import FieldError, ValidationFailed

MIN_UNITS, MAX_UNITS = Decimal("0.01"), Decimal(10)


@dataclass(frozen=True, slots=True)
class ProjectMoney:
    """The project's hours per working day and the currency its money is in."""

    hours_per_day: Decimal
    currency: str | None


def check_assignable(task: Task, resource: Resource) -> None:
    if task.is_summary:
        raise ValidationFailed(
            "A summary task carries no assignments: assign its subtasks.",
            errors=[FieldError("task_id", "a summary task")],
        )
    if not resource.active:
        raise ValidationFailed(
            f"Resource {resource.id} is inactive: it takes no new assignments.",
            errors=[FieldError("resource_id", "an inactive resource")],
        )


def units_to_store(
    task: Task,
    resource: Resource,
    units: Decimal | None,
    work: Decimal | None,
    project: ProjectMoney,
    rates: Sequence[RateRow],
) -> Decimal:
    """The units to store (given, or derived from work), within the resource's
    ``max_units``; the resource's rates must be in the project's currency."""
    if units is None:
        assert work is not None  # the schemas ask for exactly one
        units = _units_from_work(task, work, project.hours_per_day)
    if units > resource.max_units:
        field = "units" if work is None else "work_hours"
        raise ValidationFailed(
            f"{units} units exceed the resource's max_units of {resource.max_units}.",
            errors=[FieldError(field, f"at most {resource.max_units} units (max_units)")],
        )
    other = foreign_currency(rates, project.currency)
    if other is not None:
        currency = project.currency
        raise CurrencyMismatch(
            f"The resource's rates are in {other} but the project's money is in "
            f"{currency or 'no currency'}: its cost could not be summed (no exchange rates).",
            errors=[FieldError("resource_id", f"rates in {other}, the project in {currency}")],
        )
    return units


def _units_from_work(task: Task, work: Decimal, hours_per_day: Decimal) -> Decimal:
    if not task.duration_days:
        raise ValidationFailed(
            "The task has no duration: give units, work cannot be spread over zero days.",
            errors=[FieldError("work_hours", "the task's duration is zero")],
        )
    units = units_for_work(work, task.duration_days, hours_per_day)
    if not MIN_UNITS <= units <= MAX_UNITS:
        raise ValidationFailed(
            f"{work} hours over {task.duration_days} days are {units} units, out of (0, 10].",
            errors=[FieldError("work_hours", "gives units out of (0, 10]")],
        )
    return units
