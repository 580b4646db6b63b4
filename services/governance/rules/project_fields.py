"""Rule kinds over a project's own fields and its status reporting."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from services.governance.rules.base import Facts, Outcome, Params, RuleKind
from services.governance.rules.phases import (
    PhaseName,
    in_phases,
    later_phases_field,
    phase_text,
)
from services.governance.rules.registry import register

# The project fields a standard may require (ProjectFactsDTO), all optional on a project.
RequirableField = Literal[
    "description",
    "sponsor",
    "manager",
    "start_date",
    "target_date",
    "deadline",
    "budget",
    "currency",
    "status_date",
    "portfolio_id",
    "phase",
    "tags",
]


class RequiredFieldParams(Params):
    """Which project field must be filled in."""

    field: RequirableField = Field(description="The project field that must be present.")
    phase: PhaseName | None = Field(
        default=None,
        description="The phase from which on the field is required; null: always.",
    )
    later_phases: list[PhaseName] = later_phases_field()


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return not value
    return False


def check_required_field(facts: Facts, params: RequiredFieldParams) -> Outcome:
    project = facts.project
    if params.phase is not None and not in_phases(project, params.phase, params.later_phases):
        return Outcome.not_applicable(
            f"The project is in {phase_text(project)}, not in {params.phase!r} or later.",
            phase=project.phase,
        )
    value = getattr(project, params.field)
    if _is_empty(value):
        return Outcome.failed(f"The project's {params.field} is missing.", field=params.field)
    return Outcome.passed(f"The project's {params.field} is set.", field=params.field)


REQUIRED_FIELD = register(
    RuleKind(
        name="required_field",
        title="Required project field",
        description=(
            "Passes when the named project field is present: not null, and for text and tags "
            "not empty (text made only of spaces is empty). A budget of 0 is present. With a "
            "`phase`, the field is required only in that phase and the `later_phases` (not "
            "applicable in other phases and while the project has no phase); without one, "
            "always."
        ),
        params=RequiredFieldParams,
        check=check_required_field,
        example={"field": "sponsor"},
    )
)


class StatusUpdateAgeParams(Params):
    """How recent the last status update must be."""

    max_age_days: int = Field(
        14,
        ge=0,
        le=3660,
        description="Most calendar days between the last status update's as-of date and "
        "the project's as-of date (its status date, else today).",
    )


def check_status_update_age(facts: Facts, params: StatusUpdateAgeParams) -> Outcome:
    project = facts.project
    if project.start_date is not None and project.start_date > project.as_of:
        return Outcome.not_applicable(
            "The project has not started: no status update is due yet.",
            start_date=project.start_date.isoformat(),
            as_of=project.as_of.isoformat(),
        )
    update = project.last_status_update
    if update is None:
        return Outcome.failed("The project has no status update.", limit=params.max_age_days)
    age = (project.as_of - update.as_of).days
    evidence = {
        "value": age,
        "limit": params.max_age_days,
        "status_update_id": str(update.id),
        "status_update_as_of": update.as_of.isoformat(),
        "as_of": project.as_of.isoformat(),
    }
    if age > params.max_age_days:
        message = f"The last status update is {age} days old (limit {params.max_age_days})."
        return Outcome.failed(message, **evidence)
    return Outcome.passed(f"The last status update is {age} days old.", **evidence)


STATUS_UPDATE_AGE = register(
    RuleKind(
        name="status_update_age",
        title="Status update not older than N days",
        description=(
            "Passes when the project's last status update (by its as-of date) is at most "
            "max_age_days calendar days before the project's as-of date (the status date if "
            "set, else today); fails when the project has none. Not applicable before the "
            "project's start date."
        ),
        params=StatusUpdateAgeParams,
        check=check_status_update_age,
        example={"max_age_days": 14},
    )
)
