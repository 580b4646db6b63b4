"""Total and free float, as MS Project reports them."""

from __future__ import annotations

from itertools import repeat
from operator import getitem, sub

from services.projects.engine.dates import NEVER, Dates
from services.projects.engine.links import Link
from services.projects.engine.plan import (
    COMPLETE,
    FF,
    FS,
    NOT_STARTED,
    SF,
    STARTED,
    Plan,
    planned_late,
)

_PRED_FINISH = frozenset({FS, FF})  # link types that start from the predecessor's finish
_SUCC_FINISH = frozenset({FF, SF})  # link types that end at the successor's finish


def total_float(plan: Plan, dates: Dates) -> list[int]:
    """The smaller of start float (LS - ES) and finish float (LF - EF); finish float alone once
    a task has started; none on ALAP tasks planned at their late dates (MS Project shows them
    with zero slack). Negative values are kept: they measure how far the plan misses its
    constraints."""
    es, ef, ls, lf = dates.es, dates.ef, dates.ls, dates.lf
    # Only constraints, progress and the like separate a task's finish from its start plus
    # its duration, early and late alike; elsewhere both floats are the same number.
    floats = list(map(sub, ls, es))
    for i in plan.special:
        if planned_late(plan, i):
            # It sits at its late finish, or, started and unable to get there, after it.
            floats[i] = min(lf[i] - ef[i], 0) if plan.progress[i] == STARTED else 0
        elif plan.progress[i] != NOT_STARTED:
            floats[i] = lf[i] - ef[i]
        else:
            floats[i] = min(ls[i] - es[i], lf[i] - ef[i])
    return floats


def free_float_from_links(
    dates: Dates,
    planned: tuple[list[int], list[int], list[int]],
    links: list[list[Link]],
    total: list[int],
) -> list[int]:
    """Free float from the compiled links, valid when no task has progress (so that
    finish = start + duration everywhere): a link's gap is the successor's planned start minus
    the start that link allows. The links read ``dates.es``/``dates.ef``; for the duration of
    this call those lists hold the planned dates (ALAP tasks at their late dates), which is
    what MS Project measures free slack against. ``planned`` is the planned starts and
    finishes and the tasks where they may differ from the early dates (only those are
    swapped in: copying whole lists touches every int in them)."""
    start, finish, moved = planned
    es, ef = dates.es, dates.ef
    saved = [(i, es[i], ef[i]) for i in moved]
    for i in moved:
        es[i], ef[i] = start[i], finish[i]
    try:
        free = list(total)
        for u, out in enumerate(links):
            if out:
                least = NEVER
                for s, early, offset, _, _ in out:
                    gap = es[s] - early[u] - offset
                    if gap < least:
                        least = gap
                free[u] = least
    finally:
        for i, early_start, early_finish in saved:
            es[i], ef[i] = early_start, early_finish
    return [f if f > 0 else 0 for f in free]


def free_float(plan: Plan, start: list[int], finish: list[int], total: list[int]) -> list[int]:
    """How far a task can slip before it delays any successor: the smallest gap over its
    outgoing links (measured at the planned dates, so ALAP tasks count from their late dates),
    its total float when it has no successor, never below zero as in MS Project."""
    n = len(plan.ids)
    # One combined array so that each link's two dates are plain index lookups.
    both = start + finish
    pred_at = [
        p + n if k in _PRED_FINISH else p
        for p, k in zip(plan.link_pred, plan.link_kind, strict=False)
    ]
    succ_at = [
        s + n if k in _SUCC_FINISH else s
        for s, k in zip(plan.link_succ, plan.link_kind, strict=False)
    ]
    gaps = map(
        sub,
        map(sub, map(getitem, repeat(both), succ_at), map(getitem, repeat(both), pred_at)),
        plan.link_lag,
    )
    free = list(total)
    seen = [False] * n
    complete = {i for i in plan.special if plan.progress[i] == COMPLETE}
    for p, s, gap in zip(plan.link_pred, plan.link_succ, gaps, strict=False):
        if s in complete:
            continue  # a finished successor cannot be delayed
        if not seen[p] or gap < free[p]:
            free[p] = gap
            seen[p] = True
    free = [f if f > 0 else 0 for f in free]
    for i in complete:
        free[i] = 0
    return free
