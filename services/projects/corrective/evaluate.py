"""Evaluate candidate options on copies of the plan (pure; runs in the job's child process).

Each candidate runs through the engine in this process (no job, no database per option),
then through the Monte Carlo core with a modest iteration count and the base's seed, so the
base and every option sample the same random numbers.

Added risk (``added_risk_days``) = deterministic gain - P80 gain, in working days: how much
of what the option promises on paper the P80 finish does not get. Fast-tracking overlaps
work that was meant to wait for its predecessor; the overlap is modelled as a rework risk on
the successor (occurs with :data:`REWORK_PROBABILITY`, then adds triangular(0, overlap/2,
overlap) working days), so fast-tracking shows a positive added risk even on a plan without
three-point estimates. Crashing scales the crashed task's estimate with its duration."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.projects.corrective.candidates import Candidate, candidates
from services.projects.corrective.changes import applied_to
from services.projects.corrective.facts import PlanFacts
from services.projects.engine import ScheduleInput
from services.projects.risk import Distribution, Impact, RiskDriver, SimulationInput, simulate
from services.projects.schedule.runner import (
    EngineFailure,
    EngineOutput,
    Payload,
    run,
    work_calendar,
)

REWORK_PROBABILITY = 0.5
Report = Callable[[float, str], None]


@dataclass(frozen=True, slots=True)
class Measured:
    finish: datetime
    p80: datetime
    path_days: float  # start to finish, working days


def evaluate(facts: PlanFacts, report: Report) -> dict[str, Any]:
    """``{"base": {...}, "options": [...]}``, or ``{"failure": {...}}`` when the plan itself
    cannot be scheduled. Options that gain nothing (the deadline move aside) are dropped."""
    base_outcome = run(facts.payload)
    if isinstance(base_outcome, EngineFailure):
        return {"failure": _failure(base_outcome)}
    base = _measure(facts, facts.payload, base_outcome, None)
    forecast = max(base.finish, base.p80).date()
    found = candidates(facts, base_outcome, forecast)
    options = []
    for n, candidate in enumerate(found):
        report(n / max(len(found), 1), f"evaluating option {n + 1} of {len(found)}")
        option = _option(facts, base, candidate)
        if option is not None:
            options.append(option)
    return {"base": _summary(facts, base), "options": options}


def _option(facts: PlanFacts, base: Measured, candidate: Candidate) -> dict[str, Any] | None:
    payload = applied_to(facts.payload, candidate.changes)
    outcome = run(payload)
    if isinstance(outcome, EngineFailure):
        return None
    after = _measure(facts, payload, outcome, candidate)
    gain = _working_days(facts, base.finish, after.finish)
    if gain <= 0 and candidate.kind != "move_deadline":
        return None
    p80_gain = _working_days(facts, base.p80, after.p80)
    moved = {
        t.id: (s.start.isoformat(), s.finish.isoformat())
        for t, s in zip(payload.tasks, outcome.tasks, strict=True)
        if t.id in candidate.tasks
    }
    return {
        "kind": candidate.kind,
        "title": candidate.title[:300],
        "plan_changes": candidate.changes,
        "evaluation": {
            "finish_before": base.finish.isoformat(),
            "finish_after": after.finish.isoformat(),
            "gain_days": gain,
            "p80_before": base.p80.isoformat(),
            "p80_after": after.p80.isoformat(),
            "p80_gain_days": p80_gain,
            "added_risk_days": round(gain - p80_gain, 2),
            "tasks": candidate.tasks,
            "critical_path_days_before": base.path_days,
            "critical_path_days_after": after.path_days,
            "iterations": facts.iterations,
            "seed": facts.seed,
        },
        "task_dates": moved,
    }


def _measure(
    facts: PlanFacts, payload: Payload, outcome: EngineOutput, candidate: Candidate | None
) -> Measured:
    p80 = simulate(_simulation(facts, payload, candidate)).percentile(80).date
    path = _working_days(facts, outcome.project_finish, outcome.project_start)
    return Measured(outcome.project_finish, max(p80, outcome.project_finish), path)


def _simulation(facts: PlanFacts, payload: Payload, candidate: Candidate | None) -> SimulationInput:
    present = {t.id for t in payload.tasks}
    scaled = candidate.scaled if candidate else {}
    estimates = {}
    for task_id, fact in facts.tasks.items():
        if fact.estimate is None or task_id not in present or fact.started:
            continue
        o, m, p, kind = fact.estimate
        k = scaled.get(task_id, 1.0)
        make = Distribution.pert if kind == "pert" else Distribution.triangular
        estimates[task_id] = make(o * k, m * k, p * k)
    risks = []
    if candidate is not None and candidate.rework is not None:
        task_id, overlap = candidate.rework
        impact = Impact(task_id, Distribution.triangular(0, overlap / 2, overlap))
        risks.append(
            RiskDriver(f"rework after fast-tracking {task_id}", REWORK_PROBABILITY, [impact])
        )
    schedule = ScheduleInput(
        project_start=payload.project_start,
        tasks=payload.tasks,
        links=payload.links,
        calendar=work_calendar(payload.calendar),
        status_date=payload.status_date,
        deadline=payload.deadline,
        critical_threshold_days=payload.threshold,
        **payload.progress._asdict(),
    )
    return SimulationInput(
        schedule, estimates, risks, iterations=facts.iterations, seed=facts.seed, convergence=None
    )


def _working_days(facts: PlanFacts, later: datetime, earlier: datetime) -> float:
    calendar = work_calendar(facts.payload.calendar)
    points = calendar.to_point(later, finish=True) - calendar.to_point(earlier, finish=True)
    return round(points / calendar.minutes_per_day, 2)


def _summary(facts: PlanFacts, base: Measured) -> dict[str, Any]:
    deadline = facts.payload.deadline
    return {
        "finish": base.finish.isoformat(),
        "p80": base.p80.isoformat(),
        "critical_path_days": base.path_days,
        "deadline": deadline.isoformat() if deadline else None,
    }


def _failure(failure: EngineFailure) -> dict[str, Any]:
    return {
        "message": failure.message,
        "code": failure.code,
        "field": failure.field,
        "task_id": failure.task_id,
        "cycle": failure.cycle,
    }
