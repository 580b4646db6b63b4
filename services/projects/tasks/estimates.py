"""Three-point duration estimates of tasks (schedule risk analysis, issue 12): all of
optimistic, most likely, pessimistic and a distribution, or none (the task's duration is
then fixed in a simulation); 0 <= optimistic <= most likely <= pessimistic. Checked here,
with the field at fault named, before the database's check constraint would refuse it."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared.errors import FieldError, ValidationFailed


class DurationDistribution(StrEnum):
    triangular = "triangular"
    pert = "pert"


OPTIMISTIC = "duration_optimistic_days"
MOST_LIKELY = "duration_most_likely_days"
PESSIMISTIC = "duration_pessimistic_days"
DISTRIBUTION = "duration_distribution"
ESTIMATE_FIELDS = (OPTIMISTIC, MOST_LIKELY, PESSIMISTIC, DISTRIBUTION)
ESTIMATE_HELP = (
    "A three-point estimate in working days (schedule risk analysis): give optimistic, "
    "most likely, pessimistic and a distribution together, or none (null: fixed)."
)


def estimate_errors(values: Mapping[str, Any]) -> list[FieldError]:
    """What is wrong with an estimate (``values``: the four fields, absent = null)."""
    given = {name: values.get(name) for name in ESTIMATE_FIELDS}
    present = [name for name, value in given.items() if value is not None]
    if not present:
        return []
    if len(present) < len(ESTIMATE_FIELDS):
        return [
            FieldError(name, "a three-point estimate needs all four fields (or none)")
            for name in ESTIMATE_FIELDS
            if given[name] is None
        ]
    low, likely, high = (Decimal(str(given[name])) for name in ESTIMATE_FIELDS[:3])
    errors = []
    if low > likely:
        errors.append(FieldError(OPTIMISTIC, f"must not exceed {MOST_LIKELY}"))
    if likely > high:
        errors.append(FieldError(PESSIMISTIC, f"must not be below {MOST_LIKELY}"))
    return errors


def check_estimate(values: Mapping[str, Any]) -> None:
    errors = estimate_errors(values)
    if errors:
        raise ValidationFailed(
            "The three-point estimate is not valid: "
            + "; ".join(f"{e.field} {e.message}" for e in errors)
            + ".",
            errors=errors,
            extra={"code": "invalid_estimate"},
        )
