"""Critical path method on the prepared plan: forward pass, backward pass, floats.

All values are points/minutes on the calendar's working-time axis (see ``calendar.py``), so
each link costs one list read and one addition. Each link is pre-compiled into a tuple
``(array, other_task, offset)`` such that ``array[other_task] + offset`` is the bound the link
puts on this task; the passes then need no branching on the link type.

The rules follow what MS Project computes (checked against files it saved, see
tests/projects/scheduling/test_mspdi_files.py):

* a task without predecessors starts at the project start, except that an unlinked SNET/FNET
  task sits exactly on its constraint date, even before the project start;
* an FF successor never starts before the project start, while SS/SF/FS leads may pull a
  successor before it;
* constraints win over links ("honor constraint dates"), which is what produces negative float;
* late finishes never exceed the project finish (or the project deadline, when given);
* ALAP tasks are scheduled at their late dates, their successors follow those late dates, and
  MS Project reports no float on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.projects.scheduling.plan import (
    ALAP,
    COMPLETE,
    FF,
    FNET,
    FNLT,
    FS,
    MFO,
    MSO,
    NOT_STARTED,
    SF,
    SNET,
    SNLT,
    SS,
    STARTED,
    Plan,
)

_NONE = -(1 << 62)  # "no predecessor yet" in the forward pass
_NEVER = 1 << 62  # offset of a link that must not bind in the backward pass

Bound = tuple[list[int], int, int]  # (array, other task, offset)


@dataclass(slots=True)
class Dates:
    es: list[int]
    ef: list[int]
    ls: list[int]
    lf: list[int]
    ls_calc: list[int]  # late start the predecessors see (LF minus remaining work)
    project_finish: int


def new_dates(size: int, project_start: int) -> Dates:
    def column() -> list[int]:
        return [project_start] * size

    return Dates(column(), column(), column(), column(), column(), project_start)


def link_bounds(plan: Plan, dates: Dates) -> tuple[list[list[Bound]], list[list[Bound]]]:
    """Per task, the bounds its incoming links put on its early start and its outgoing links
    put on its late finish. The outgoing lists hold one entry per link, so they double as the
    successor adjacency for the topological sort."""
    dur = plan.duration
    es, ef, ls_calc, lf = dates.es, dates.ef, dates.ls_calc, dates.lf
    incoming: list[list[Bound]] = [[] for _ in plan.ids]
    outgoing: list[list[Bound]] = [[] for _ in plan.ids]
    # One loop for both directions: building the lists costs more than the passes.
    for p, s, kind, lag in zip(
        plan.link_pred, plan.link_succ, plan.link_kind, plan.link_lag, strict=True
    ):
        if kind == FS:
            incoming[s].append((ef, p, lag))
            outgoing[p].append((ls_calc, s, -lag))
        elif kind == SS:
            incoming[s].append((es, p, lag))
            outgoing[p].append((ls_calc, s, dur[p] - lag))
        elif kind == FF:
            incoming[s].append((ef, p, lag - dur[s]))
            outgoing[p].append((lf, s, -lag))
        else:
            incoming[s].append((es, p, lag - dur[s]))
            outgoing[p].append((lf, s, dur[p] - lag))
    if any(plan.manual_start[i] is not None or plan.progress[i] for i in plan.special):
        _soften_outgoing(plan, dates, outgoing)
    return incoming, outgoing


def _soften_outgoing(plan: Plan, dates: Dates, outgoing: list[list[Bound]]) -> None:
    """Links that do not hold back their predecessor in MS Project: those into a finished
    task, and (observed in MS Project 2019) start-driven links out of a manually scheduled
    or started task, except into a successor that ends a chain, which caps it at its own late
    finish."""
    progress, manual = plan.progress, plan.manual_start
    has_successor = [bool(out) for out in outgoing]
    for p, s, kind, _ in zip(
        plan.link_pred, plan.link_succ, plan.link_kind, plan.link_lag, strict=True
    ):
        bound: Bound | None = None
        if progress[s] == COMPLETE:
            bound = (dates.lf, s, _NEVER)
        elif kind in (SS, SF) and (manual[p] is not None or progress[p] != NOT_STARTED):
            chain_end = not has_successor[s] and progress[p] == NOT_STARTED
            bound = (dates.lf, s, 0 if chain_end else _NEVER)
        if bound is not None:
            links = outgoing[p]
            k = next(k for k, b in enumerate(links) if b[1] == s and b[2] != _NEVER)
            links[k] = bound


def forward_pass(
    plan: Plan,
    dates: Dates,
    order: list[int],
    incoming: list[list[Bound]],
    care: list[bool],
    has_ff: list[bool],
) -> None:
    es, ef, dur, ps = dates.es, dates.ef, plan.duration, plan.project_start
    for v in order:
        best = _NONE
        for arr, u, off in incoming[v]:
            c = arr[u] + off
            if c > best:
                best = c
        if care[v]:
            es[v], ef[v] = early_dates(plan, v, best, has_ff[v])
        else:
            if best == _NONE:
                best = ps
            es[v] = best
            ef[v] = best + dur[v]


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


def early_dates(plan: Plan, v: int, best: int, has_ff: bool) -> tuple[int, int]:
    dur = plan.duration[v]
    manual = plan.manual_start[v]
    if manual is not None:  # a manually scheduled task stays where the user put it
        return manual, manual + dur
    kind = plan.constraint[v]
    if best == _NONE:
        best = _NONE if kind in (SNET, FNET) else plan.project_start
    elif has_ff:
        best = max(best, plan.project_start)
    progress = plan.progress[v]
    if plan.status is not None and progress == NOT_STARTED:
        best = max(best, plan.status)  # work not started yet cannot happen in the past
    best = _apply_start_constraint(kind, best, plan.constraint_point[v], dur)
    if progress == NOT_STARTED:
        return best, best + dur
    start = plan.actual_start[v]
    if start is None:
        start = best  # progress without an actual start: it started as planned
    if progress == COMPLETE:
        finish = plan.actual_finish[v]
        return start, start + dur if finish is None else finish
    resume = start + plan.done[v]
    if plan.status is not None:
        resume = max(resume, plan.status)  # remaining work is scheduled from the status date
    return start, resume + dur - plan.done[v]


def backward_pass(plan: Plan, dates: Dates, order: list[int], outgoing: list[list[Bound]]) -> None:
    lf, ls, ls_calc, pf = dates.lf, dates.ls, dates.ls_calc, dates.project_finish
    dur = plan.duration
    special = set(plan.special)
    for u in reversed(order):
        best = pf
        for arr, v, off in outgoing[u]:
            c = arr[v] + off
            if c < best:
                best = c
        if u in special:
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


def alap_pass(
    plan: Plan,
    dates: Dates,
    order: list[int],
    bounds: tuple[list[list[Bound]], list[list[Bound]]],
    care: list[bool],
    has_ff: list[bool],
) -> None:
    """Re-run the forward pass where successors of ALAP tasks must follow those tasks' late
    dates (known only after the backward pass). Only tasks downstream of such a link can
    change, so only those are recomputed."""
    incoming, outgoing = bounds
    alap = [False] * len(plan.ids)
    for i in plan.special:
        alap[i] = plan.constraint[i] == ALAP and not plan.is_summary[i]
    late_of = {id(dates.ef): dates.lf, id(dates.es): dates.ls}
    incoming = list(incoming)
    dirty = [False] * len(plan.ids)
    for p, s in zip(plan.link_pred, plan.link_succ, strict=True):
        if alap[p] and not alap[s] and not dirty[s]:
            dirty[s] = True
            incoming[s] = [(late_of[id(a)] if alap[u] else a, u, off) for a, u, off in incoming[s]]
    es, ef, dur, ps = dates.es, dates.ef, plan.duration, plan.project_start
    for v in order:
        if not dirty[v]:
            continue
        best = _NONE
        for arr, u, off in incoming[v]:
            c = arr[u] + off
            if c > best:
                best = c
        if care[v]:
            start, finish = early_dates(plan, v, best, has_ff[v])
        else:
            start = ps if best == _NONE else best
            finish = start + dur[v]
        if (start, finish) != (es[v], ef[v]):
            es[v], ef[v] = start, finish
            for _, s, _ in outgoing[v]:
                dirty[s] = True
