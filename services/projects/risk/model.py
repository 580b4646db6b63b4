"""The uncertainty of a plan resolved against the engine's network: which task is sampled
from which column of the Latin hypercube, which risk touches which task."""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np

from services.projects.risk.distributions import Distribution
from services.projects.risk.errors import RiskInputError
from services.projects.risk.inputs import RiskDriver, SimulationInput
from services.projects.risk.network import Network


@dataclass(slots=True)
class SampledImpact:
    task: int
    days: Distribution
    column: int | None  # its own column when the impact is uncertain


@dataclass(slots=True)
class SampledRisk:
    name: str
    probability: float
    column: int  # the occurrence column
    impacts: list[SampledImpact]


@dataclass(slots=True)
class UncertaintyModel:
    base_minutes: list[float]  # per task: the planned duration, or a fixed estimate
    sampled: list[tuple[int, Distribution, int]] = field(default_factory=list)  # task, dist, col
    risks: list[SampledRisk] = field(default_factory=list)
    columns: int = 0
    correlated: list[int] = field(default_factory=list)  # columns, in matrix order
    rank_matrix: np.ndarray | None = None
    ignored: dict[int, str] = field(default_factory=dict)  # estimates on held tasks
    # Tasks whose duration varies (their durations feed the tornado), in task order.
    uncertain: list[int] = field(default_factory=list)

    def next_column(self) -> int:
        self.columns += 1
        return self.columns - 1


def resolve(inp: SimulationInput, net: Network) -> UncertaintyModel:
    plan = net.plan
    index = {task_id: i for i, task_id in enumerate(plan.ids)}
    mpd = plan.calendar.minutes_per_day
    model = UncertaintyModel(base_minutes=[float(d) for d in plan.duration])
    for task_id, dist in inp.estimates.items():
        i = _task(index, net, task_id, "estimates")
        dist.validate("estimates", task_id)
        if net.held[i]:
            model.ignored[i] = net.held_reason[i]
        elif dist.is_fixed:
            model.base_minutes[i] = float(round(dist.most_likely * mpd))
        else:
            model.sampled.append((i, dist, model.next_column()))
    for r, risk in enumerate(inp.risks):
        model.risks.append(_risk(model, index, net, r, risk))
    _correlations(inp, model, index, net)
    touched = {i for i, _, _ in model.sampled}
    touched.update(imp.task for risk in model.risks for imp in risk.impacts)
    model.uncertain = sorted(touched)
    return model


def _task(index: dict[Hashable, int], net: Network, task_id: Hashable, field: str) -> int:
    try:
        i = index.get(task_id)
    except TypeError:
        i = None
    if i is None:
        raise RiskInputError(
            f"{field} name unknown task {task_id!r}",
            field=field,
            task_id=task_id,
            code="unknown_task",
        )
    if net.plan.is_summary[i]:
        raise RiskInputError(
            f"task {task_id!r} is a summary: its duration comes from its subtasks",
            field=field,
            task_id=task_id,
            code="summary_task",
        )
    return i


def _risk(
    model: UncertaintyModel, index: dict[Hashable, int], net: Network, r: int, risk: RiskDriver
) -> SampledRisk:
    field = f"risks[{r}]"
    p = risk.probability
    if not isinstance(p, int | float) or not math.isfinite(p) or not 0 <= p <= 1:
        raise RiskInputError(
            f"risk {risk.name!r}: probability must be between 0 and 1",
            field=f"{field}.probability",
            code="invalid_probability",
        )
    sampled = SampledRisk(risk.name, float(p), model.next_column(), [])
    for impact in risk.impacts:
        i = _task(index, net, impact.task_id, f"{field}.impacts")
        impact.days.validate(f"{field}.impacts", impact.task_id)
        if net.held[i]:
            model.ignored[i] = net.held_reason[i]
            continue
        column = None if impact.days.is_fixed else model.next_column()
        sampled.impacts.append(SampledImpact(i, impact.days, column))
    return sampled


def _correlations(
    inp: SimulationInput, model: UncertaintyModel, index: dict[Hashable, int], net: Network
) -> None:
    if not inp.correlations:
        return
    column_of = {i: col for i, _, col in model.sampled}
    pairs: dict[tuple[int, int], float] = {}
    for c in inp.correlations:
        a = _task(index, net, c.task_a, "correlations")
        b = _task(index, net, c.task_b, "correlations")
        rho = c.rho
        if a == b or a not in column_of or b not in column_of:
            raise RiskInputError(
                "a correlation links two different tasks that both have a triangular or "
                "PERT estimate",
                field="correlations",
                task_id=c.task_a if a not in column_of else c.task_b,
                code="invalid_correlation",
            )
        if not isinstance(rho, int | float) or not math.isfinite(rho) or not -1 < rho < 1:
            raise RiskInputError(
                "a correlation must be strictly between -1 and 1",
                field="correlations.rho",
                code="invalid_correlation",
            )
        pairs[(column_of[a], column_of[b])] = float(rho)
    columns = sorted({col for pair in pairs for col in pair})
    where = {col: k for k, col in enumerate(columns)}
    matrix = np.eye(len(columns))
    for (a, b), rho in pairs.items():
        matrix[where[a], where[b]] = matrix[where[b], where[a]] = rho
    model.correlated, model.rank_matrix = columns, matrix
