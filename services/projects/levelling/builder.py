"""From a plan's rows to a levelling :class:`Problem`, and from its schedule back to
levelling delays. Pure: the service loads the rows, this only computes.

Time unit: one WORKING DAY of the axis calendar (the project's calendar; for a portfolio
the engine's default Mon-Fri calendar, the common axis every project's tasks are placed
on). Whole days because the delay is written in working days, people are booked by the
day, and CP-SAT needs integers; a fractional task occupies every day it touches.

* Jobs are the leaf tasks that may move (not started, constraint ASAP/ALAP-free SNET/FNET,
  automatically scheduled); their release is their early start without levelling.
* Fixed tasks (started, complete, manual, hard constraints) stay; their demand is
  capacity held back on their days.
* Every link type becomes one "start after start + duration + lag" precedence (durations
  are fixed, so SS/FF/SF are FS links with a shifted lag): SS: lag - d(p), FF: lag - d(s),
  SF: lag - d(p) - d(s).
* Demand (SHARED SEMANTICS): units x minutes per day of the task's project calendar, on a
  person and, for a member of a role pool, on the pool too. Capacity: max_units x minutes
  per day of the resource's calendar on its working days outside time off; the peak is the
  model's capacity and each day's shortfall a reservation.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from services.projects.engine.calendar import WorkCalendar
from services.projects.levelling.model import Job, JobId, LevellingError, Problem, Reservation
from services.projects.resources.scenario import ResourceScenario

MINUTES_PER_DAY = 480  # a role pool without members: its own max_units x 8 h
FS_OFFSETS = {"FS": (0, 0), "SS": (1, 0), "FF": (0, 1), "SF": (1, 1)}


class ResourceWithoutWorkingDays(LevellingError):
    code = "resource_without_working_days"

    def __init__(self, message: str, *, resource_id: str) -> None:
        super().__init__(message)
        self.resource_id = resource_id


@dataclass(frozen=True)
class PlanTask:
    id: str
    project_id: str
    name: str
    start: date  # early start without levelling (or the actual start)
    finish: date
    duration_days: float
    fixed: bool
    minutes_per_day: int  # of the task's project calendar


@dataclass(frozen=True)
class PlanLink:
    predecessor_id: str
    successor_id: str
    type: str
    lag_days: float


@dataclass(frozen=True)
class PlanResource:
    id: str
    kind: str  # person | role
    name: str
    role_name: str | None
    max_units: float
    calendar: WorkCalendar
    time_off: tuple[tuple[date, date], ...] = ()


@dataclass(frozen=True)
class PlanAssignment:
    task_id: str
    resource_id: str
    units: float


@dataclass(frozen=True)
class LevellingInput:
    axis: WorkCalendar
    tasks: Sequence[PlanTask]
    links: Sequence[PlanLink]
    resources: Sequence[PlanResource]
    assignments: Sequence[PlanAssignment]


@dataclass(frozen=True)
class BuiltProblem:
    problem: Problem
    origin: int  # axis day index of time unit 0
    durations: Mapping[str, int]
    releases: Mapping[str, int]
    precedences: Mapping[str, Sequence[tuple[str, int]]]  # job -> (predecessor job, lag)
    pools: Mapping[str, str] = field(default_factory=dict)  # capacity key -> resource name


def _pools(resources: Sequence[PlanResource]) -> dict[str, list[PlanResource]]:
    """Each role's members (active persons whose role_name is the role's name)."""
    by_name = {r.name: r.id for r in resources if r.kind == "role"}
    members: dict[str, list[PlanResource]] = {r.id: [] for r in resources if r.kind == "role"}
    for r in resources:
        if r.kind == "person" and r.role_name in by_name:
            members[by_name[r.role_name]].append(r)
    return members


def _daily(resource: PlanResource, day: date, away: set[date]) -> int:
    cal = resource.calendar
    if day in away or not cal.is_working_day(day):
        return 0
    return round(resource.max_units * cal.minutes_per_day)


def _capacity_days(
    resource: PlanResource, members: list[PlanResource] | None, days: Sequence[date]
) -> list[int]:
    """Capacity in minutes on each axis day (a pool: its members' sum)."""
    if members:
        totals = [0] * len(days)
        for member in members:
            for i, value in enumerate(_capacity_days(member, None, days)):
                totals[i] += value
        return totals
    if resource.kind == "role" and members is not None:
        return [round(resource.max_units * MINUTES_PER_DAY)] * len(days)
    away = {
        start + timedelta(days=k)
        for start, end in resource.time_off
        for k in range((end - start).days + 1)
    }
    return [_daily(resource, day, away) for day in days]


def _reservations(daily: list[int], peak: int) -> list[Reservation]:
    """Runs of equal shortfall below the peak, merged."""
    spans: list[Reservation] = []
    for t, value in enumerate(daily):
        held = peak - value
        if held <= 0:
            continue
        if spans and spans[-1][1] == t and spans[-1][2] == held:
            spans[-1] = (spans[-1][0], t + 1, held)
        else:
            spans.append((t, t + 1, held))
    return spans


MAX_AXIS_DAYS = 2610  # ten years of working days: capacity past it is taken as the peak


def apply_scenario(inp: LevellingInput, scenario: ResourceScenario | None) -> LevellingInput:
    """The input as the what-if would have it: people added to pools, resources removed
    (a removed member's work falls on the pool, anyone else's is unstaffed), time off
    changed."""
    if scenario is None or scenario.is_empty:
        return inp
    removed = {str(r) for r in scenario.removed}
    pools = {r.name: r.id for r in inp.resources if r.kind == "role" and r.id not in removed}
    resources = [_with_time_off(r, scenario) for r in inp.resources if r.id not in removed]
    resources += [
        PlanResource(p.key, "person", p.key, p.role_name, float(p.max_units), WorkCalendar())
        for p in scenario.added
    ]
    by_id = {r.id: r for r in inp.resources}
    assignments = []
    for a in inp.assignments:
        if a.resource_id not in removed:
            assignments.append(a)
        elif (pool := pools.get(by_id[a.resource_id].role_name or "")) is not None:
            assignments.append(PlanAssignment(a.task_id, pool, a.units))
    return LevellingInput(inp.axis, inp.tasks, inp.links, resources, assignments)


def _with_time_off(resource: PlanResource, scenario: ResourceScenario) -> PlanResource:
    changes = [c for c in scenario.time_off if str(c.resource_id) == resource.id]
    if not changes:
        return resource
    away = {
        start + timedelta(days=k)
        for start, end in resource.time_off
        for k in range((end - start).days + 1)
    }
    for change in changes:
        days = {
            change.from_date + timedelta(days=k)
            for k in range((change.to_date - change.from_date).days + 1)
        }
        away = away | days if change.away else away - days
    return PlanResource(
        resource.id,
        resource.kind,
        resource.name,
        resource.role_name,
        resource.max_units,
        resource.calendar,
        tuple((day, day) for day in sorted(away)),
    )


def _demands(inp: LevellingInput) -> dict[str, dict[str, int]]:
    """Per task, minutes per day on each capacity key (a person, and a member's pool)."""
    tasks = {t.id: t for t in inp.tasks}
    resources = {r.id: r for r in inp.resources}
    pool_of = {m.id: role_id for role_id, members in _pools(inp.resources).items() for m in members}
    demands: dict[str, dict[str, int]] = defaultdict(dict)
    for a in inp.assignments:
        task = tasks.get(a.task_id)
        if task is None or a.resource_id not in resources or task.duration_days <= 0:
            continue  # a milestone carries no demand
        minutes = round(a.units * task.minutes_per_day)
        keys = [a.resource_id] + ([pool_of[a.resource_id]] if a.resource_id in pool_of else [])
        for key in keys:
            demands[task.id][key] = demands[task.id].get(key, 0) + minutes
    return demands


def _axis(inp: LevellingInput) -> tuple[int, dict[str, int], dict[str, int]]:
    """The axis origin (day index of the earliest start), each task's release and
    duration in axis days."""
    axis = inp.axis
    starts = {t.id: axis.day_index(t.start) for t in inp.tasks}
    origin = min(starts.values(), default=0)
    durations = {
        t.id: 0
        if t.duration_days <= 0
        else max(1, axis.day_index(t.finish) - starts[t.id] + 1, math.ceil(t.duration_days))
        for t in inp.tasks
    }
    return origin, {t: s - origin for t, s in starts.items()}, durations


def _precedences(
    inp: LevellingInput, movable: set[str], durations: Mapping[str, int]
) -> dict[str, dict[str, int]]:
    """successor -> {predecessor: lag} as start-after-finish constraints between jobs."""
    result: dict[str, dict[str, int]] = defaultdict(dict)
    for link in inp.links:
        p, s = link.predecessor_id, link.successor_id
        if p not in movable or s not in movable:
            continue  # a fixed task's position is already in its successors' releases
        from_start, to_finish = FS_OFFSETS.get(link.type, (0, 0))
        lag = round(link.lag_days) - from_start * durations[p] - to_finish * durations[s]
        result[s][p] = max(lag, result[s].get(p, lag))
    return result


def build_problem(inp: LevellingInput, scenario: ResourceScenario | None = None) -> BuiltProblem:
    """The levelling problem of the plan; raises :class:`ResourceWithoutWorkingDays` when a
    task needs a resource that never works (``compile_problem`` then names a task needing
    more than a resource has)."""
    inp = apply_scenario(inp, scenario)
    origin, releases, durations = _axis(inp)
    movable = {t.id for t in inp.tasks if not t.fixed}
    demands = _demands(inp)
    precedences = _precedences(inp, movable, durations)
    jobs_horizon = max(releases.values(), default=0) + sum(durations[t] for t in movable)
    span = min(jobs_horizon + 1, MAX_AXIS_DAYS) if inp.tasks else 0
    days = [inp.axis.date_at(origin + k) for k in range(span)]
    capacities, reservations = _capacities(inp, demands, movable, releases, durations, days)
    successors: dict[str, dict[JobId, int]] = defaultdict(dict)
    for s, preds in precedences.items():
        for p, lag in preds.items():
            successors[p][s] = lag
    jobs = [
        Job(t.id, durations[t.id], demands.get(t.id, {}), successors.get(t.id, {}), releases[t.id])
        for t in inp.tasks
        if t.id in movable
    ]
    return BuiltProblem(
        problem=Problem(jobs, capacities, reservations),
        origin=origin,
        durations=durations,
        releases=releases,
        precedences={s: list(p.items()) for s, p in precedences.items()},
        pools={r.id: r.name for r in inp.resources},
    )


def _capacities(
    inp: LevellingInput,
    demands: Mapping[str, Mapping[str, int]],
    movable: set[str],
    releases: Mapping[str, int],
    durations: Mapping[str, int],
    days: Sequence[date],
) -> tuple[dict[str, int], dict[str, list[Reservation]]]:
    """Peak capacity and reservations of every key a job needs (fixed tasks' work held)."""
    needed = {key for t in movable for key in demands.get(t, {})}
    pools = _pools(inp.resources)
    resources = {r.id: r for r in inp.resources}
    capacities, reservations = {}, {}
    for key in sorted(needed):
        resource = resources[key]
        daily = _capacity_days(resource, pools.get(key), days)
        peak = max(daily, default=0)
        if peak == 0:
            raise ResourceWithoutWorkingDays(
                f"resource {resource.name!r} ({key}) has no working days", resource_id=key
            )
        for task_id, needs in demands.items():
            if task_id not in movable and key in needs:
                start = releases[task_id]
                for t in range(max(0, start), min(len(daily), start + durations[task_id])):
                    daily[t] = max(0, daily[t] - needs[key])
        capacities[key] = peak
        reservations[key] = _reservations(daily, peak)
    return capacities, reservations


def levelling_delays(built: BuiltProblem, starts: Mapping[object, int]) -> dict[str, int]:
    """Each moved job's delay in axis days: how much later it starts than its release and
    its (levelled) predecessors allow, which is what the engine adds back (MS Project's
    levelling delay is relative to the task's own early start)."""
    delays = {}
    for job in built.problem.jobs:
        job_id = str(job.id)
        lower = built.releases[job_id]
        for p, lag in built.precedences.get(job_id, ()):
            lower = max(lower, starts[p] + built.durations[p] + lag)
        delay = starts[job.id] - lower
        if delay > 0:
            delays[job_id] = delay
    return delays
