"""The engine's critical path method, vectorised across iterations.

Dates are ``(tasks, iterations)`` float arrays of points on the calendar's working-time axis
(minutes; see ``engine/calendar.py``), durations ``(tasks, iterations)`` working minutes. The
loops run over the tasks in the engine's topological order, each step a few numpy operations
on a whole chunk of iterations. The rules are those of ``engine/cpm.py`` (forward_pass,
early_dates, backward_pass, late_dates) and ``engine/floats.py`` (total_float), for the tasks
the simulation moves (see ``network.py`` for the ones it holds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from services.projects.engine.plan import (
    COMPLETE,
    FNET,
    FNLT,
    MFO,
    MSO,
    NOT_STARTED,
    SNET,
    SNLT,
    STARTED,
    planned_late,
)
from services.projects.risk.network import Network

FloatArray = npt.NDArray[np.float64]


@dataclass(slots=True)
class ChunkDates:
    early_start: FloatArray
    early_finish: FloatArray
    project_finish: FloatArray  # per iteration
    total_float: FloatArray


def run_passes(net: Network, durations: FloatArray) -> ChunkDates:
    n, m = durations.shape
    es = np.empty((n, m))
    ef = np.empty((n, m))
    forward_pass(net, durations, es, ef)
    order = net.order
    finish = ef[order].max(axis=0) if order else np.full(m, float(net.plan.project_start))
    total = backward_pass(net, durations, es, ef, finish)
    return ChunkDates(es, ef, finish, total)


def forward_pass(net: Network, dur: FloatArray, es: FloatArray, ef: FloatArray) -> None:
    plan = net.plan
    ps = float(plan.project_start)
    scratch = np.empty(dur.shape[1])
    for v in net.order:
        if net.held[v]:
            es[v] = net.planned_start[v]
            ef[v] = net.planned_finish[v]
            continue
        row = es[v]
        linked = _bound_from_links(net, v, dur, es, ef, row, scratch)
        if net.full_rules[v]:
            _early_rules(net, v, dur[v], row, linked)
        elif not linked:
            row.fill(ps)
        elif net.finish_linked[v]:
            np.maximum(row, ps, out=row)
        np.add(row, dur[v], out=ef[v])


def _bound_from_links(
    net: Network,
    v: int,
    dur: FloatArray,
    es: FloatArray,
    ef: FloatArray,
    row: FloatArray,
    scratch: FloatArray,
) -> bool:
    """The latest start the links into ``v`` allow, written to ``row``; False if none."""
    links = net.incoming[v]
    if not links:
        return False
    first = True
    for p, reads_start, lag, bounds_finish in links:
        target = row if first else scratch
        np.add(es[p] if reads_start else ef[p], lag, out=target)
        if bounds_finish:
            np.subtract(target, dur[v], out=target)
        if not first:
            np.maximum(row, scratch, out=row)
        first = False
    return True


def _early_rules(net: Network, v: int, dur: FloatArray, row: FloatArray, linked: bool) -> None:
    """``early_dates`` of the engine for a task that has not started."""
    plan = net.plan
    kind, point = plan.constraint[v], float(plan.constraint_point[v])
    ps = float(plan.project_start)
    if not linked:
        row.fill(-np.inf if kind in (SNET, FNET) else ps)
    elif net.finish_linked[v]:
        np.maximum(row, ps, out=row)
    if plan.status is not None and not plan.ms_project:
        np.maximum(row, float(plan.status), out=row)  # from the data date
    if kind == SNET:
        np.maximum(row, point, out=row)
    elif kind == FNET:
        np.maximum(row, point - dur, out=row)
    elif kind == SNLT:
        np.minimum(row, point, out=row)
    elif kind == FNLT:
        np.minimum(row, point - dur, out=row)
    elif kind == MSO:
        row.fill(point)
    elif kind == MFO:
        np.subtract(point, dur, out=row)


def backward_pass(
    net: Network, dur: FloatArray, es: FloatArray, ef: FloatArray, finish: FloatArray
) -> FloatArray:
    """Late dates pulled from the successors, anchored at each iteration's own finish (the
    criticality index asks which tasks drive that iteration's finish; the plan's deadline is
    measured separately, as a probability). Returns the total float of every task."""
    n, m = dur.shape
    lf = np.empty((n, m))
    ls_calc = np.empty((n, m))
    scratch = np.empty(m)
    special_float: dict[int, FloatArray] = {}
    special = set(net.plan.special)
    for u in reversed(net.order):
        row = lf[u]
        row[:] = finish
        for s, reads_finish, adds_duration, offset in net.outgoing[u]:
            if offset is None:
                continue
            np.add(lf[s] if reads_finish else ls_calc[s], offset, out=scratch)
            if adds_duration:
                np.add(scratch, dur[u], out=scratch)
            np.minimum(row, scratch, out=row)
        if u in special:
            special_float[u] = _late_rules(net, u, dur[u], (es[u], ef[u]), row, ls_calc[u])
        else:
            np.subtract(row, dur[u], out=ls_calc[u])
    total = ls_calc - es  # LS - ES where the two floats agree (no constraint, no progress)
    for u, values in special_float.items():
        total[u] = values
    return total


def _late_rules(
    net: Network,
    u: int,
    dur: FloatArray,
    early: tuple[FloatArray, FloatArray],
    lf: FloatArray,
    ls_calc: FloatArray,
) -> FloatArray:
    """``late_dates`` and ``total_float`` of the engine for one special task; returns its
    total float."""
    plan = net.plan
    es, ef = early
    progress = plan.progress[u]
    if progress == COMPLETE:
        lf[:] = ef
        ls_calc[:] = es
        return np.zeros_like(es)
    kind, point = plan.constraint[u], float(plan.constraint_point[u])
    if kind == MSO:
        np.add(point, dur, out=lf)
    elif kind == MFO:
        lf.fill(point)
    elif kind == SNLT:
        np.minimum(lf, point + dur, out=lf)
    elif kind == FNLT:
        np.minimum(lf, point, out=lf)
    deadline = plan.deadline[u]
    if deadline is not None:
        np.minimum(lf, float(deadline), out=lf)
    remaining = dur - plan.done[u] if progress == STARTED else dur
    np.subtract(lf, remaining, out=ls_calc)
    if planned_late(plan, u):
        return np.minimum(lf - ef, 0.0) if progress == STARTED else np.zeros_like(es)
    if progress != NOT_STARTED:
        return lf - ef
    return np.minimum(ls_calc - es, lf - ef)
