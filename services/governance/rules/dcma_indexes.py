"""The DCMA 14-point schedule assessment (DCMA-EA PAM 200.1, 2012), checks 13 and 14: the
critical path length index (CPLI) and the baseline execution index (BEI). See ``dcma.py``."""

from __future__ import annotations

from services.governance.rules.base import Comparison, Facts, Outcome, Params, ids, number
from services.governance.rules.dcma import dcma
from services.governance.rules.dcma_plan import NO_STATUS_DATE
from services.governance.rules.plan import (
    comparison_field,
    counted_tasks,
    end_of_day,
    index_field,
    is_complete,
    judge_index,
    milestones_field,
    nothing_to_count,
)


class CpliParams(Params):
    """DCMA check 13, critical path length index: (CPL + TF) / CPL."""

    threshold: float = index_field(0.95, "critical path length index")
    comparison: Comparison = comparison_field(">=")


def check_cpli(facts: Facts, params: CpliParams) -> Outcome:
    length = facts.project.critical_path_length_days
    if length is None or length <= 0:
        return Outcome.not_applicable("The plan has no remaining critical path length.")
    floats = [
        (t.total_float_days, t.id)
        for t in counted_tasks(facts, milestones=True)
        if t.total_float_days is not None
    ]
    if not floats:
        return nothing_to_count("incomplete tasks with a total float")
    total_float, task_id = min(floats, key=lambda pair: pair[0])
    cpl, tf = float(length), float(total_float)
    return judge_index(
        (cpl + tf) / cpl,
        threshold=params.threshold,
        comparison=params.comparison,
        name="CPLI",
        detail=f"critical path length {number(cpl)} days, total float {number(tf)} days",
        critical_path_length_days=cpl,
        total_float_days=tf,
        task_ids=ids([task_id]),
    )


dcma(
    "dcma_cpli",
    "DCMA 13: critical path length index",
    "CPLI = (CPL + TF) / CPL, where CPL is the critical path length (working days from the "
    "status date, else the project start, to the scheduled finish) and TF the critical path's "
    "total float: the smallest total float among the incomplete non-summary tasks, milestones "
    "included (the critical tasks are those with the least float, so this is the float of the "
    "incomplete critical tasks, and stays defined when a late deadline leaves none critical). "
    "Example: CPL 720, TF -60 gives 0.917. DCMA: at least 0.95. Not applicable without a "
    "remaining critical path length or an incomplete task with a total float.",
    CpliParams,
    check_cpli,
)


class BeiParams(Params):
    """DCMA check 14, baseline execution index: tasks completed against tasks due."""

    threshold: float = index_field(0.95, "baseline execution index")
    comparison: Comparison = comparison_field(">=")
    include_milestones: bool = milestones_field()


def check_bei(facts: Facts, params: BeiParams) -> Outcome:
    status = facts.project.status_date
    if status is None:
        return Outcome.not_applicable(NO_STATUS_DATE)
    if facts.project.baseline is None:
        return Outcome.not_applicable("The project has no baseline to execute against.")
    tasks = counted_tasks(facts, completed=True, milestones=params.include_milestones)
    cutoff = end_of_day(status)
    due = [t for t in tasks if t.baseline_finish is not None and t.baseline_finish < cutoff]
    unbaselined = [t for t in tasks if t.baseline_finish is None]
    if not due and not unbaselined:
        return nothing_to_count("tasks with a baseline finish on or before the status date")
    completed = sum(1 for t in tasks if is_complete(t))
    counted = len(due) + len(unbaselined)
    return judge_index(
        completed / counted,
        threshold=params.threshold,
        comparison=params.comparison,
        name="BEI",
        detail=f"{completed} tasks completed of {len(due)} due and {len(unbaselined)} "
        "without a baseline finish",
        counted=counted,
        completed=completed,
        due=len(due),
        without_baseline_finish=len(unbaselined),
        task_ids=ids([t.id for t in due if not is_complete(t)]),
        without_baseline_finish_ids=ids([t.id for t in unbaselined]),
        status_date=status.isoformat(),
    )


dcma(
    "dcma_bei",
    "DCMA 14: baseline execution index",
    "BEI = tasks completed / (tasks with a baseline finish on or before the status date + "
    "tasks without a baseline finish), as DCMA counts a task missing from the baseline as due. "
    "Counts the non-summary tasks, complete (an actual finish or 100 % complete, whenever it "
    "finished) and incomplete, and, unless include_milestones, without milestones; the "
    "evidence lists the due tasks not complete. DCMA: at least 0.95. Not applicable without a "
    "status date, a baseline, or a task due.",
    BeiParams,
    check_bei,
)
