"""What a run found, and the record that lets it be reproduced.

Finishes are reported in working days after the project start (the engine's axis divided by
the minutes of a working day) and as wall-clock datetimes through the plan's calendar, read
as finishes the way the engine displays them (17:00 rather than 08:00 the next day).
Percentiles use numpy's default (linear) interpolation between order statistics.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from services.projects.risk.model import UncertaintyModel
from services.projects.risk.network import Network
from services.projects.risk.passes import ChunkDates

FloatArray = npt.NDArray[np.float64]
PERCENTILES = (10, 50, 80, 90)


@dataclass(slots=True)
class Tallies:
    """Per-iteration values and per-task counters accumulated over the chunks."""

    finish: FloatArray  # project finish point per iteration
    sampled: npt.NDArray[np.float32]  # uncertain tasks' durations then risks' occurrences
    critical: npt.NDArray[np.int64]  # iterations in which each task was critical
    milestones: list[int]
    milestone_finish: FloatArray
    uncertain: list[int]
    threshold: float
    order: list[int]

    @classmethod
    def empty(cls, net: Network, model: UncertaintyModel, iterations: int) -> Tallies:
        plan = net.plan
        milestones = [i for i in net.order if plan.milestone[i] or plan.deadline[i] is not None]
        rows = len(model.uncertain) + len(model.risks)
        return cls(
            finish=np.empty(iterations),
            sampled=np.empty((rows, iterations), dtype=np.float32),
            critical=np.zeros(len(plan.ids), dtype=np.int64),
            milestones=milestones,
            milestone_finish=np.empty((len(milestones), iterations)),
            uncertain=model.uncertain,
            threshold=float(plan.threshold),
            order=net.order,
        )

    def add(
        self, done: int, dates: ChunkDates, durations: FloatArray, occurred: FloatArray
    ) -> None:
        size = dates.project_finish.shape[0]
        window = slice(done, done + size)
        self.finish[window] = dates.project_finish
        k = len(self.uncertain)
        self.sampled[:k, window] = durations[self.uncertain]
        self.sampled[k:, window] = occurred
        self.milestone_finish[:, window] = dates.early_finish[self.milestones]
        # A small tolerance: float minutes summed along different paths may differ by ulps.
        hits = dates.total_float[self.order] <= self.threshold + 1e-6
        self.critical[self.order] += hits.sum(axis=1)

    def trimmed(self, done: int) -> Tallies:
        self.finish = self.finish[:done]
        self.sampled = self.sampled[:, :done]
        self.milestone_finish = self.milestone_finish[:, :done]
        return self


@dataclass(frozen=True, slots=True)
class Percentile:
    percent: int
    days: float
    date: datetime


@dataclass(frozen=True, slots=True)
class MilestoneForecast:
    task_id: Hashable
    name: str
    percentiles: list[Percentile]
    deadline: datetime | None
    probability_on_time: float | None


@dataclass(frozen=True, slots=True)
class TornadoBar:
    kind: str  # "task" (its sampled duration) or "risk" (its occurrence)
    key: Hashable  # the task id, or the risk's name
    name: str
    correlation: float  # Spearman's rank correlation with the project finish


@dataclass(frozen=True, slots=True)
class SimulationResult:
    inputs: dict[str, Any]
    iterations_run: int
    converged: bool
    project_start: datetime
    deterministic_finish: datetime  # the engine's CPM finish with the planned durations
    mean_days: float
    std_days: float
    min_days: float
    max_days: float
    percentiles: list[Percentile]
    deadline: datetime | None
    probability_on_time: float | None
    milestones: list[MilestoneForecast]
    criticality: dict[Hashable, float]
    tornado: list[TornadoBar]
    histogram_edges_days: list[float]
    histogram_counts: list[int]
    cumulative: list[tuple[float, float]]  # (days, probability of finishing by then)
    held_tasks: dict[Hashable, str] = field(default_factory=dict)
    # The engine's critical tasks with the planned durations, to set the indices against
    # (with a project deadline the engine measures float to the deadline, the simulation to
    # each iteration's own finish).
    deterministic_critical: list[Hashable] = field(default_factory=list)
    finish_days: FloatArray | None = None  # every iteration's finish (not serialised)

    def percentile(self, percent: int) -> Percentile:
        return next(p for p in self.percentiles if p.percent == percent)

    def to_json(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "iterations_run": self.iterations_run,
            "converged": self.converged,
            "project_start": self.project_start.isoformat(),
            "deterministic_finish": self.deterministic_finish.isoformat(),
            "mean_days": self.mean_days,
            "std_days": self.std_days,
            "min_days": self.min_days,
            "max_days": self.max_days,
            "percentiles": [_percentile_json(p) for p in self.percentiles],
            "deadline": _iso(self.deadline),
            "probability_on_time": self.probability_on_time,
            "milestones": [
                {
                    "task_id": json_id(m.task_id),
                    "name": m.name,
                    "percentiles": [_percentile_json(p) for p in m.percentiles],
                    "deadline": _iso(m.deadline),
                    "probability_on_time": m.probability_on_time,
                }
                for m in self.milestones
            ],
            "criticality": [
                {"task_id": json_id(k), "index": v} for k, v in self.criticality.items()
            ],
            "tornado": [
                {
                    "kind": b.kind,
                    "key": json_id(b.key),
                    "name": b.name,
                    "correlation": b.correlation,
                }
                for b in self.tornado
            ],
            "histogram": {"edges_days": self.histogram_edges_days, "counts": self.histogram_counts},
            "cumulative": [{"days": d, "probability": p} for d, p in self.cumulative],
            "deterministic_critical": [json_id(k) for k in self.deterministic_critical],
            "held_tasks": [
                {"task_id": json_id(k), "reason": v} for k, v in self.held_tasks.items()
            ],
        }


def json_id(value: Hashable) -> Any:
    return value if isinstance(value, str | int) else str(value)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _percentile_json(p: Percentile) -> dict[str, Any]:
    return {"percent": p.percent, "days": p.days, "date": p.date.isoformat()}


def result_from_json(data: dict[str, Any]) -> SimulationResult:
    """A stored result back as a :class:`SimulationResult` (ids as :func:`json_id` wrote
    them; ``finish_days`` is not stored, so it stays None): what the charts are drawn from."""

    def percentiles(items: list[dict[str, Any]]) -> list[Percentile]:
        return [Percentile(p["percent"], p["days"], _moment(p["date"])) for p in items]

    return SimulationResult(
        inputs=data["inputs"],
        iterations_run=data["iterations_run"],
        converged=data["converged"],
        project_start=_moment(data["project_start"]),
        deterministic_finish=_moment(data["deterministic_finish"]),
        mean_days=data["mean_days"],
        std_days=data["std_days"],
        min_days=data["min_days"],
        max_days=data["max_days"],
        percentiles=percentiles(data["percentiles"]),
        deadline=_optional_moment(data["deadline"]),
        probability_on_time=data["probability_on_time"],
        milestones=[
            MilestoneForecast(
                m["task_id"],
                m["name"],
                percentiles(m["percentiles"]),
                _optional_moment(m["deadline"]),
                m["probability_on_time"],
            )
            for m in data["milestones"]
        ],
        criticality={c["task_id"]: c["index"] for c in data["criticality"]},
        tornado=[
            TornadoBar(b["kind"], b["key"], b["name"], b["correlation"]) for b in data["tornado"]
        ],
        histogram_edges_days=data["histogram"]["edges_days"],
        histogram_counts=data["histogram"]["counts"],
        cumulative=[(c["days"], c["probability"]) for c in data["cumulative"]],
        held_tasks={h["task_id"]: h["reason"] for h in data["held_tasks"]},
        deterministic_critical=list(data["deterministic_critical"]),
    )


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _optional_moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)
