"""The ``risk_analysis`` job: load the plan afresh, simulate in a bounded child process,
store the result on the analysis row."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import func

from services.projects.forecasts import repository
from services.projects.forecasts.loader import RunOptions, load_simulation
from services.projects.forecasts.problems import input_problem
from services.projects.forecasts.run import forecast, simulate_in_child
from services.projects.forecasts.schemas import RiskResultOut
from services.projects.forecasts.service import KIND, check_loaded, inputs_record
from services.projects.jobs.sandbox import SandboxFailure, run_bounded
from services.projects.jobs.worker import JobContext, handler
from shared.errors import ProblemError

# The child's own limit: a run of MAX_ITERATIONS on a big plan takes well under this.
TIME_LIMIT_SECONDS = 600.0


class _JobProblem(ProblemError):
    """The simulation's process was killed (timeout), ran out of memory or crashed."""

    status = 422
    title = "Risk analysis could not finish"
    slug = "risk-analysis-failed"

    def __init__(self, detail: str, code: str) -> None:
        super().__init__(f"The risk analysis could not finish: {detail}.", extra={"code": code})


@handler(KIND)
async def run_risk_analysis_job(context: JobContext) -> dict[str, Any]:
    """The plan as it is when the job runs (the analysis' ``inputs`` are rewritten to what
    ran, so they always reproduce its result)."""
    analysis_id = uuid.UUID(context.params["analysis_id"])
    options = RunOptions.from_json(context.params["request"])
    assert context.project_id is not None
    async with context.sessionmaker() as session, session.begin():
        loaded = await load_simulation(session, context.project_id, options)
        check_loaded(loaded)
        inputs = inputs_record(loaded, options)
        await repository.store_result(session, analysis_id, inputs=inputs)
    await context.progress(0.05, "plan loaded")
    try:
        outcome = await run_bounded(
            simulate_in_child,
            (loaded.inp,),
            context.limits(TIME_LIMIT_SECONDS),
            context.progress,
        )
    except SandboxFailure as failure:
        raise _JobProblem(failure.message, failure.code) from failure
    if "error" in outcome:
        raise input_problem(outcome["error"], loaded.names)
    titles = {d["risk_id"]: d["title"] for d in loaded.drivers}
    shaped = forecast(outcome["simulation"], outcome["mean_finish"], loaded.names, titles)
    result = RiskResultOut.model_validate(shaped).model_dump(mode="json")
    probability = result["deadline_probability"]
    figures = {
        "p50_finish": result["p50_finish"],
        "p80_finish": result["p80_finish"],
        "deadline_probability": None if probability is None else round(probability, 5),
    }
    async with context.sessionmaker() as session, session.begin():
        await repository.store_result(
            session,
            analysis_id,
            result={"forecast": result, "simulation": outcome["simulation"]},
            p50_finish=shaped["p50_finish"],
            p80_finish=shaped["p80_finish"],
            deadline_probability=None if probability is None else Decimal(f"{probability:.5f}"),
            finished_at=func.now(),
        )
    return {"analysis_id": str(analysis_id), **figures}
