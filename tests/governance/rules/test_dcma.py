"""DCMA checks 1 to 8 one by one: pass, fail, not applicable, which tasks and links count,
the evidence, and limits and comparisons as parameters."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.governance.rules import REGISTRY
from services.governance.rules.base import Facts, FindingStatus, Outcome
from tests.governance.rules.factories import facts, link, task
from tests.governance.rules.plans import edit, incomplete_indexes, plan_facts, plan_tasks

STRUCTURE = [
    "dcma_logic",
    "dcma_leads",
    "dcma_lags",
    "dcma_relationship_types",
    "dcma_hard_constraints",
    "dcma_high_float",
    "dcma_negative_float",
    "dcma_high_duration",
]


def run(name: str, plan: Facts, **params: object) -> Outcome:
    return REGISTRY[name].evaluate(plan, params)


@pytest.mark.parametrize("name", STRUCTURE)
def test_a_plan_without_incomplete_tasks_is_not_applicable(name: str) -> None:
    finished = task(percent_complete=Decimal(100))
    summary = task(is_summary=True)
    milestone = task(is_milestone=True, duration_days=Decimal(0))
    plan = facts(tasks=[finished, summary, milestone], links=[link(finished, milestone)])
    outcome = run(name, plan)
    assert outcome.status is FindingStatus.not_applicable
    assert outcome.evidence["counted"] == 0


def test_logic_names_the_tasks_without_a_predecessor_or_successor() -> None:
    first, middle, last, alone = (task(name=n) for n in ("first", "middle", "last", "alone"))
    plan = facts(
        tasks=[first, middle, last, alone], links=[link(first, middle), link(middle, last)]
    )
    outcome = run("dcma_logic", plan)
    assert outcome.status is FindingStatus.failed
    assert outcome.evidence["value"] == 75.0
    assert set(outcome.evidence["task_ids"]) == {str(first.id), str(last.id), str(alone.id)}
    assert outcome.evidence["without_predecessor"] == [str(first.id), str(alone.id)]
    assert outcome.evidence["without_successor"] == [str(last.id), str(alone.id)]


def test_logic_counts_links_to_milestones_and_summaries_but_not_them() -> None:
    start = task(is_milestone=True, duration_days=Decimal(0))
    finish = task(is_milestone=True, duration_days=Decimal(0))
    work = task()
    plan = facts(tasks=[start, work, finish], links=[link(start, work), link(work, finish)])
    assert run("dcma_logic", plan).status is FindingStatus.passed
    counted = run("dcma_logic", plan, include_milestones=True)
    assert counted.status is FindingStatus.failed
    assert counted.evidence["counted"] == 3


def _two_links(lag: str, kind: str = "FS") -> Facts:
    a, b, c = task(), task(), task()
    return facts(tasks=[a, b, c], links=[link(a, b), link(b, c, lag_days=Decimal(lag), type=kind)])


def test_leads_fail_on_any_negative_lag_and_list_the_links() -> None:
    plan = _two_links("-1")
    outcome = run("dcma_leads", plan)
    assert outcome.status is FindingStatus.failed
    assert (outcome.evidence["value"], outcome.evidence["counted"]) == (1, 2)
    assert outcome.evidence["link_ids"] == [str(plan.project.links[1].id)]
    assert run("dcma_leads", _two_links("0")).status is FindingStatus.passed
    assert run("dcma_leads", plan, threshold=1).status is FindingStatus.passed


def test_links_count_from_the_successors_side() -> None:
    done = task(percent_complete=Decimal(100))
    ahead = task()
    plan = facts(tasks=[done, ahead], links=[link(ahead, done, lag_days=Decimal(-2))])
    # The only link leads into a complete task: nothing of the incomplete tasks to count.
    assert run("dcma_leads", plan).status is FindingStatus.not_applicable


def test_lags_limit_and_comparison_are_parameters() -> None:
    plan = _two_links("2")  # one lag in two links: 50 %
    assert run("dcma_lags", plan).status is FindingStatus.failed
    assert run("dcma_lags", plan, threshold=50.0).status is FindingStatus.passed
    assert run("dcma_lags", plan, threshold=50, comparison="<").status is FindingStatus.failed


def test_relationship_types_measure_finish_to_start_and_list_the_others() -> None:
    plan = _two_links("0", kind="SS")
    outcome = run("dcma_relationship_types", plan)
    assert outcome.status is FindingStatus.failed
    assert outcome.evidence["value"] == 50.0
    assert outcome.evidence["link_ids"] == [str(plan.project.links[1].id)]
    assert run("dcma_relationship_types", _two_links("0")).status is FindingStatus.passed


def test_hard_constraints_count_the_listed_types_only() -> None:
    tasks = plan_tasks()
    plan = plan_facts(edit(tasks, incomplete_indexes(tasks, 2), constraint_type="SNET"))
    assert run("dcma_hard_constraints", plan).status is FindingStatus.passed
    strict = run("dcma_hard_constraints", plan, constraint_types=["SNET"])
    assert strict.status is FindingStatus.failed
    assert strict.evidence["offending"] == 2


def test_high_float_is_strictly_above_the_float_limit() -> None:
    tasks = plan_tasks()
    at_limit = plan_facts(edit(tasks, incomplete_indexes(tasks, 3), total_float_days=Decimal(44)))
    assert run("dcma_high_float", at_limit).status is FindingStatus.passed
    outcome = run("dcma_high_float", at_limit, float_days=43.5)
    assert outcome.status is FindingStatus.failed
    assert outcome.evidence["value"] == 15.0


def test_negative_float_fails_on_one_task() -> None:
    tasks = plan_tasks()
    plan = plan_facts(edit(tasks, incomplete_indexes(tasks, 1), total_float_days=Decimal(-1)))
    outcome = run("dcma_negative_float", plan)
    assert outcome.status is FindingStatus.failed
    assert outcome.evidence["task_ids"] == [str(tasks[incomplete_indexes(tasks, 1)[0]].id)]
    assert run("dcma_negative_float", plan_facts()).status is FindingStatus.passed


def test_high_duration_reads_the_baseline_duration_on_request() -> None:
    tasks = plan_tasks()
    plan = plan_facts(edit(tasks, incomplete_indexes(tasks, 2), baseline_duration_days=Decimal(60)))
    assert run("dcma_high_duration", plan).status is FindingStatus.passed
    outcome = run("dcma_high_duration", plan, duration_source="baseline")
    assert outcome.status is FindingStatus.failed
    assert outcome.evidence["offending"] == 2


def test_wrong_parameters_are_refused() -> None:
    with pytest.raises(ValueError):
        run("dcma_lags", plan_facts(), comparison="=")
    with pytest.raises(ValueError):
        run("dcma_lags", plan_facts(), threshold="5")
    with pytest.raises(ValueError):
        run("dcma_hard_constraints", plan_facts(), constraint_types=[])
