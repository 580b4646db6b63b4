"""The resource-constrained scheduling problem: jobs with integer durations, finish-to-start
successors with lags, demands on renewable resources of fixed capacity, optional release dates.

Pure: no I/O and nothing from the other domains, so the solvers run anywhere (a worker
process, a benchmark) on plain data. :func:`compile_problem` checks the problem once and turns
it into indexed arrays, the form both the heuristic and the solver read.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

JobId = Hashable


class LevellingError(ValueError):
    """The problem cannot be scheduled as given; ``job_id`` names the offending job if any."""

    code = "levelling_error"

    def __init__(self, message: str, *, job_id: JobId | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.job_id = job_id


class InfeasibleDemand(LevellingError):
    """A job needs more of a resource than the resource has: no schedule can exist."""

    code = "infeasible_demand"


class InvalidProblem(LevellingError):
    """Malformed input: negative numbers, unknown jobs or resources, duplicate ids, a cycle."""

    code = "invalid_problem"


@dataclass(frozen=True)
class Job:
    """``successors`` maps a successor's id to the lag (time units, may be negative) between
    this job's finish and the successor's start."""

    id: JobId
    duration: int
    demands: Mapping[str, int] = field(default_factory=dict)
    successors: Mapping[JobId, int] = field(default_factory=dict)
    release: int = 0


# (first time unit, end time unit exclusive, amount): capacity held back over that span.
Reservation = tuple[int, int, int]


@dataclass(frozen=True)
class Problem:
    """``capacities`` are each resource's peak; ``reservations`` hold some of it back over
    spans of time (days off, part-time days, work already fixed in place), so the capacity
    available varies over time. Both solvers honour them; past the last reservation the
    peak is available."""

    jobs: Sequence[Job]
    capacities: Mapping[str, int]
    reservations: Mapping[str, Sequence[Reservation]] = field(default_factory=dict)


@dataclass(frozen=True)
class Schedule:
    """Start time of every job, the makespan, and whether the makespan is proven minimal."""

    starts: dict[JobId, int]
    makespan: int
    optimal: bool
    method: str


@dataclass(frozen=True)
class Compiled:
    """The problem as indexed arrays; ``order`` is a topological order of the jobs."""

    ids: tuple[JobId, ...]
    durations: tuple[int, ...]
    demands: tuple[tuple[int, ...], ...]  # per job, per resource
    capacities: tuple[int, ...]
    successors: tuple[tuple[tuple[int, int], ...], ...]  # per job: (successor, lag)
    predecessors: tuple[tuple[tuple[int, int], ...], ...]  # per job: (predecessor, lag)
    releases: tuple[int, ...]
    order: tuple[int, ...]
    reserved: tuple[tuple[Reservation, ...], ...] = ()  # per resource

    @property
    def reserved_until(self) -> int:
        return max((end for spans in self.reserved for _, end, _ in spans), default=0)

    @property
    def size(self) -> int:
        return len(self.ids)

    def to_schedule(self, starts: Sequence[int], optimal: bool, method: str) -> Schedule:
        makespan = max((s + d for s, d in zip(starts, self.durations, strict=True)), default=0)
        return Schedule(
            starts={job: starts[i] for i, job in enumerate(self.ids)},
            makespan=makespan,
            optimal=optimal,
            method=method,
        )


def _check_numbers(job: Job, capacities: Mapping[str, int]) -> None:
    if job.duration < 0:
        raise InvalidProblem(f"job {job.id!r} has a negative duration", job_id=job.id)
    if job.release < 0:
        raise InvalidProblem(f"job {job.id!r} has a negative release date", job_id=job.id)
    for resource, amount in job.demands.items():
        if resource not in capacities:
            raise InvalidProblem(
                f"job {job.id!r} needs unknown resource {resource!r}", job_id=job.id
            )
        if amount < 0:
            raise InvalidProblem(f"job {job.id!r} has a negative demand", job_id=job.id)
        if amount > capacities[resource]:
            raise InfeasibleDemand(
                f"job {job.id!r} needs {amount} of resource {resource!r}, "
                f"which has a capacity of {capacities[resource]}",
                job_id=job.id,
            )


def _index(problem: Problem) -> dict[JobId, int]:
    index: dict[JobId, int] = {}
    for i, job in enumerate(problem.jobs):
        if job.id in index:
            raise InvalidProblem(f"job {job.id!r} appears twice", job_id=job.id)
        index[job.id] = i
    return index


def _links(problem: Problem, index: Mapping[JobId, int]) -> list[list[tuple[int, int]]]:
    successors: list[list[tuple[int, int]]] = [[] for _ in problem.jobs]
    for i, job in enumerate(problem.jobs):
        for successor, lag in job.successors.items():
            if successor not in index:
                raise InvalidProblem(
                    f"job {job.id!r} has unknown successor {successor!r}", job_id=job.id
                )
            successors[i].append((index[successor], lag))
    return successors


def _topological_order(
    ids: Sequence[JobId], successors: Sequence[Sequence[tuple[int, int]]]
) -> list[int]:
    incoming = [0] * len(ids)
    for links in successors:
        for j, _ in links:
            incoming[j] += 1
    ready = [i for i, n in enumerate(incoming) if n == 0]
    order: list[int] = []
    while ready:
        i = ready.pop()
        order.append(i)
        for j, _ in successors[i]:
            incoming[j] -= 1
            if incoming[j] == 0:
                ready.append(j)
    if len(order) < len(ids):
        stuck = next(i for i, n in enumerate(incoming) if n > 0)
        raise InvalidProblem(
            f"the successors form a cycle through job {ids[stuck]!r}", job_id=ids[stuck]
        )
    return order


def compile_problem(problem: Problem) -> Compiled:
    """Check the problem and index it; raises :class:`LevellingError` (the infeasible job
    named) before any solving starts."""
    for resource, capacity in problem.capacities.items():
        if capacity < 0:
            raise InvalidProblem(f"resource {resource!r} has a negative capacity")
    for job in problem.jobs:
        _check_numbers(job, problem.capacities)
    index = _index(problem)
    successors = _links(problem, index)
    predecessors: list[list[tuple[int, int]]] = [[] for _ in problem.jobs]
    for i, links in enumerate(successors):
        for j, lag in links:
            predecessors[j].append((i, lag))
    ids = tuple(job.id for job in problem.jobs)
    resources = tuple(problem.capacities)
    return Compiled(
        reserved=_reserved(problem, resources),
        ids=ids,
        durations=tuple(job.duration for job in problem.jobs),
        demands=tuple(tuple(job.demands.get(r, 0) for r in resources) for job in problem.jobs),
        capacities=tuple(problem.capacities[r] for r in resources),
        successors=tuple(tuple(links) for links in successors),
        predecessors=tuple(tuple(links) for links in predecessors),
        releases=tuple(job.release for job in problem.jobs),
        order=tuple(_topological_order(ids, successors)),
    )


def _reserved(problem: Problem, resources: Sequence[str]) -> tuple[tuple[Reservation, ...], ...]:
    for resource, spans in problem.reservations.items():
        if resource not in problem.capacities:
            raise InvalidProblem(f"a reservation names unknown resource {resource!r}")
        for start, end, amount in spans:
            if start < 0 or end < start or amount < 0:
                raise InvalidProblem(f"resource {resource!r} has a malformed reservation")
    return tuple(
        tuple(
            (start, end, min(amount, problem.capacities[r]))
            for start, end, amount in problem.reservations.get(r, ())
            if end > start and amount > 0
        )
        for r in resources
    )


def earliest_starts(compiled: Compiled) -> list[int]:
    """Earliest starts ignoring resources (release dates and lags respected)."""
    starts = list(compiled.releases)
    for i in compiled.order:
        for j, lag in compiled.successors[i]:
            starts[j] = max(starts[j], starts[i] + compiled.durations[i] + lag)
    return starts


def lower_bound(compiled: Compiled) -> int:
    """A makespan no schedule can beat: the critical path, or the work on the busiest
    resource divided by its capacity, whichever is longer."""
    starts = earliest_starts(compiled)
    bound = max((s + d for s, d in zip(starts, compiled.durations, strict=True)), default=0)
    for r, capacity in enumerate(compiled.capacities):
        work = sum(d * dem[r] for d, dem in zip(compiled.durations, compiled.demands, strict=True))
        if capacity > 0:
            bound = max(bound, -(-work // capacity))
    return bound
