"""Build a :class:`SimulationInput` from a stored plan: the engine's payload as a reschedule
builds it, the tasks' three-point estimates, the RAID log's risk drivers and the request's
correlations and options."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.forecasts import repository
from services.projects.risk import (
    Convergence,
    Correlation,
    Distribution,
    Impact,
    RiskDriver,
    SimulationInput,
)
from services.projects.schedule.runner import schedule_input
from services.projects.schedule.service import engine_payload, load_plan
from shared.errors import NotFound


@dataclass(frozen=True)
class RunOptions:
    """What a request asks for, as stored in the job's parameters."""

    iterations: int
    seed: int
    convergence: bool
    correlations: list[tuple[str, str, float]] = field(default_factory=list)
    include_risk_drivers: bool = True

    @classmethod
    def from_request(cls, body: Any) -> RunOptions:
        seed = body.seed if body.seed is not None else secrets.randbelow(2**63)
        return cls(
            body.iterations,
            seed,
            body.convergence,
            [(str(c.task_a), str(c.task_b), c.rho) for c in body.correlations],
            body.include_risk_drivers,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "iterations": self.iterations,
            "seed": self.seed,
            "convergence": self.convergence,
            "correlations": [list(c) for c in self.correlations],
            "include_risk_drivers": self.include_risk_drivers,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunOptions:
        return cls(
            data["iterations"],
            data["seed"],
            data["convergence"],
            [(a, b, float(rho)) for a, b, rho in data["correlations"]],
            data["include_risk_drivers"],
        )


@dataclass(frozen=True)
class LoadedSimulation:
    inp: SimulationInput
    names: dict[str, str]  # task id -> name
    summaries: set[str]
    drivers: list[dict[str, Any]]  # risk id, title, probability, task ids
    deadline: date | None


async def load_simulation(
    session: AsyncSession, project_id: uuid.UUID, options: RunOptions
) -> LoadedSimulation:
    rows = await load_plan(session, project_id)
    if rows is None:
        raise NotFound(f"Project {project_id} not found.")
    payload = engine_payload(rows)
    summaries = {str(t.parent_id) for t in payload.tasks if t.parent_id is not None}
    names = {str(t.id): t.name for t in payload.tasks}
    estimates: dict[Hashable, Distribution] = {
        str(row.id): Distribution(
            row.duration_distribution,
            float(row.duration_optimistic_days),
            float(row.duration_most_likely_days),
            float(row.duration_pessimistic_days),
        )
        for row in await repository.estimates(session, project_id)
        if str(row.id) not in summaries  # a summary's duration comes from its subtasks
    }
    known = set(names) - summaries
    drivers = await _drivers(session, project_id, known) if options.include_risk_drivers else []
    inp = SimulationInput(
        schedule_input(payload),
        estimates=estimates,
        risks=[driver.pop("driver") for driver in drivers],
        correlations=[Correlation(a, b, rho) for a, b, rho in options.correlations],
        iterations=options.iterations,
        seed=options.seed,
        convergence=Convergence() if options.convergence else None,
    )
    return LoadedSimulation(inp, names, summaries, drivers, payload.deadline)


async def _drivers(
    session: AsyncSession, project_id: uuid.UUID, known: set[str]
) -> list[dict[str, Any]]:
    out = []
    for row in await repository.risk_drivers(session, project_id):
        days = Distribution.triangular(
            float(row.schedule_impact_min_days),
            float(row.schedule_impact_likely_days),
            float(row.schedule_impact_max_days),
        )
        # Summaries take no delay of their own; deleted tasks are gone from the plan.
        tasks = [str(t) for t in row.task_ids if str(t) in known]
        if not tasks:
            continue
        driver = RiskDriver(
            str(row.id), float(row.occurrence_probability), [Impact(t, days) for t in tasks]
        )
        out.append(
            {
                "risk_id": str(row.id),
                "title": row.title,
                "probability": float(row.occurrence_probability),
                "task_ids": tasks,
                "driver": driver,
            }
        )
    return out
