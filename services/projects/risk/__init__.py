"""Schedule risk analysis: Monte Carlo simulation of the engine's CPM (pure, numpy, no I/O).

>>> from datetime import date
>>> from services.projects.engine import LinkInput, ScheduleInput, TaskInput
>>> from services.projects.risk import Distribution, SimulationInput, simulate
>>> plan = ScheduleInput(
...     project_start=date(2025, 1, 6),
...     tasks=[TaskInput("a", duration_days=2), TaskInput("b", duration_days=3)],
...     links=[LinkInput("a", "b")],
... )
>>> result = simulate(SimulationInput(plan, {"b": Distribution.triangular(2, 3, 6)}, seed=7))
>>> round(result.percentile(50).days, 2)
5.55
"""

from services.projects.risk.distributions import Distribution
from services.projects.risk.errors import IterationLimitError, RiskInputError
from services.projects.risk.inputs import (
    MAX_ITERATIONS,
    MAX_SAMPLES,
    Convergence,
    Correlation,
    Impact,
    ProgressCallback,
    RiskDriver,
    SimulationInput,
)
from services.projects.risk.replay import inputs_from_json
from services.projects.risk.results import SimulationResult
from services.projects.risk.simulate import check_inputs, simulate

__all__ = [
    "MAX_ITERATIONS",
    "MAX_SAMPLES",
    "Convergence",
    "Correlation",
    "Distribution",
    "Impact",
    "IterationLimitError",
    "ProgressCallback",
    "RiskDriver",
    "RiskInputError",
    "SimulationInput",
    "SimulationResult",
    "check_inputs",
    "inputs_from_json",
    "simulate",
]
