"""Rebuild a run's :class:`SimulationInput` from the ``inputs`` a result serialised, so a stored
result can be reproduced exactly: same plan, same inputs, same numbers.

Task ids were written by :func:`~services.projects.risk.results.json_id` (strings and
integers as they are, anything else such as a UUID as its string); they are read back by
matching the plan's own ids written the same way.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from services.projects.engine.model import ScheduleInput
from services.projects.risk.distributions import Distribution
from services.projects.risk.errors import RiskInputError
from services.projects.risk.inputs import (
    Convergence,
    Correlation,
    Impact,
    RiskDriver,
    SimulationInput,
)
from services.projects.risk.results import json_id


def inputs_from_json(schedule: ScheduleInput, data: Mapping[str, Any]) -> SimulationInput:
    """The input of a run, from ``result.to_json()["inputs"]`` and the plan it ran on."""
    ids = {json_id(task.id): task.id for task in schedule.tasks}

    def task(value: Any) -> Hashable:
        if value not in ids:
            raise RiskInputError(
                f"the stored inputs name task {value!r}, which the plan does not have",
                field="inputs",
                task_id=value,
                code="unknown_task",
            )
        return ids[value]

    conv = data.get("convergence")
    return SimulationInput(
        schedule,
        estimates={task(e["task_id"]): _distribution(e) for e in data.get("estimates", [])},
        risks=[
            RiskDriver(
                r["name"],
                r["probability"],
                [Impact(task(i["task_id"]), _distribution(i)) for i in r["impacts"]],
            )
            for r in data.get("risks", [])
        ],
        correlations=[
            Correlation(task(c["task_a"]), task(c["task_b"]), c["rho"])
            for c in data.get("correlations", [])
        ],
        iterations=data["iterations"],
        seed=data["seed"],
        chunk_size=data["chunk_size"],
        convergence=None if conv is None else Convergence(**conv),
        tornado_size=data["tornado_size"],
        histogram_bins=data["histogram_bins"],
    )


def _distribution(data: Mapping[str, Any]) -> Distribution:
    return Distribution(data["kind"], data["optimistic"], data["most_likely"], data["pessimistic"])
