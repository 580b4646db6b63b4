"""Errors of the schedule risk analysis.

The API maps :class:`RiskInputError` (and so :class:`IterationLimitError`) to a 422 problem,
as it maps the engine's :class:`~services.projects.engine.errors.SchedulingError` family, which
the simulation lets through unchanged (a cycle is the engine's ``ScheduleCycleError``).
"""

from __future__ import annotations

from collections.abc import Hashable


class RiskInputError(ValueError):
    """An estimate, risk driver, correlation or option is invalid. ``code`` names the rule:
    ``invalid_estimate``, ``unknown_task``, ``summary_task``, ``invalid_probability``,
    ``invalid_correlation``, ``correlation_not_positive_definite``, ``invalid_option``,
    ``too_many_iterations``."""

    code = "invalid_risk_input"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        task_id: Hashable | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.task_id = task_id
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class IterationLimitError(RiskInputError):
    """More iterations (or iterations x tasks) than the documented limits allow."""

    code = "too_many_iterations"
