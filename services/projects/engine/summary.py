"""The outline: WBS codes derived from the tree and summary tasks rolled up from children."""

from __future__ import annotations

from services.projects.engine.cpm import Dates, alap_dates
from services.projects.engine.plan import NOT_STARTED, Plan, planned_late


def preorder(plan: Plan) -> list[int]:
    """Tasks parents-first, siblings in input order."""
    if not plan.has_summaries:
        return list(range(len(plan.ids)))
    roots = [i for i, p in enumerate(plan.parent) if p == -1]
    out: list[int] = []
    stack = list(reversed(roots))
    while stack:
        i = stack.pop()
        out.append(i)
        stack.extend(reversed(plan.children[i]))
    return out


def wbs_codes(plan: Plan, tree_order: list[int]) -> list[str]:
    """'1', '1.2', '1.2.3': each task's position among its siblings, joined down the tree."""
    if not plan.has_summaries:
        return list(map(str, range(1, len(plan.ids) + 1)))
    codes = [""] * len(plan.ids)
    root_number = 0
    for i in tree_order:
        if plan.parent[i] == -1:
            root_number += 1
            codes[i] = str(root_number)
        for n, child in enumerate(plan.children[i], start=1):
            codes[child] = f"{codes[i]}.{n}"
    return codes


def scheduled_dates(plan: Plan, dates: Dates) -> tuple[list[int], list[int], list[int]]:
    """Where each task is planned: early dates, late ones for ALAP (see
    :func:`~services.projects.engine.cpm.alap_dates`; progress is already in the early
    dates). Also returns the tasks whose planned dates may differ from the early ones (the
    ALAP tasks, and the summaries, which the roll-up fills in)."""
    alap = [i for i in plan.special if planned_late(plan, i)]
    if not alap and not plan.has_summaries:
        return dates.es, dates.ef, []  # shared, not copied: the result converts each list once
    start, finish = list(dates.es), list(dates.ef)
    for i in alap:
        start[i], finish[i] = alap_dates(plan, dates, i)
        part = dates.parts.get(i)
        if part is not None:  # started: its remaining work waits for the late finish
            remaining = plan.duration[i] - plan.done[i]
            dates.parts[i] = (part[0], max(part[1], finish[i] - remaining))
    moved = [i for i in plan.special if plan.is_summary[i] or planned_late(plan, i)]
    return start, finish, moved


def roll_up(
    plan: Plan,
    dates: Dates,
    tree_order: list[int],
    values: tuple[list[int], list[int], list[int], list[int], list[bool]],
) -> None:
    """Summary dates are the extremes of their children's (children first, so nested
    summaries are complete before their parent reads them). As in MS Project an ALAP child
    contributes its planned (late) dates to the early range, a manual child its early dates
    to the late range, and a summary is critical when any child is. A summary with work
    started under it has an actual start, so like a started task it has only finish float."""
    start, finish, total, free, critical = values
    es, ef, ls, lf = dates.es, dates.ef, dates.ls, dates.lf
    started = [p != NOT_STARTED for p in plan.progress]
    for s in reversed(tree_order):
        kids = plan.children[s]
        if not kids:
            continue
        alap = [planned_late(plan, k) for k in kids]
        manual = [plan.manual_start[k] is not None for k in kids]
        es[s] = min(start[k] if a else es[k] for k, a in zip(kids, alap, strict=True))
        ef[s] = max(finish[k] if a else ef[k] for k, a in zip(kids, alap, strict=True))
        ls[s] = min(es[k] if m else ls[k] for k, m in zip(kids, manual, strict=True))
        lf[s] = max(ef[k] if m else lf[k] for k, m in zip(kids, manual, strict=True))
        start[s] = min(start[k] for k in kids)
        finish[s] = max(finish[k] for k in kids)
        critical[s] = any(critical[k] for k in kids)
        started[s] = any(started[k] for k in kids)
        total[s] = lf[s] - ef[s] if started[s] else min(ls[s] - es[s], lf[s] - ef[s])
        free[s] = max(total[s], 0)
