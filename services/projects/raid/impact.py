"""A risk's schedule impact (issue 12): a chance of occurring in (0, 1] and a three-point
delay in working days (min <= likely <= max) on each of its tasks; all four fields or none.
A risk with them and tasks is a risk driver of the schedule risk analysis. Checked here,
naming the field at fault, before the database's check constraint would refuse it."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from shared.errors import FieldError, ValidationFailed

PROBABILITY = "occurrence_probability"
IMPACT_DAYS = (
    "schedule_impact_min_days",
    "schedule_impact_likely_days",
    "schedule_impact_max_days",
)
IMPACT_FIELDS = (PROBABILITY, *IMPACT_DAYS)


def impact_errors(values: Mapping[str, Any]) -> list[FieldError]:
    given = {name: values.get(name) for name in IMPACT_FIELDS}
    if all(value is None for value in given.values()):
        return []
    missing = [name for name, value in given.items() if value is None]
    if missing:
        return [
            FieldError(name, "a schedule impact needs all four fields (or none)")
            for name in missing
        ]
    low, likely, high = (Decimal(str(given[name])) for name in IMPACT_DAYS)
    errors = []
    if low > likely:
        errors.append(FieldError(IMPACT_DAYS[0], f"must not exceed {IMPACT_DAYS[1]}"))
    if likely > high:
        errors.append(FieldError(IMPACT_DAYS[2], f"must not be below {IMPACT_DAYS[1]}"))
    return errors


def check_impact(values: Mapping[str, Any]) -> None:
    errors = impact_errors(values)
    if errors:
        detail = "; ".join(f"{e.field} {e.message}" for e in errors)
        raise ValidationFailed(
            f"The schedule impact is not valid: {detail}.",
            errors=errors,
            extra={"code": "invalid_schedule_impact"},
        )


def check_impact_change(changes: Mapping[str, Any], entry: Any) -> None:
    """An update: the fields it sets merged with the stored ones."""
    if any(name in changes for name in IMPACT_FIELDS):
        check_impact({name: changes.get(name, getattr(entry, name)) for name in IMPACT_FIELDS})
