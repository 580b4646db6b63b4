"""The links as the passes read them: one record per link, filed under its predecessor.

A record ``(successor, early_array, early_offset, late_array, late_offset)`` is compiled so
that no pass branches on the link type:

* ``early_array[predecessor] + early_offset`` is the earliest start the link allows the
  successor (``early_array`` is the ``es`` or ``ef`` list);
* ``late_array[successor] + late_offset`` is the latest finish the link allows the
  predecessor (``late_array`` is the ``ls_calc`` or ``lf`` list).

Every pass walks these lists task by task (the forward pass pushes along them, the backward
pass and the free float pull through them), so the records of neighbouring tasks, created
together, are read together. That is why each link is filed once, under its predecessor:
links usually arrive grouped by predecessor, while per-successor lists built alongside end up
scattered across the heap (walking those in task order made the forward pass about twice as
slow on large plans).
"""

from __future__ import annotations

from itertools import compress, repeat
from operator import eq

from services.projects.engine.dates import NEVER, Dates
from services.projects.engine.plan import COMPLETE, FF, FS, NOT_STARTED, SF, SS, Plan

Link = tuple[int, list[int], int, list[int], int]


def build_links(plan: Plan, dates: Dates) -> list[list[Link]]:
    """Per task, the records of the links leaving it, in input order."""
    dur = plan.duration
    es, ef, ls_calc, lf = dates.es, dates.ef, dates.ls_calc, dates.lf
    links: list[list[Link]] = [[] for _ in plan.ids]
    for p, s, kind, lag in zip(
        plan.link_pred, plan.link_succ, plan.link_kind, plan.link_lag, strict=True
    ):
        if kind == FS:
            links[p].append((s, ef, lag, ls_calc, -lag))
        elif kind == SS:
            links[p].append((s, es, lag, ls_calc, dur[p] - lag))
        elif kind == FF:
            links[p].append((s, ef, lag - dur[s], lf, -lag))
        else:
            links[p].append((s, es, lag - dur[s], lf, dur[p] - lag))
    if any(plan.manual_start[i] is not None or plan.progress[i] for i in plan.special):
        _soften(plan, dates, links)
    return links


def finish_linked(plan: Plan) -> set[int]:
    """Tasks with an incoming FF link: MS Project keeps those from starting before the project
    start, while the leads of other link types may pull a task before it."""
    return set(compress(plan.link_succ, map(eq, plan.link_kind, repeat(FF))))


def _soften(plan: Plan, dates: Dates, links: list[list[Link]]) -> None:
    """Links that do not hold back their predecessor in MS Project: those into a finished
    task, and (observed in MS Project 2019) start-driven links out of a manually scheduled
    or started task, except into a successor that ends a chain, which caps it at its own late
    finish."""
    progress, manual = plan.progress, plan.manual_start
    has_successor = [bool(out) for out in links]
    # A link's record is found by its position among its predecessor's links (build_links
    # files them in input order), not by its successor: two links between the same tasks
    # (say one on a summary and one on its subtask) must each keep their own rule.
    position = [0] * len(links)
    for p, s, kind in zip(plan.link_pred, plan.link_succ, plan.link_kind, strict=True):
        k = position[p]
        position[p] = k + 1
        late: tuple[list[int], int] | None = None
        if progress[s] == COMPLETE:
            late = (dates.lf, NEVER)
        elif (kind == SS and progress[p] != NOT_STARTED) or (
            kind in (SS, SF) and manual[p] is not None
        ):
            chain_end = not has_successor[s] and progress[p] == NOT_STARTED
            late = (dates.lf, 0 if chain_end else NEVER)
        if late is not None:
            out = links[p]
            out[k] = (s, out[k][1], out[k][2], *late)
