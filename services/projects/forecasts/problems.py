"""The 422 problems of a risk analysis request: the core's input errors and the engine's
scheduling errors, named as the API documents them."""

from __future__ import annotations

from typing import Any

from services.projects.engine import ScheduleCycleError, SchedulingError
from services.projects.risk import IterationLimitError, RiskInputError
from shared.errors import FieldError, ValidationFailed

# The code a breach of the iteration limits answers (the contract's name, whatever the
# core calls it).
ITERATION_LIMIT = "iteration_limit"


def input_problem(info: dict[str, Any], names: dict[str, str]) -> ValidationFailed:
    """From :func:`services.projects.forecasts.run.error_info` (or the same keys)."""
    extra: dict[str, Any] = {"code": info["code"]}
    message = info["message"]
    if info.get("task_id") is not None:
        extra["task_id"] = info["task_id"]
        if info["task_id"] in names:
            message = f"task {names[info['task_id']]!r}: {message}"
    return ValidationFailed(
        f"The risk analysis cannot run: {message}.",
        errors=[FieldError(info.get("field") or "body", message)],
        extra=extra,
    )


def risk_error_problem(error: RiskInputError, names: dict[str, str]) -> ValidationFailed:
    code = ITERATION_LIMIT if isinstance(error, IterationLimitError) else error.code
    task = None if error.task_id is None else str(error.task_id)
    info = {"message": error.message, "code": code, "field": error.field, "task_id": task}
    return input_problem(info, names)


def scheduling_problem(error: SchedulingError, names: dict[str, str]) -> ValidationFailed:
    if isinstance(error, ScheduleCycleError):
        ids = [str(t) for t in error.task_ids]
        path = " -> ".join(f"{names.get(t)!r}" for t in [*ids, ids[0]])
        return ValidationFailed(
            f"The plan cannot be simulated: its dependencies form a cycle: {path}.",
            errors=[FieldError("dependencies", f"cycle through {len(ids)} tasks: {path}")],
            extra={
                "code": "schedule_cycle",
                "cycle": [{"id": t, "name": names.get(t)} for t in ids],
            },
        )
    return ValidationFailed(
        f"The plan cannot be simulated: {error.message}.",
        errors=[FieldError(error.field or "plan", error.message)],
        extra={"code": error.code},
    )
