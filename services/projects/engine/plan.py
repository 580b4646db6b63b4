"""The validated plan the passes run on: integer codes and parallel lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.projects.engine.calendar import WorkCalendar
from services.projects.engine.model import ConstraintType, LinkType, TaskId

# Integer codes used in the hot loops (an enum lookup per link would dominate the runtime).
FS, SS, FF, SF = 0, 1, 2, 3
LINK_CODES = {LinkType.FS: FS, LinkType.SS: SS, LinkType.FF: FF, LinkType.SF: SF}
ASAP, ALAP, SNET, SNLT, FNET, FNLT, MSO, MFO = range(8)
CONSTRAINT_CODES = {c: i for i, c in enumerate(ConstraintType)}
FINISH_CONSTRAINTS = frozenset({FNET, FNLT, MFO})
# Progress states of a task.
NOT_STARTED, STARTED, COMPLETE = 0, 1, 2


@dataclass(slots=True)
class Plan:
    """The validated plan as parallel lists indexed by task position."""

    ids: list[TaskId]
    calendar: WorkCalendar
    parent: list[int]
    children: list[Sequence[int]]
    is_summary: list[bool]
    has_summaries: bool
    duration: list[int]  # working minutes
    milestone: list[bool]
    constraint: list[int]
    constraint_point: list[int]
    deadline: list[int | None]
    manual_start: list[int | None]
    progress: list[int]
    actual_start: list[int | None]
    actual_finish: list[int | None]
    done: list[int]  # minutes of the duration already worked
    # (``duration`` of a started task is its done plus its remaining minutes)
    # Links as parallel lists (predecessor, successor, type code, lag minutes): the passes zip
    # them, which is cheaper than unpacking a tuple per link.
    link_pred: list[int]
    link_succ: list[int]
    link_kind: list[int]
    link_lag: list[int]
    special: list[int]  # tasks with a constraint, deadline, progress or manual start
    project_start: int
    status: int | None
    deadline_point: int | None
    threshold: int
    # Progress semantics (see ProgressMode): MS Project's or the data date's, and in MS
    # Project's the four status-date moves (completed ends back, remaining starts back,
    # remaining starts forward, completed ends forward) and whether in-progress tasks split.
    ms_project: bool = False
    moves: tuple[bool, bool, bool, bool] = (False, False, False, False)
    split_in_progress: bool = False
    # Levelling delay of each task in working minutes, or None when no task has one (the
    # common case: the passes then skip it).
    delay: list[int] | None = None


def planned_late(plan: Plan, i: int) -> bool:
    """Whether task ``i`` is planned at its late dates: an ALAP leaf scheduled automatically.
    A manually scheduled task stays where the user put it, whatever its constraint (MS Project
    moves no manual task, and the forward pass already ignores its constraint)."""
    return plan.constraint[i] == ALAP and not plan.is_summary[i] and plan.manual_start[i] is None
