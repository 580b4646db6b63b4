"""The pure part of a risk analysis job (runs in the job's child process), and the shape of
its result as the API answers it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from services.projects.engine import SchedulingError
from services.projects.risk import RiskInputError, SimulationInput, simulate

Report = Callable[[float, str], None]


def simulate_in_child(inp: SimulationInput, report: Report) -> dict[str, Any]:
    """The run's JSON (``SimulationResult.to_json``) and its mean finish day, or
    ``{"error": ...}``: exceptions with keyword arguments do not survive unpickling, so
    errors travel as data."""

    def progress(done: int, planned: int) -> None:
        report(0.05 + 0.9 * done / planned, f"{done:,} of at most {planned:,} iterations")

    try:
        result = simulate(inp, progress)
    except RiskInputError as error:
        return {"error": error_info(error)}
    except SchedulingError as error:
        return {"error": {"message": error.message, "code": error.code, "field": "plan"}}
    calendar = inp.schedule.calendar
    start = calendar.to_point(result.project_start)
    mean = calendar.finish_datetime(round(start + result.mean_days * calendar.minutes_per_day))
    return {"simulation": result.to_json(), "mean_finish": mean.date().isoformat()}


def error_info(error: RiskInputError) -> dict[str, Any]:
    task = error.task_id
    return {
        "message": error.message,
        "code": error.code,
        "field": error.field,
        "task_id": None if task is None else str(task),
    }


def _day(moment: str | None) -> date | None:
    return None if moment is None else datetime.fromisoformat(moment).date()


def _percentile(items: list[dict[str, Any]], percent: int) -> dict[str, Any]:
    return next(p for p in items if p["percent"] == percent)


def forecast(
    simulation: dict[str, Any], mean_finish: str, names: dict[str, str], titles: dict[str, str]
) -> dict[str, Any]:
    """The API's result (``RiskResultOut``) from a run's JSON, the plan's task names and
    the risk drivers' titles (a driver runs under its risk's id)."""
    percentiles = simulation["percentiles"]
    by_percent = {p["percent"]: _day(p["date"]) for p in percentiles}
    return {
        "iterations_run": simulation["iterations_run"],
        "converged": simulation["converged"],
        "deterministic_finish": _day(simulation["deterministic_finish"]),
        "mean_days": simulation["mean_days"],
        "std_days": simulation["std_days"],
        "mean_finish": mean_finish,
        **{f"p{p}_finish": by_percent[p] for p in (10, 50, 80, 90)},
        "percentiles": [
            {"percent": p["percent"], "days": p["days"], "finish": _day(p["date"])}
            for p in percentiles
        ],
        "deadline": _day(simulation["deadline"]),
        "deadline_probability": simulation["probability_on_time"],
        "milestones": [
            {
                "task_id": m["task_id"],
                "name": m["name"],
                "deadline": _day(m["deadline"]),
                "p50": _day(_percentile(m["percentiles"], 50)["date"]),
                "p80": _day(_percentile(m["percentiles"], 80)["date"]),
                "probability_on_time": m["probability_on_time"],
            }
            for m in simulation["milestones"]
        ],
        "criticality": [
            {"task_id": c["task_id"], "name": names.get(c["task_id"], ""), "index": c["index"]}
            for c in simulation["criticality"]
            if c["task_id"] in names
        ],
        "tornado": [_bar(b, titles) for b in simulation["tornado"]],
        "histogram": simulation["histogram"],
        "cumulative": simulation["cumulative"],
    }


def _bar(bar: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    is_task = bar["kind"] == "task"
    return {
        "kind": bar["kind"],
        "task_id": bar["key"] if is_task else None,
        "risk_id": None if is_task else bar["key"],
        "name": bar["name"] if is_task else titles.get(bar["key"], bar["name"]),
        "correlation": bar["correlation"],
    }
