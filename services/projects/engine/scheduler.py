"""Entry point: validate, order, run the passes, roll up, and build the result."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import compress, repeat
from operator import le, not_

from services.projects.engine.cpm import (
    alap_tasks,
    backward_pass,
    fix_started_late_starts,
    forward_pass,
    start_rules,
)
from services.projects.engine.dates import Dates, new_dates
from services.projects.engine.floats import free_float, free_float_from_links, total_float
from services.projects.engine.graph import topological_order
from services.projects.engine.links import Link, build_links
from services.projects.engine.model import ScheduleInput, ScheduleResult
from services.projects.engine.plan import COMPLETE, Plan
from services.projects.engine.prepare import prepare
from services.projects.engine.result import build_result
from services.projects.engine.summary import preorder, roll_up, scheduled_dates, wbs_codes


@contextmanager
def no_gc() -> Iterator[None]:
    """The passes (and callers building or reading a big plan) allocate hundreds of thousands
    of small acyclic objects; the cyclic garbage collector would scan them again and again
    (half the runtime on big plans) and can never free any of them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def schedule(inp: ScheduleInput) -> ScheduleResult:
    """Compute early/late dates, floats and the critical flag of every task.

    Raises a :class:`~services.projects.engine.errors.SchedulingError` subclass when the
    input is invalid or the links contain a cycle.
    """
    with no_gc():
        # Everything but the result dies when _schedule returns, while the collector is still
        # off: re-enabled, its first run then scans the result alone, not the millions of
        # list items of the plan and the passes.
        return _schedule(inp)


def _schedule(inp: ScheduleInput) -> ScheduleResult:
    plan = prepare(inp)
    dates = new_dates(len(plan.ids), plan.project_start)
    order, links = _run_passes(plan, dates)
    total = total_float(plan, dates)
    start, finish, moved = scheduled_dates(plan, dates)
    if not any(plan.progress[i] for i in plan.special):
        free = free_float_from_links(dates, (start, finish, moved), links, total)
    else:
        free = free_float(plan, start, finish, total)
    del links  # the largest structure: free it before building the result
    critical = list(map(le, total, repeat(plan.threshold)))
    for i in plan.special:
        if plan.progress[i] == COMPLETE:
            critical[i] = False  # finished work cannot delay anything any more
    values = (start, finish, total, free, critical)
    tree_order = preorder(plan)
    if plan.has_summaries:
        roll_up(plan, dates, tree_order, values)
    wbs = wbs_codes(plan, tree_order)
    return build_result(plan, dates, values, order, wbs, moved)


def _run_passes(plan: Plan, dates: Dates) -> tuple[list[int], list[list[Link]]]:
    n = len(plan.ids)
    links = build_links(plan, dates)
    leaves: Sequence[int] = range(n)
    if plan.has_summaries:
        leaves = list(compress(range(n), map(not_, plan.is_summary)))
    order = topological_order(leaves, links, plan.link_succ, plan.ids, plan.link_pred)
    rules = start_rules(plan)
    forward_pass(plan, dates, order, links, rules)
    finish = max(map(dates.ef.__getitem__, order), default=plan.project_start)
    dates.project_finish = finish if plan.deadline_point is None else plan.deadline_point
    backward_pass(plan, dates, order, links)
    alap = alap_tasks(plan)
    if alap is not None:
        forward_pass(plan, dates, order, links, rules, alap)
        fix_started_late_starts(plan, dates)
    return order, links
