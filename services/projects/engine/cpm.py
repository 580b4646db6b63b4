"""Critical path method on the prepared plan: the forward and backward passes.

All values are points/minutes on the calendar's working-time axis (see ``calendar.py``), so
each link costs one list read and one addition (links are pre-compiled, see ``links.py``).

The rules follow what MS Project computes (checked against files it saved, see
tests/projects/engine/test_mspdi_files.py):

* a task without predecessors starts at the project start, except that an unlinked SNET/FNET
  task sits exactly on its constraint date, even before the project start;
* an FF successor never starts before the project start, while SS/SF/FS leads may pull a
  successor before it;
* constraints win over links ("honor constraint dates"), which is what produces negative float;
* late finishes never exceed the project finish (or the project deadline, when given);
* ALAP tasks are scheduled at their late dates, their successors follow those late dates, and
  MS Project reports no float on them; a started one keeps its start and cannot finish before
  its remaining work allows, and a manually scheduled one stays where it was put.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.projects.engine.dates import NO_BOUND, Dates
from services.projects.engine.links import Link, finish_linked
from services.projects.engine.plan import (
    ASAP,
    COMPLETE,
    FNET,
    FNLT,
    MFO,
    MSO,
    NOT_STARTED,
    SNET,
    SNLT,
    STARTED,
    Plan,
    planned_late,
)
from services.projects.engine.progress import Incoming, incoming_links, progressed_dates


@dataclass(slots=True)
class StartRules:
    """What the forward pass needs besides the links: which tasks need the full rules of
    :func:`early_dates` (constraints, progress, a status date) and which have an FF
    predecessor."""

    full_rules: list[bool]
    finish_linked: set[int]
    # Started tasks whose remaining part waits for their links ("split in-progress tasks").
    incoming: dict[int, Incoming]


def start_rules(plan: Plan) -> StartRules:
    n = len(plan.ids)
    linked, incoming = finish_linked(plan), incoming_links(plan)
    if plan.status is not None and not plan.ms_project:
        # From the data date, every task not started yet is held at the status date.
        return StartRules([True] * n, linked, incoming)
    full_rules = [False] * n
    for i in plan.special:
        full_rules[i] = True
    return StartRules(full_rules, linked, incoming)


def forward_pass(
    plan: Plan,
    dates: Dates,
    order: list[int],
    links: list[list[Link]],
    rules: StartRules,
    alap: list[bool] | None = None,
) -> None:
    """Early dates, pushed along the links: once a task is placed, each of its links raises
    its successor's start bound. (Pushing rather than pulling from the predecessors reads the
    link records in the order they were built, see ``links.py``.)

    With ``alap`` (the re-run after the backward pass), ALAP tasks push their planned (late)
    dates to non-ALAP successors instead, since that is where they are planned. Everything
    downstream of them can move, which on large plans is most of the plan, so the whole pass
    is re-run rather than tracking which tasks changed.
    """
    es, ef, dur, ps = dates.es, dates.ef, plan.duration, plan.project_start
    full_rules, finish_linked_tasks = rules.full_rules, rules.finish_linked
    bound = [NO_BOUND] * len(plan.ids)
    delay = plan.delay
    for v in order:
        start = bound[v]
        if full_rules[v]:
            es[v], ef[v] = early_dates(plan, dates, v, start, rules)
            if alap is not None and alap[v]:
                _push_planned_dates(plan, dates, v, links[v], bound, alap)
                continue
        else:
            # The project start holds a task without predecessors, and one with an FF
            # predecessor; leads on the other link types may pull a task before it.
            if start < ps and (start == NO_BOUND or v in finish_linked_tasks):
                start = ps
            if delay is not None:
                start += delay[v]
            es[v] = start
            ef[v] = start + dur[v]
        for s, early, offset, _, _ in links[v]:
            c = early[v] + offset
            if c > bound[s]:
                bound[s] = c


def alap_tasks(plan: Plan) -> list[bool] | None:
    """Flags of the tasks planned at their late dates (see :func:`planned_late`), or None when
    there are none."""
    alap = [False] * len(plan.ids)
    for i in plan.special:
        alap[i] = planned_late(plan, i)
    return alap if any(alap) else None


def alap_dates(plan: Plan, dates: Dates, i: int) -> tuple[int, int]:
    """Planned start and finish of ALAP task ``i``: its late dates, except that a started
    task keeps its start (the actual one, or where it started as planned) and only its
    remaining work waits, to the late finish but never to before its early finish, the
    earliest that work can be done (a late finish earlier than that, from a deadline, is
    what the negative float reports). Otherwise a late finish before the fixed start would
    make the task end before it begins, and its summary last a negative time."""
    if plan.progress[i] == STARTED:
        return dates.es[i], max(dates.lf[i], dates.ef[i])
    if dates.ls[i] < dates.es[i] and plan.status is not None and not plan.ms_project:
        # Late dates before the early ones (negative float) would put work not started yet
        # before the data date, where the early dates never are.
        return dates.es[i], dates.ef[i]
    return dates.ls[i], dates.lf[i]


def _push_planned_dates(
    plan: Plan, dates: Dates, v: int, links: list[Link], bound: list[int], alap: list[bool]
) -> None:
    """The links of ALAP task ``v`` in the re-run: a non-ALAP successor follows its planned
    dates (:func:`alap_dates` in place of ``es``/``ef``), an ALAP one still its early dates."""
    start, finish = alap_dates(plan, dates, v)
    es = dates.es
    for s, early, offset, _, _ in links:
        planned = start if early is es else finish
        c = (early[v] if alap[s] else planned) + offset
        if c > bound[s]:
            bound[s] = c


def fix_started_late_starts(plan: Plan, dates: Dates) -> None:
    """After the ALAP re-run: a started task's late start is its start, which the re-run may
    have moved (a task started as planned follows an ALAP predecessor's late dates)."""
    for i in plan.special:
        if plan.progress[i] == STARTED:
            dates.ls[i] = dates.es[i]


def _apply_start_constraint(kind: int, start: int, date: int, duration: int) -> int:
    if kind == SNET:
        return max(start, date)
    if kind == FNET:
        return max(start, date - duration)
    if kind == SNLT:
        return min(start, date)
    if kind == FNLT:
        return min(start, date - duration)
    if kind == MSO:
        return date
    if kind == MFO:
        return date - duration
    return start


_DELAYABLE = frozenset({ASAP, SNET, FNET})


def early_dates(plan: Plan, dates: Dates, v: int, best: int, rules: StartRules) -> tuple[int, int]:
    dur = plan.duration[v]
    manual = plan.manual_start[v]
    if manual is not None:
        actual = plan.actual_start[v]
        if actual is None:  # a manually scheduled task stays where the user put it
            return manual, manual + dur
        # As in MS Project the actual start wins; a manual task follows no link.
        return progressed_dates(plan, dates, v, actual, None)
    kind = plan.constraint[v]
    if best == NO_BOUND:
        best = NO_BOUND if kind in (SNET, FNET) else plan.project_start
    elif v in rules.finish_linked:
        best = max(best, plan.project_start)
    progress = plan.progress[v]
    if plan.status is not None and progress == NOT_STARTED and not plan.ms_project:
        best = max(best, plan.status)  # from the data date, no work starts in the past
    best = _apply_start_constraint(kind, best, plan.constraint_point[v], dur)
    if plan.delay is not None and progress == NOT_STARTED and kind in _DELAYABLE:
        # The delay follows the start links and soft constraints allow; a must-start/finish
        # or no-later-than date is kept as the user set it.
        best += plan.delay[v]
    if progress == NOT_STARTED:
        return best, best + dur
    start = plan.actual_start[v]
    if start is None:
        start = best  # progress without an actual start: it started as planned
    return progressed_dates(plan, dates, v, start, rules.incoming.get(v))


def backward_pass(plan: Plan, dates: Dates, order: list[int], links: list[list[Link]]) -> None:
    """Late dates, pulled from the successors."""
    lf, ls, ls_calc, pf = dates.lf, dates.ls, dates.ls_calc, dates.project_finish
    dur = plan.duration
    special = [False] * len(plan.ids)
    for i in plan.special:
        special[i] = True
    for u in reversed(order):
        best = pf
        for s, _, _, late, offset in links[u]:
            c = late[s] + offset
            if c < best:
                best = c
        if special[u]:
            late_dates(plan, dates, u, best)
        else:
            lf[u] = best
            ls[u] = ls_calc[u] = best - dur[u]


def late_dates(plan: Plan, dates: Dates, u: int, best: int) -> None:
    progress = plan.progress[u]
    if progress == COMPLETE:
        dates.lf[u], dates.ls[u] = dates.ef[u], dates.es[u]
        dates.ls_calc[u] = dates.es[u]
        return
    kind, point, dur = plan.constraint[u], plan.constraint_point[u], plan.duration[u]
    if kind == MSO:
        best = point + dur
    elif kind == MFO:
        best = point
    elif kind == SNLT:
        best = min(best, point + dur)
    elif kind == FNLT:
        best = min(best, point)
    deadline = plan.deadline[u]
    if deadline is not None:
        best = min(best, deadline)
    remaining = dur - plan.done[u] if progress == STARTED else dur
    dates.lf[u] = best
    dates.ls_calc[u] = best - remaining
    dates.ls[u] = dates.es[u] if progress == STARTED else best - remaining
