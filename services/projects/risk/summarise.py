"""From the tallies of a run to its :class:`SimulationResult`."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from services.projects.engine.calendar import WorkCalendar
from services.projects.engine.plan import COMPLETE
from services.projects.risk.inputs import SimulationInput
from services.projects.risk.model import UncertaintyModel
from services.projects.risk.network import Network
from services.projects.risk.results import (
    PERCENTILES,
    MilestoneForecast,
    Percentile,
    SimulationResult,
    Tallies,
    TornadoBar,
    json_id,
)
from services.projects.risk.sampling import spearman_with

FloatArray = npt.NDArray[np.float64]


class _Axis:
    """Points on the engine's axis as working days and as datetimes."""

    def __init__(self, calendar: WorkCalendar, start: int) -> None:
        self.calendar, self.start, self.mpd = calendar, start, calendar.minutes_per_day

    def days(self, points: FloatArray) -> FloatArray:
        return (points - self.start) / self.mpd

    def finish(self, point: float) -> datetime:
        return self.calendar.finish_datetime(round(point))

    def percentiles(self, points: FloatArray) -> list[Percentile]:
        values = np.quantile(points, [p / 100 for p in PERCENTILES])
        return [
            Percentile(p, float((v - self.start) / self.mpd), self.finish(float(v)))
            for p, v in zip(PERCENTILES, values, strict=True)
        ]


def build_result(
    inp: SimulationInput,
    net: Network,
    model: UncertaintyModel,
    tallies: Tallies,
    *,
    converged: bool,
    chunk_size: int,
) -> SimulationResult:
    plan = net.plan
    axis = _Axis(plan.calendar, plan.project_start)
    finish = tallies.finish
    days = axis.days(finish)
    deadline = plan.deadline_point
    edges, counts = _histogram(days, inp.histogram_bins)
    held = {plan.ids[i]: reason for i, reason in net.held_reason.items()}
    return SimulationResult(
        inputs={**inputs_json(inp), "chunk_size_used": chunk_size},
        iterations_run=int(finish.size),
        converged=converged,
        project_start=plan.calendar.start_datetime(plan.project_start),
        deterministic_finish=axis.finish(net.deterministic_finish),
        mean_days=float(days.mean()),
        std_days=float(days.std()),
        min_days=float(days.min()),
        max_days=float(days.max()),
        percentiles=axis.percentiles(finish),
        deadline=None if deadline is None else axis.finish(deadline),
        probability_on_time=None if deadline is None else float(np.mean(finish <= deadline)),
        milestones=_milestones(inp, net, tallies, axis),
        criticality=_criticality(net, tallies),
        tornado=_tornado(inp, net, model, tallies),
        histogram_edges_days=edges,
        histogram_counts=counts,
        cumulative=_cumulative(days),
        held_tasks=held,
        deterministic_critical=[plan.ids[i] for i in sorted(net.order) if net.critical[i]],
        finish_days=days,
    )


def _milestones(
    inp: SimulationInput, net: Network, tallies: Tallies, axis: _Axis
) -> list[MilestoneForecast]:
    names = {t.id: t.name for t in inp.schedule.tasks}
    out = []
    for row, i in enumerate(tallies.milestones):
        finish = tallies.milestone_finish[row]
        deadline = net.plan.deadline[i]
        task_id = net.plan.ids[i]
        out.append(
            MilestoneForecast(
                task_id=task_id,
                name=names.get(task_id, ""),
                percentiles=axis.percentiles(finish),
                deadline=None if deadline is None else axis.finish(deadline),
                probability_on_time=None
                if deadline is None
                else float(np.mean(finish <= deadline)),
            )
        )
    return out


def _criticality(net: Network, tallies: Tallies) -> dict[Hashable, float]:
    plan = net.plan
    runs = max(tallies.finish.size, 1)
    out: dict[Hashable, float] = {}
    for i in sorted(net.order):
        # Finished work cannot delay anything any more (the engine never flags it critical).
        count = 0 if plan.progress[i] == COMPLETE else int(tallies.critical[i])
        out[plan.ids[i]] = count / runs
    return out


def _tornado(
    inp: SimulationInput, net: Network, model: UncertaintyModel, tallies: Tallies
) -> list[TornadoBar]:
    """The tasks (sampled durations) and risks (occurrences) by the strength of their rank
    correlation with the finish; those that never varied are left out."""
    if tallies.sampled.shape[0] == 0 or tallies.finish.size < 2:
        return []
    rho = spearman_with(tallies.sampled, tallies.finish)
    names = {t.id: t.name or str(t.id) for t in inp.schedule.tasks}
    ids = net.plan.ids
    bars = [
        TornadoBar("task", ids[i], names[ids[i]], float(rho[k]))
        for k, i in enumerate(model.uncertain)
    ]
    offset = len(model.uncertain)
    bars += [
        TornadoBar("risk", risk.name, risk.name, float(rho[offset + r]))
        for r, risk in enumerate(model.risks)
    ]
    bars = [b for b in bars if b.correlation != 0]
    bars.sort(key=lambda b: (-abs(b.correlation), str(b.key)))
    return bars[: inp.tornado_size]


def _histogram(days: FloatArray, bins: int) -> tuple[list[float], list[int]]:
    low, high = float(days.min()), float(days.max())
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5  # a zero-width forecast: one bar around it
    counts, edges = np.histogram(days, bins=bins, range=(low, high))
    return [float(e) for e in edges], [int(c) for c in counts]


def _cumulative(days: FloatArray) -> list[tuple[float, float]]:
    probabilities = np.linspace(0.0, 1.0, 101)
    values = np.quantile(days, probabilities)
    return [(float(d), float(p)) for d, p in zip(values, probabilities, strict=True)]


def inputs_json(inp: SimulationInput) -> dict[str, Any]:
    """Everything besides the plan that the run depended on (the plan itself is stored by
    the caller, e.g. as the project version it was loaded at)."""
    conv = inp.convergence
    return {
        "seed": inp.seed,
        "iterations": inp.iterations,
        "chunk_size": inp.chunk_size,
        "convergence": None
        if conv is None
        else {
            "relative_tolerance": conv.relative_tolerance,
            "min_iterations": conv.min_iterations,
            "stable_chunks": conv.stable_chunks,
        },
        "estimates": [{"task_id": json_id(k), **d.to_json()} for k, d in inp.estimates.items()],
        "risks": [
            {
                "name": r.name,
                "probability": r.probability,
                "impacts": [{"task_id": json_id(i.task_id), **i.days.to_json()} for i in r.impacts],
            }
            for r in inp.risks
        ],
        "correlations": [
            {"task_a": json_id(c.task_a), "task_b": json_id(c.task_b), "rho": c.rho}
            for c in inp.correlations
        ],
        "tornado_size": inp.tornado_size,
        "histogram_bins": inp.histogram_bins,
    }
