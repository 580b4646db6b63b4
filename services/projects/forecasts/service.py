"""Schedule risk analyses through the API: a request is checked up front (422 naming the
problem, nothing queued), stored with the exact inputs it will run with, and queued as a
job of kind ``risk_analysis``; the job simulates in a bounded child process and stores the
result; reads answer the analysis, its charts, and the latest forecasts of many projects.

The deadline an analysis measures is the project's own ``deadline`` (None: no probability
of meeting it is given); milestones and tasks with a ``deadline`` get theirs each.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import viewer_of
from services.projects.access.service import (
    ensure_can_read,
    ensure_can_write,
    load_role,
    read_role,
)
from services.projects.engine import SchedulingError
from services.projects.forecasts import repository
from services.projects.forecasts.loader import LoadedSimulation, RunOptions, load_simulation
from services.projects.forecasts.problems import (
    ITERATION_LIMIT,
    risk_error_problem,
    scheduling_problem,
)
from services.projects.forecasts.schemas import RiskAnalysisRequest
from services.projects.jobs.service import create_job, load_job
from services.projects.models import Job, RiskAnalysis
from services.projects.risk import MAX_ITERATIONS, RiskInputError, check_inputs
from services.projects.risk.charts import cumulative_svg, histogram_svg, tornado_svg
from services.projects.risk.results import SimulationResult, result_from_json
from services.projects.risk.summarise import inputs_json
from shared.auth import Principal
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader

KIND = "risk_analysis"
CHARTS: dict[str, Callable[[SimulationResult], bytes]] = {
    "histogram": histogram_svg,
    "cumulative": cumulative_svg,
    "tornado": tornado_svg,
}


async def latest_forecasts(
    reader: Reader, principal: Principal, project_ids: list[uuid.UUID]
) -> list[dict[str, Any]]:
    """The latest finished analysis of each project asked for, in the order asked; projects
    without one, unknown or unreadable are left out."""
    viewer = viewer_of(principal)
    found = await repository.latest_forecasts(reader, viewer, project_ids)
    return [found[pid] for pid in dict.fromkeys(project_ids) if pid in found]


def _iteration_limit(iterations: int) -> None:
    if iterations > MAX_ITERATIONS:
        raise ValidationFailed(
            f"At most {MAX_ITERATIONS:,} iterations per analysis (asked for {iterations:,}).",
            errors=[FieldError("iterations", f"at most {MAX_ITERATIONS}")],
            extra={"code": ITERATION_LIMIT, "limit": MAX_ITERATIONS},
        )


async def _foreign_correlations(
    session: AsyncSession, project_id: uuid.UUID, body: RiskAnalysisRequest
) -> None:
    named = {c.task_a for c in body.correlations} | {c.task_b for c in body.correlations}
    if not named:
        return
    projects = await repository.projects_of_tasks(session, list(named))
    errors = [
        FieldError(f"correlations[{i}].{side}", "not a task of this project")
        for i, c in enumerate(body.correlations)
        for side, task in (("task_a", c.task_a), ("task_b", c.task_b))
        if projects.get(task) != project_id
    ]
    if errors:
        raise ValidationFailed(
            "A correlation names a task that is not in this project.",
            errors=errors,
            extra={"code": "unknown_task"},
        )


def check_loaded(loaded: LoadedSimulation) -> None:
    """422 for what the run would refuse: a cycle, a plan the engine cannot schedule, bad
    estimates, risks or correlations, too many samples."""
    try:
        check_inputs(loaded.inp)
    except RiskInputError as error:
        raise risk_error_problem(error, loaded.names) from error
    except SchedulingError as error:
        raise scheduling_problem(error, loaded.names) from error


def inputs_record(loaded: LoadedSimulation, options: RunOptions) -> dict[str, Any]:
    """What ``risk_analyses.inputs`` keeps: the core's inputs (replayable with
    ``inputs_from_json`` on this plan), the request, the drivers as the RAID log had them."""
    return {
        "risk": inputs_json(loaded.inp),
        "request": options.to_json(),
        "drivers": loaded.drivers,
        "project_deadline": None if loaded.deadline is None else loaded.deadline.isoformat(),
    }


async def request_analysis(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    body: RiskAnalysisRequest,
    queue: str,
) -> tuple[RiskAnalysis, Job]:
    """Queue a run on the project's plan: its managers and members (writers) or pmo/admin."""
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    _iteration_limit(body.iterations)
    await _foreign_correlations(session, project_id, body)
    options = RunOptions.from_request(body)
    loaded = await load_simulation(session, project_id, options)
    check_loaded(loaded)
    analysis_id = uuid.uuid4()
    job = await create_job(
        session,
        principal,
        KIND,
        {"analysis_id": str(analysis_id), "request": options.to_json()},
        queue=queue,
        project_id=project_id,
    )
    analysis = RiskAnalysis(
        id=analysis_id,
        project_id=project_id,
        job_id=job.id,
        inputs=inputs_record(loaded, options),
        iterations=options.iterations,
        seed=options.seed,
        deadline=loaded.deadline,
        created_by=principal.subject,
    )
    session.add(analysis)
    await session.flush()
    await session.refresh(analysis)
    return analysis, job


async def _analysis(
    session: AsyncSession, reader: Reader, principal: Principal, analysis_id: uuid.UUID
) -> RiskAnalysis:
    analysis = await repository.get(session, analysis_id)
    missing = NotFound(f"Risk analysis {analysis_id} not found.")
    if analysis is None:
        raise missing
    try:
        role = await read_role(reader, principal, analysis.project_id)
        ensure_can_read(principal, role, analysis.project_id)
    except NotFound:
        raise missing from None
    return analysis


async def get_analysis(
    session: AsyncSession, reader: Reader, principal: Principal, analysis_id: uuid.UUID
) -> dict[str, Any]:
    analysis = await _analysis(session, reader, principal, analysis_id)
    job = None
    if analysis.job_id is not None:
        job = await load_job(session, reader, principal, analysis.job_id)
    return analysis_answer(analysis, job)


def analysis_answer(analysis: RiskAnalysis, job: Job | None) -> dict[str, Any]:
    """``RiskAnalysisRead`` as a dict."""
    inputs = analysis.inputs
    request = inputs["request"]
    base = f"/v1/risk-analyses/{analysis.id}"
    state = job.state if job is not None else ("succeeded" if analysis.result else "failed")
    return {
        **{
            name: getattr(analysis, name)
            for name in (
                "id",
                "project_id",
                "job_id",
                "iterations",
                "seed",
                "deadline",
                "p50_finish",
                "p80_finish",
                "deadline_probability",
                "created_by",
                "created_at",
                "finished_at",
                "version",
            )
        },
        "state": state,
        "progress": 1.0 if analysis.result else (job.progress if job is not None else 0.0),
        "inputs": {
            "iterations": request["iterations"],
            "seed": request["seed"],
            "convergence": request["convergence"],
            "estimated_tasks": len(inputs["risk"]["estimates"]),
            "risk_drivers": inputs["drivers"],
            "correlations": [
                {"task_a": a, "task_b": b, "rho": rho} for a, b, rho in request["correlations"]
            ],
        },
        "result": None if analysis.result is None else analysis.result["forecast"],
        "error": None if job is None else job.error,
        "links": {
            "self": base,
            "job": None if analysis.job_id is None else f"/v1/jobs/{analysis.job_id}",
            **{name: f"{base}/{name}.svg" for name in CHARTS},
        },
    }


async def list_analyses(
    reader: Reader, principal: Principal, project_id: uuid.UUID, page: PageParams
) -> tuple[list[Any], str | None]:
    ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
    return await repository.list_for_project(reader, project_id, page)


async def chart(
    session: AsyncSession,
    reader: Reader,
    principal: Principal,
    analysis_id: uuid.UUID,
    name: str,
) -> bytes:
    """One chart of a finished analysis as SVG (409 before its job succeeded)."""
    analysis = await _analysis(session, reader, principal, analysis_id)
    if analysis.result is None:
        raise Conflict(
            f"Risk analysis {analysis_id} has no result yet: its charts exist once its job "
            "succeeded.",
            extra={"code": "not_finished"},
        )
    result = _with_risk_titles(
        result_from_json(analysis.result["simulation"]), analysis.result["forecast"]["tornado"]
    )
    return await asyncio.to_thread(CHARTS[name], result)


def _with_risk_titles(result: SimulationResult, bars: list[dict[str, Any]]) -> SimulationResult:
    """The core names a risk driver by its id; the chart shows the RAID entry's title, as the
    analysis's own tornado does."""
    titles = {bar["risk_id"]: bar["name"] for bar in bars if bar["kind"] == "risk"}
    tornado = [
        dataclasses.replace(bar, name=titles.get(str(bar.key), bar.name))
        if bar.kind == "risk"
        else bar
        for bar in result.tornado
    ]
    return dataclasses.replace(result, tornado=tornado)
