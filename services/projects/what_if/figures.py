"""A what-if job's work: load both sides (capacity's loader, the assignments' cost rows,
levelling's plans, each given the scenario), level both in one bounded child process, and
put the figures side by side. Reads only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.assignments.service import answers as priced
from services.projects.assignments.service import cost_inputs
from services.projects.capacity.inputs import CapacityInputs
from services.projects.capacity.service import load_inputs
from services.projects.engine.calendar import WorkCalendar
from services.projects.jobs.sandbox import SandboxFailure, run_bounded
from services.projects.jobs.worker import JobContext
from services.projects.levelling.loader import LoadedPlans, load_plans, preview_result
from services.projects.levelling.run import SolveOptions
from services.projects.levelling.service import levelling_problem
from services.projects.resources.scenario import ResourceScenario
from services.projects.what_if import compare as side
from services.projects.what_if import repository
from services.projects.what_if.cost import CostSide, hypothetical_shares, reassigned, summed
from services.projects.what_if.pool import scenario_of
from services.projects.what_if.run import solve_sides
from services.projects.what_if.schemas import WhatIfRequest
from shared.errors import ProblemError


@dataclass(frozen=True)
class _Loaded:
    plans: LoadedPlans
    inputs: dict[str, CapacityInputs]  # side -> capacity inputs
    costs: dict[str, CostSide]  # side -> resource cost
    scenario: ResourceScenario


class WhatIfFailed(ProblemError):
    """The levelling's process was killed (timeout), ran out of memory or crashed."""

    status = 422
    title = "What-if could not finish"
    slug = "what-if-failed"

    def __init__(self, detail: str, code: str) -> None:
        super().__init__(f"The what-if could not finish: {detail}.", extra={"code": code})


async def _costs(
    session: AsyncSession, project_ids: list[uuid.UUID], scenario: ResourceScenario
) -> dict[str, CostSide]:
    rows = await cost_inputs(session, project_ids)
    pool = await repository.pool(session)
    current = await priced(session, rows)
    staffed = reassigned(rows, pool, scenario)
    moved = await priced(session, [row for row, _ in staffed])
    return {
        "current": summed(current, [True] * len(current)),
        "scenario": summed(moved, [s for _, s in staffed], hypothetical_shares(pool, scenario)),
    }


async def _load(
    session: AsyncSession, project_ids: list[uuid.UUID], body: WhatIfRequest
) -> _Loaded:
    scenario = await scenario_of(session, body)
    plans = await load_plans(session, project_ids)
    inputs = {
        "current": await load_inputs(session, project_ids=project_ids),
        "scenario": await load_inputs(session, project_ids=project_ids, scenario=scenario),
    }
    return _Loaded(plans, inputs, await _costs(session, project_ids, scenario), scenario)


async def _level(context: JobContext, loaded: _Loaded, body: WhatIfRequest) -> dict[str, Any]:
    options = SolveOptions(body.method.value, body.time_limit_seconds)

    async def progress(value: float, message: str) -> None:
        await context.progress(0.1 + 0.8 * value, message)

    try:
        outcomes = await run_bounded(
            solve_sides,
            (loaded.plans.inp, loaded.scenario, options),
            context.limits(2 * options.time_limit_seconds),
            progress,
        )
    except SandboxFailure as failure:
        raise WhatIfFailed(failure.message, failure.code) from failure
    if "side" in outcomes:
        info = {k: v for k, v in outcomes.items() if k != "side"}
        info["message"] = f"{outcomes['side']} side: {info['message']}"
        raise levelling_problem(info, loaded.plans)
    return {name: await preview_result(loaded.plans, outcomes[name]) for name in outcomes}


async def compare(
    context: JobContext, project_ids: list[uuid.UUID], body: WhatIfRequest
) -> dict[str, Any]:
    """The job's result: see the README's what-if section for its shape."""
    async with context.sessionmaker() as session, session.begin():
        loaded = await _load(session, project_ids, body)
    await context.progress(0.1, "plan loaded")
    previews = await _level(context, loaded, body) if body.level else None
    return answer(loaded, previews)


def _engine_finish(plans: LoadedPlans) -> str | None:
    finishes = [plan.outcome.project_finish for plan in plans.plans]
    return max(finishes).isoformat() if finishes else None


def _side(
    loaded: _Loaded, previews: dict[str, Any] | None, name: str, engine_finish: str | None
) -> dict[str, Any]:
    inputs = loaded.inputs[name]
    preview = previews[name] if previews else None
    after = side.moved_inputs(inputs, preview["moved_tasks"]) if preview else None
    return {
        "finish": preview["new_finish"] if preview else engine_finish,
        "levelling_status": preview["status"] if preview else None,
        "levelling_delay_days": preview["delay_days"] if preview else None,
        **side.money(loaded.costs[name]),
        "over_allocation_before_levelling": side.over_allocation(inputs),
        "over_allocation_after_levelling": None if after is None else side.over_allocation(after),
    }


def _names(plans: LoadedPlans) -> dict[str, tuple[str, str]]:
    return {t.id: (t.name, t.project_id) for t in plans.inp.tasks}


def answer(loaded: _Loaded, previews: dict[str, Any] | None) -> dict[str, Any]:
    engine_finish = _engine_finish(loaded.plans)
    current = _side(loaded, previews, "current", engine_finish)
    scenario = _side(loaded, previews, "scenario", engine_finish)
    plans = loaded.plans.plans
    calendar = plans[0].calendar if len(plans) == 1 else WorkCalendar()
    before, after = "over_allocation_before_levelling", "over_allocation_after_levelling"
    return {
        "levelled": previews is not None,
        "engine_finish": engine_finish,
        "current": current,
        "scenario": scenario,
        "delta": {
            "finish_working_days": side.finish_delta(
                calendar.working_days_between, current["finish"], scenario["finish"]
            ),
            "resource_cost": side.cost_delta(loaded.costs["current"], loaded.costs["scenario"]),
            before: side.hours_delta(current[before], scenario[before]),
            after: side.hours_delta(current[after], scenario[after]),
        },
        "tasks_moving": []
        if previews is None
        else side.tasks_moving(previews["current"], previews["scenario"], _names(loaded.plans)),
    }
