"""A clean plan for the DCMA checks, and the edits that break one check each.

The clean plan: a start milestone, a chain of ``size`` tasks linked finish-to-start without
lags, a finish milestone; the first ``done`` tasks finished on their baseline finish before
the status date, the others forecast after it on a zero-float critical path; a baseline, a
critical path length and a critical path test that moved the finish as much as it added.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

from services.governance.rules.base import Facts
from shared.clients.projects.facts import CriticalPathTest, FactLink, FactTask
from tests.governance.rules.factories import AS_OF, at, baseline, facts, link, task


def _done(index: int, done: int) -> FactTask:
    start = AS_OF - timedelta(days=7 * (done - index))
    finish = at(start + timedelta(days=4), 17)
    return task(
        name=f"Done {index}",
        percent_complete=Decimal(100),
        actual_start=at(start),
        actual_finish=finish,
        early_start=at(start),
        early_finish=finish,
        baseline_start=at(start),
        baseline_finish=finish,
        baseline_duration_days=Decimal(5),
        total_float_days=None,
        critical=False,
    )


def _ahead(index: int) -> FactTask:
    start = AS_OF + timedelta(days=1 + 7 * index)
    finish = at(start + timedelta(days=4), 17)
    return task(
        name=f"Task {index}",
        early_start=at(start),
        early_finish=finish,
        late_start=at(start),
        late_finish=finish,
        baseline_start=at(start),
        baseline_finish=finish,
        baseline_duration_days=Decimal(5),
        total_float_days=Decimal(0),
        critical=True,
    )


def _milestone(name: str, moment: Any, *, complete: bool) -> FactTask:
    return task(
        name=name,
        is_milestone=True,
        duration_days=Decimal(0),
        percent_complete=Decimal(100 if complete else 0),
        actual_start=moment if complete else None,
        actual_finish=moment if complete else None,
        early_start=moment,
        early_finish=moment,
        baseline_finish=moment,
        total_float_days=None if complete else Decimal(0),
        critical=not complete,
    )


def plan_tasks(size: int = 40, done: int = 20) -> list[FactTask]:
    begin = _milestone("Start", at(AS_OF - timedelta(days=7 * done)), complete=True)
    chain = [_done(i, done) if i < done else _ahead(i - done) for i in range(size)]
    end = _milestone("Finish", at(AS_OF + timedelta(days=7 * (size - done)), 17), complete=False)
    return [begin, *chain, end]


def chain_links(tasks: list[FactTask]) -> list[FactLink]:
    return [link(a, b) for a, b in pairwise(tasks)]


def plan_facts(
    tasks: list[FactTask] | None = None,
    links: list[FactLink] | None = None,
    **overrides: Any,
) -> Facts:
    tasks = plan_tasks() if tasks is None else tasks
    finish = tasks[-1].early_finish
    fields: dict[str, Any] = {
        "status_date": AS_OF,
        "tasks": tasks,
        "links": chain_links(tasks) if links is None else links,
        "baseline": baseline(project_finish=finish),
        "critical_path_length_days": Decimal(100),
        "finish_variance_days": Decimal(0),
        "critical_path_test": CriticalPathTest(
            task_id=tasks[-2].id,
            added_days=Decimal(5),
            finish_before=finish,
            finish_after=finish + timedelta(days=7),
            finish_delta_days=Decimal(5),
        ),
    }
    return facts(**(fields | overrides))


def edit(tasks: list[FactTask], indexes: range | list[int], **fields: Any) -> list[FactTask]:
    """The tasks with ``fields`` changed on the tasks at ``indexes``."""
    chosen = set(indexes)
    return [t.model_copy(update=fields) if i in chosen else t for i, t in enumerate(tasks)]


def incomplete_indexes(tasks: list[FactTask], count: int) -> list[int]:
    """The positions of the first ``count`` incomplete, non-milestone tasks."""
    found = [
        i
        for i, t in enumerate(tasks)
        if not t.is_milestone and t.actual_finish is None and t.percent_complete < 100
    ]
    return found[:count]
