"""Where the work of a task with progress goes: its completed part and its remaining part.

A started task has done ``done`` minutes of work from its start (the completed part, which
ends at its *stop*) and has ``duration - done`` minutes left (the remaining part, from its
*resume*). Resume after stop is a split. How the status date moves the parts depends on the
mode (see :class:`~services.projects.engine.model.ProgressMode`):

* data date (Primavera): remaining work never starts before the status date;
* MS Project with every status-date option off: the completed part stays where it happened
  and the remaining part follows it, wherever the status date is (checked against plans
  scheduled by MPXJ's re-implementation of MS Project, see
  tests/projects/engine/test_mspdi_files.py);
* MS Project's options, as its documentation describes them: a task *ahead* of schedule (its
  completed part ends after the status date) has that part moved back to end on the status
  date, its remaining part staying where it was (a split) or, with the second option, moved
  back to follow it; a task *behind* schedule (its remaining part would start before the
  status date) has the remaining part moved forward to start on the status date (a split)
  and, with the second option, the completed part moved forward to end there too.

With "split in-progress tasks" (MS Project mode), the remaining part also waits for the links
into the task, which a started task otherwise ignores: a predecessor that slipped pushes the
remaining work after it, leaving a gap after the completed part.
"""

from __future__ import annotations

from services.projects.engine.dates import Dates
from services.projects.engine.plan import COMPLETE, FF, FS, SF, STARTED, Plan

# An incoming link as the split rule reads it: predecessor, type code, lag minutes.
Incoming = list[tuple[int, int, int]]


def incoming_links(plan: Plan) -> dict[int, Incoming]:
    """The links into each started task, when its remaining part has to honour them."""
    if not plan.split_in_progress:
        return {}
    started = {i for i in plan.special if plan.progress[i] == STARTED}
    if not started:
        return {}
    links: dict[int, Incoming] = {}
    for p, s, kind, lag in zip(
        plan.link_pred, plan.link_succ, plan.link_kind, plan.link_lag, strict=True
    ):
        if s in started:
            links.setdefault(s, []).append((p, kind, lag))
    return links


def progressed_dates(
    plan: Plan, dates: Dates, v: int, start: int, incoming: Incoming | None
) -> tuple[int, int]:
    """Early start and finish of task ``v``, whose work began at ``start``."""
    dur = plan.duration[v]
    if plan.progress[v] == COMPLETE:
        finish = plan.actual_finish[v]
        if finish is not None:
            return start, finish  # recorded: no option moves it
        return _completed_back(plan, start, start + dur)
    done = plan.done[v]
    stop, resume = start + done, start + done
    status = plan.status
    if status is not None:
        if plan.ms_project:
            start, stop, resume = _moved_parts(plan.moves, start, stop, status)
        elif resume < status:
            resume = status  # no remaining work in the past
    if incoming:
        resume = max(resume, _remaining_bound(dates, incoming, dur - done))
    dates.parts[v] = (stop, resume)
    return start, resume + dur - done


def _completed_back(plan: Plan, start: int, finish: int) -> tuple[int, int]:
    """A task complete but for its recorded finish is a completed part like any other: moved
    back to end on the status date when it ends after it and the option says so."""
    status = plan.status
    if plan.moves[0] and status is not None and finish > status:
        return start - (finish - status), status
    return start, finish


def _moved_parts(
    moves: tuple[bool, bool, bool, bool], start: int, stop: int, status: int
) -> tuple[int, int, int]:
    """Start, stop and resume after MS Project's status-date options."""
    completed_back, remaining_back, remaining_forward, completed_forward = moves
    if stop > status and completed_back:
        resume = status if remaining_back else stop
        return start - (stop - status), status, resume
    if stop < status and remaining_forward:
        if completed_forward:
            return start + (status - stop), status, status
        return start, stop, status
    return start, stop, stop


def _remaining_bound(dates: Dates, incoming: Incoming, remaining: int) -> int:
    """The earliest resume the links allow: finish-to-start links hold the remaining part's
    start, finish-type links its finish. A start-to-start link is met by the actual start."""
    es, ef = dates.es, dates.ef
    bound = -(1 << 62)
    for p, kind, lag in incoming:
        if kind == FS:
            c = ef[p] + lag
        elif kind == FF:
            c = ef[p] + lag - remaining
        elif kind == SF:
            c = es[p] + lag - remaining
        else:
            continue
        if c > bound:
            bound = c
    return bound
