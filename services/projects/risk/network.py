"""The engine's prepared plan, read once into what the vectorised passes need.

Nothing here parses a plan: :func:`services.projects.engine.prepare.prepare` validates it
(and raises the engine's errors, a cycle included), and the engine's own passes run once on
it. From them we take the topological order, the compiled links (with the engine's rules on
which links do not hold back their predecessor), the calendar mapping, and the deterministic
dates of the tasks the simulation holds fixed.

Held tasks. The passes vectorise what most plans contain: the four link types with lags and
leads, the project start rules, the six dated constraints, task deadlines, summaries (the
engine turns their links into links between leaves) and the data date of a plan with a
status date. Tasks with progress (started or complete), manually scheduled tasks and ALAP
tasks are held where the engine schedules them deterministically, in every iteration, and
their durations are not sampled. For complete and manual tasks that is exactly the engine's
behaviour (neither follows its links); a started task with an actual start in data-date mode
is exact as well. What is approximated: a started task without an actual start, the split
of in-progress tasks in ms_project mode (its remaining part does not wait for a predecessor
that slips in an iteration) and ALAP tasks (held at their deterministic late dates).
"""

from __future__ import annotations

from dataclasses import dataclass

from services.projects.engine.dates import NEVER, new_dates
from services.projects.engine.floats import total_float
from services.projects.engine.links import Link
from services.projects.engine.model import ScheduleInput
from services.projects.engine.plan import ALAP, COMPLETE, FF, NOT_STARTED, SF, SS, Plan
from services.projects.engine.prepare import prepare
from services.projects.engine.scheduler import _run_passes, no_gc
from services.projects.engine.summary import scheduled_dates

# An incoming link: predecessor, reads its start (else its finish), lag minutes, and whether
# it bounds the successor's finish (FF/SF: the successor's duration is subtracted).
Incoming = tuple[int, bool, int, bool]
# An outgoing link: successor, reads its late finish (else its late start), whether the
# predecessor's duration is added (SS/SF), minus the lag; ``None`` offset = never binds.
Outgoing = tuple[int, bool, bool, int | None]


@dataclass(slots=True)
class Network:
    plan: Plan
    order: list[int]  # leaves, predecessors first (the engine's order)
    incoming: list[list[Incoming]]
    outgoing: list[list[Outgoing]]
    finish_linked: list[bool]
    full_rules: list[bool]  # constraints, deadlines or the data date apply
    held: list[bool]
    held_reason: dict[int, str]
    planned_start: list[int]  # the engine's deterministic planned dates (points)
    planned_finish: list[int]
    deterministic_finish: int
    critical: list[bool]  # the engine's own critical flags


def build_network(inp: ScheduleInput) -> Network:
    with no_gc():
        plan = prepare(inp)
        dates = new_dates(len(plan.ids), plan.project_start)
        # The engine's own orchestration of its passes (private to the engine package, reused
        # rather than copied so both can never drift apart).
        order, links = _run_passes(plan, dates)
        start, finish, _ = scheduled_dates(plan, dates)
    n = len(plan.ids)
    incoming: list[list[Incoming]] = [[] for _ in range(n)]
    outgoing: list[list[Outgoing]] = [[] for _ in range(n)]
    position = [0] * n
    for p, s, kind, lag in zip(
        plan.link_pred, plan.link_succ, plan.link_kind, plan.link_lag, strict=True
    ):
        record = links[p][position[p]]  # build_links files them per predecessor in order
        position[p] += 1
        incoming[s].append((p, kind in (SS, SF), lag, kind in (FF, SF)))
        outgoing[p].append(_outgoing(plan, dates.lf, record, p, s, kind, lag))
    held, reasons = _held_tasks(plan)
    full_rules = [False] * n
    for i in plan.special:
        full_rules[i] = True
    if plan.status is not None and not plan.ms_project:
        full_rules = [True] * n
    finish_linked = [False] * n
    for s, kind in zip(plan.link_succ, plan.link_kind, strict=True):
        finish_linked[s] = finish_linked[s] or kind == FF
    project_finish = max((finish[i] for i in order), default=plan.project_start)
    total = total_float(plan, dates)
    critical = [
        t <= plan.threshold and progress != COMPLETE
        for t, progress in zip(total, plan.progress, strict=True)
    ]
    return Network(
        plan=plan,
        order=order,
        incoming=incoming,
        outgoing=outgoing,
        finish_linked=finish_linked,
        full_rules=full_rules,
        held=held,
        held_reason=reasons,
        planned_start=list(start),
        planned_finish=list(finish),
        deterministic_finish=project_finish,
        critical=critical,
    )


def _outgoing(
    plan: Plan, lf: list[int], record: Link, p: int, s: int, kind: int, lag: int
) -> Outgoing:
    """The link as the backward pass reads it; the engine's softening (see
    ``engine/links.py``) shows as a late offset other than the standard one."""
    late_array, late_offset = record[3], record[4]
    adds_duration = kind in (SS, SF)
    standard = (plan.duration[p] if adds_duration else 0) - lag
    reads_finish = kind in (FF, SF)
    if late_offset == standard and (late_array is lf) == reads_finish:
        return (s, reads_finish, adds_duration, -lag)
    if late_offset >= NEVER:
        return (s, True, False, None)
    return (s, late_array is lf, False, late_offset)


def _held_tasks(plan: Plan) -> tuple[list[bool], dict[int, str]]:
    held = [False] * len(plan.ids)
    reasons: dict[int, str] = {}
    for i in plan.special:
        if plan.is_summary[i]:
            continue
        if plan.progress[i] != NOT_STARTED:
            reasons[i] = "progress"
        elif plan.manual_start[i] is not None:
            reasons[i] = "manual"
        elif plan.constraint[i] == ALAP:
            reasons[i] = "alap"
        else:
            continue
        held[i] = True
    return held, reasons
