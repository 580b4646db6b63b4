"""Candidate options on the plan's driving path (pure): each a kind, a title, the plan
changes that make it and the tasks it touches. The engine evaluates them afterwards.

The driving path is the leaf tasks of least total float (within the project's critical
threshold): with a deadline far ahead no task is flagged critical, yet one path still sets
the finish, and that is the path worth shortening."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from services.projects.corrective.changes import PlanChange, days
from services.projects.corrective.facts import AssignmentFact, LinkFact, PlanFacts
from services.projects.engine import ScheduleResult, TaskInput

# How many candidates of a kind the engine evaluates, per option the policy keeps.
CANDIDATES_PER_OPTION = 3


@dataclass(slots=True)
class Candidate:
    kind: str
    title: str
    changes: list[PlanChange]
    tasks: list[str]
    # Fast-tracking: (successor, overlap in days), the rework the overlap risks.
    rework: tuple[str, float] | None = None
    # Crashing: task -> (duration factor) applied to its three-point estimate.
    scaled: dict[str, float] = field(default_factory=dict)


def driving_path(result: ScheduleResult, threshold: float) -> set[str]:
    floats = [
        (str(task_id), s.total_float_days)
        for task_id, s in result.tasks.items()
        if not s.is_summary
    ]
    if not floats:
        return set()
    least = min(f for _, f in floats)
    return {task_id for task_id, f in floats if f <= least + max(threshold, 0) + 1e-6}


def candidates(facts: PlanFacts, outcome: ScheduleResult, finish: date | None) -> list[Candidate]:
    """Every kind the policy allows, each capped at its share of evaluations."""
    tasks = {str(t.id): t for t in facts.schedule.tasks}
    path = driving_path(outcome, facts.schedule.critical_threshold_days)
    open_path = {i for i in path if not facts.tasks[i].started and tasks[i].duration_days > 0}
    allowed = set(facts.settings["allowed_kinds"])
    cap = facts.settings["max_options_per_kind"] * CANDIDATES_PER_OPTION
    found: list[Candidate] = []
    makers = {
        "crash": lambda: _crashes(facts, tasks, open_path),
        "fast_track": lambda: _fast_tracks(facts, tasks, open_path),
        "remove_lag": lambda: _lags(facts, tasks, path),
        "cut_scope": lambda: _cuts(facts, tasks, open_path),
        "move_deadline": lambda: _deadline(facts, finish),
    }
    for kind, make in makers.items():
        if kind in allowed:
            found.extend(make()[:cap])
    return found


def _name(tasks: dict[str, TaskInput], task_id: str) -> str:
    return tasks[task_id].name or task_id


def _link_change(link: LinkFact, kind: str, lag: float) -> PlanChange:
    return {
        "op": "set_dependency",
        "dependency_id": link.id,
        "predecessor_id": link.predecessor_id,
        "successor_id": link.successor_id,
        "from": {"type": link.type, "lag_days": days(link.lag_days)},
        "to": {"type": kind, "lag_days": days(lag)},
    }


def _fast_tracks(facts: PlanFacts, tasks: dict[str, TaskInput], path: set[str]) -> list[Candidate]:
    """FS links inside the open driving path become SS with the successor starting
    ``overlap`` days before the predecessor's finish (lag = duration + lag - overlap)."""
    percent = facts.settings["max_fast_track_overlap_percent"]
    found = []
    for link in facts.links:
        if link.type != "FS" or link.predecessor_id not in path or link.successor_id not in path:
            continue
        duration = tasks[link.predecessor_id].duration_days
        overlap = math.floor(duration * percent) / 100
        if overlap <= 0:
            continue
        lag = duration + link.lag_days - overlap
        pred, succ = _name(tasks, link.predecessor_id), _name(tasks, link.successor_id)
        found.append(
            Candidate(
                "fast_track",
                f"Fast-track {succ!r}: start it {overlap:g} days before {pred!r} finishes",
                [_link_change(link, "SS", lag)],
                [link.predecessor_id, link.successor_id],
                rework=(link.successor_id, overlap),
            )
        )
    found.sort(key=lambda c: -(c.rework[1] if c.rework else 0))
    return found


def _lags(facts: PlanFacts, tasks: dict[str, TaskInput], path: set[str]) -> list[Candidate]:
    found = [
        Candidate(
            "remove_lag",
            f"Remove the {link.lag_days:g}-day optional lag between "
            f"{_name(tasks, link.predecessor_id)!r} and {_name(tasks, link.successor_id)!r}",
            [_link_change(link, link.type, 0)],
            [link.predecessor_id, link.successor_id],
        )
        for link in facts.links
        if link.lag_optional
        and link.lag_days > 0
        and link.predecessor_id in path
        and link.successor_id in path
    ]
    found.sort(key=lambda c: -float(c.changes[0]["from"]["lag_days"]))
    return found


def _cuts(facts: PlanFacts, tasks: dict[str, TaskInput], path: set[str]) -> list[Candidate]:
    """Optional tasks of the open path leave the plan; their predecessors stay ahead of
    their successors (an FS bridge with the successor link's lag, for each pair not already
    linked)."""
    incoming: dict[str, list[str]] = defaultdict(list)
    outgoing: dict[str, list[LinkFact]] = defaultdict(list)
    for link in facts.links:
        incoming[link.successor_id].append(link.predecessor_id)
        outgoing[link.predecessor_id].append(link)
    found = []
    for task_id in sorted(path, key=lambda i: -tasks[i].duration_days):
        if not facts.tasks[task_id].optional:
            continue
        bridges = [
            {
                "predecessor_id": p,
                "successor_id": out.successor_id,
                "type": "FS",
                "lag_days": days(max(out.lag_days, 0)),
            }
            for p in incoming[task_id]
            for out in outgoing[task_id]
        ]
        name = _name(tasks, task_id)
        change = {"op": "remove_task", "task_id": task_id, "name": name, "bridges": bridges}
        found.append(Candidate("cut_scope", f"Cut the optional task {name!r}", [change], [task_id]))
    return found


def _deadline(facts: PlanFacts, finish: date | None) -> list[Candidate]:
    deadline = facts.schedule.deadline
    if not isinstance(deadline, date) or finish is None or finish <= deadline:
        return []
    change = {"op": "set_project_deadline", "from": deadline.isoformat(), "to": finish.isoformat()}
    title = f"Move the deadline from {deadline.isoformat()} to {finish.isoformat()}"
    return [Candidate("move_deadline", title, [change], [])]


def _crashes(facts: PlanFacts, tasks: dict[str, TaskInput], path: set[str]) -> list[Candidate]:
    extra = float(facts.settings["crash_max_extra_units"])
    found = []
    for task_id in path:
        staff = facts.assignments.get(task_id)
        if staff:
            crash = _crash(facts, tasks[task_id], staff, extra)
            if crash is not None:
                found.append(crash)
    found.sort(key=lambda c: min(c.scaled.values()))  # biggest saving first
    return found


def _crash(
    facts: PlanFacts, task: TaskInput, staff: list[AssignmentFact], extra: float
) -> Candidate | None:
    """Effort-driven: the work stays, so ``d x U / (U + added)`` days. Another person of the
    first assignee's role joins when one is free; else the assignee with room works more."""
    units = sum(a.units for a in staff)
    assigned = {a.resource_id for a in staff}
    role = staff[0].role_name
    joiner = next(
        (p for p in facts.people_by_role.get(role or "", []) if p.id not in assigned), None
    )
    if joiner is not None:
        added = min(extra, joiner.max_units)
        staffing: PlanChange = {
            "op": "add_assignment",
            "task_id": task.id,
            "resource_id": joiner.id,
            "units": days(added),
        }
        how = f"add {joiner.name} ({added:g} units)"
    else:
        roomy = max(staff, key=lambda a: a.max_units - a.units)
        added = min(extra, roomy.max_units - roomy.units)
        if added < 0.01:
            return None
        staffing = {
            "op": "set_assignment_units",
            "assignment_id": roomy.id,
            "task_id": task.id,
            "resource_id": roomy.resource_id,
            "from": days(roomy.units),
            "to": days(roomy.units + added),
        }
        how = f"raise an assignee by {added:g} units"
    shorter = float(days(task.duration_days * units / (units + added)))
    if shorter >= task.duration_days:
        return None
    duration = {
        "op": "set_task_duration",
        "task_id": task.id,
        "from": days(task.duration_days),
        "to": days(shorter),
    }
    title = f"Crash {task.name or task.id!r}: {how}, {task.duration_days:g} -> {shorter:g} days"
    task_id = str(task.id)
    scaled = {task_id: shorter / task.duration_days}
    return Candidate("crash", title, [duration, staffing], [task_id], scaled=scaled)
