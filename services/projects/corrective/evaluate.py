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

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.projects.corrective.candidates import Candidate, candidates
from services.projects.corrective.changes import applied_to
from services.projects.corrective.facts import PlanFacts
from services.projects.engine import (
    ScheduleCycleError,
    ScheduleInput,
    ScheduleResult,
    SchedulingError,
    schedule,
)
from services.projects.risk import Distribution, Impact, RiskDriver, SimulationInput, simulate

REWORK_PROBABILITY = 0.5
Report = Callable[[float, str], None]


@dataclass(frozen=True, slots=True)
class Measured:
    finish: datetime
    p80: datetime
    path_days: float  # start to finish, working days


def evaluate(facts: PlanFacts, report: Report) -> dict[str, Any]:
    """``{"base": {...}, "options": [...]}``, or ``{"failure": {...}}`` when the plan itself
    cannot be scheduled. Every candidate runs through the engine; options that gain nothing
    (the deadline move aside) are dropped; the policy's number of each kind with the most
    days go through the Monte Carlo (the expensive part), the others are not kept."""
    try:
        base_outcome = schedule(facts.schedule)
    except SchedulingError as error:
        return {"failure": _failure(error)}
    base = _measure(facts, facts.schedule, base_outcome, None)
    forecast = max(base.finish, base.p80).date()
    found = candidates(facts, base_outcome, forecast)
    report(0.1, f"{len(found)} candidates")
    scheduled = _scheduled(facts, base, found)
    options = []
    for n, (candidate, payload, outcome, gain) in enumerate(scheduled):
        report(0.2 + 0.8 * n / len(scheduled), f"risk of option {n + 1} of {len(scheduled)}")
        options.append(_option(facts, base, candidate, payload, outcome, gain))
    return {"base": _summary(facts, base), "options": options}


Scheduled = tuple[Candidate, ScheduleInput, ScheduleResult, float]


def _scheduled(facts: PlanFacts, base: Measured, found: list[Candidate]) -> list[Scheduled]:
    """The candidates that gain, the best few of each kind by days gained."""
    by_kind: dict[str, list[Scheduled]] = defaultdict(list)
    for candidate in found:
        payload = applied_to(facts.schedule, candidate.changes)
        try:
            outcome = schedule(payload)
        except SchedulingError:
            continue  # e.g. a bridge of a cut task that closes a cycle
        gain = _working_days(facts, base.finish, outcome.project_finish)
        if gain > 0 or candidate.kind == "move_deadline":
            by_kind[candidate.kind].append((candidate, payload, outcome, gain))
    keep = facts.settings["max_options_per_kind"]
    return [
        entry
        for entries in by_kind.values()
        for entry in sorted(entries, key=lambda e: -e[3])[:keep]
    ]


def _option(
    facts: PlanFacts,
    base: Measured,
    candidate: Candidate,
    payload: ScheduleInput,
    outcome: ScheduleResult,
    gain: float,
) -> dict[str, Any]:
    after = _measure(facts, payload, outcome, candidate)
    p80_gain = _working_days(facts, base.p80, after.p80)
    moved = {
        task_id: (
            outcome.tasks[task_id].start.isoformat(),
            outcome.tasks[task_id].finish.isoformat(),
        )
        for task_id in candidate.tasks
        if task_id in outcome.tasks
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
    facts: PlanFacts, payload: ScheduleInput, outcome: ScheduleResult, candidate: Candidate | None
) -> Measured:
    p80 = simulate(_simulation(facts, payload, candidate)).percentile(80).date
    path = _working_days(facts, outcome.project_finish, outcome.project_start)
    return Measured(outcome.project_finish, max(p80, outcome.project_finish), path)


def _simulation(
    facts: PlanFacts, payload: ScheduleInput, candidate: Candidate | None
) -> SimulationInput:
    present = {t.id for t in payload.tasks}
    scaled = candidate.scaled if candidate else {}
    estimates: dict[Hashable, Distribution] = {}
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
    return SimulationInput(
        payload, estimates, risks, iterations=facts.iterations, seed=facts.seed, convergence=None
    )


def _working_days(facts: PlanFacts, later: datetime, earlier: datetime) -> float:
    calendar = facts.schedule.calendar
    points = calendar.to_point(later, finish=True) - calendar.to_point(earlier, finish=True)
    return round(points / calendar.minutes_per_day, 2)


def _summary(facts: PlanFacts, base: Measured) -> dict[str, Any]:
    deadline = facts.schedule.deadline
    return {
        "finish": base.finish.isoformat(),
        "p80": base.p80.isoformat(),
        "critical_path_days": base.path_days,
        "deadline": deadline.isoformat() if isinstance(deadline, date) else None,
    }


def _failure(error: SchedulingError) -> dict[str, Any]:
    cycle = error.task_ids if isinstance(error, ScheduleCycleError) else None
    return {
        "message": error.message,
        "code": error.code,
        "field": error.field,
        "cycle": [str(t) for t in cycle] if cycle else None,
    }
