"""Both levellings of a what-if (the pool as it is, the pool as the scenario has it), with
the same method and limit, in one child process: the pure part of the job."""

from __future__ import annotations

from typing import Any

from services.projects.levelling.builder import LevellingInput
from services.projects.levelling.model import LevellingError
from services.projects.levelling.run import (
    Report,
    SolveOptions,
    SolveOutcome,
    error_info,
    solve_plan,
)
from services.projects.resources.scenario import ResourceScenario


def solve_sides(
    inp: LevellingInput, scenario: ResourceScenario, options: SolveOptions, report: Report
) -> dict[str, SolveOutcome] | dict[str, Any]:
    """``{"current": outcome, "scenario": outcome}``, or a levelling error as data with the
    side it happened on (exceptions with keyword arguments do not survive unpickling)."""
    outcomes: dict[str, SolveOutcome] = {}
    for side, applied in (("current", None), ("scenario", scenario)):
        try:
            outcomes[side] = solve_plan(inp, applied, options, _half(report, side))
        except LevellingError as error:
            return {"side": side, **error_info(error)}
    return outcomes


def _half(report: Report, side: str) -> Report:
    offset = 0.0 if side == "current" else 0.5

    def scaled(progress: float, message: str) -> None:
        report(offset + progress / 2, f"{side}: {message}")

    return scaled
