"""DCMA checks 9 to 14 one by one: invalid dates, resources, missed tasks, the critical path
test, CPLI and BEI."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from services.governance.rules import REGISTRY
from services.governance.rules.base import Facts, FindingStatus, Outcome
from tests.governance.rules.factories import AS_OF, at, facts, task
from tests.governance.rules.plans import edit, incomplete_indexes, plan_facts, plan_tasks


def run(name: str, plan: Facts, **params: object) -> Outcome:
    return REGISTRY[name].evaluate(plan, params)


@pytest.mark.parametrize("name", ["dcma_invalid_dates", "dcma_missed_tasks", "dcma_bei"])
def test_checks_of_progress_need_a_status_date(name: str) -> None:
    plan = plan_facts(status_date=None)
    assert run(name, plan).status is FindingStatus.not_applicable


def test_a_forecast_on_the_status_date_of_an_unstarted_task_is_invalid() -> None:
    late = task(early_start=at(AS_OF, 8), early_finish=at(AS_OF + timedelta(days=4), 17))
    ok = task(early_start=at(AS_OF + timedelta(days=1)), early_finish=at(AS_OF + timedelta(3)))
    outcome = run("dcma_invalid_dates", facts(status_date=AS_OF, tasks=[late, ok]))
    assert outcome.status is FindingStatus.failed
    assert outcome.evidence["forecast_not_after_status_date"] == [str(late.id)]
    assert outcome.evidence["actual_after_status_date"] == []


def test_an_unfinished_task_forecast_to_finish_by_the_status_date_is_invalid() -> None:
    started = task(
        actual_start=at(AS_OF - timedelta(days=3)),
        percent_complete=Decimal(50),
        early_start=at(AS_OF - timedelta(days=3)),
        early_finish=at(AS_OF, 17),
    )
    outcome = run("dcma_invalid_dates", facts(status_date=AS_OF, tasks=[started]))
    assert outcome.status is FindingStatus.failed
    moved = started.model_copy(update={"early_finish": at(AS_OF + timedelta(days=1), 17)})
    assert run("dcma_invalid_dates", facts(status_date=AS_OF, tasks=[moved])).status is (
        FindingStatus.passed
    )


def test_an_actual_date_after_the_status_date_is_invalid_even_on_a_complete_milestone() -> None:
    future = at(AS_OF + timedelta(days=1))
    milestone = task(
        is_milestone=True,
        duration_days=Decimal(0),
        percent_complete=Decimal(100),
        actual_start=future,
        actual_finish=future,
    )
    outcome = run("dcma_invalid_dates", facts(status_date=AS_OF, tasks=[milestone]))
    assert outcome.status is FindingStatus.failed
    assert outcome.evidence["actual_after_status_date"] == [str(milestone.id)]
    without = run(
        "dcma_invalid_dates", facts(status_date=AS_OF, tasks=[milestone]), include_milestones=False
    )
    assert without.status is FindingStatus.not_applicable


def test_resources_are_informational_until_plans_carry_them() -> None:
    outcome = run("dcma_resources", plan_facts())
    assert outcome.status is FindingStatus.not_applicable
    assert outcome.message.startswith("Informational")
    assert outcome.evidence["counted"] == 20


def test_missed_tasks_count_unfinished_and_late_tasks_due_by_the_status_date() -> None:
    due = at(AS_OF - timedelta(days=1), 17)
    on_time = task(baseline_finish=due, actual_finish=due, percent_complete=Decimal(100))
    late = task(baseline_finish=due, actual_finish=at(AS_OF, 17), percent_complete=Decimal(100))
    open_ = task(baseline_finish=due)
    later = task(baseline_finish=at(AS_OF + timedelta(days=5)))
    outcome = run(
        "dcma_missed_tasks", facts(status_date=AS_OF, tasks=[on_time, late, open_, later])
    )
    assert outcome.status is FindingStatus.failed
    assert outcome.evidence["counted"] == 3
    assert set(outcome.evidence["task_ids"]) == {str(late.id), str(open_.id)}
    assert run("dcma_missed_tasks", plan_facts()).status is FindingStatus.passed


def test_missed_tasks_need_a_task_due() -> None:
    ahead = task(baseline_finish=at(AS_OF + timedelta(days=5)))
    outcome = run("dcma_missed_tasks", facts(status_date=AS_OF, tasks=[ahead]))
    assert outcome.status is FindingStatus.not_applicable


def test_the_critical_path_test_passes_within_the_tolerance() -> None:
    plan = plan_facts()
    test = plan.project.critical_path_test
    assert test is not None
    assert run("dcma_critical_path_test", plan).status is FindingStatus.passed
    short = test.model_copy(update={"finish_delta_days": Decimal("4.5")})
    broken = plan_facts(plan.project.tasks, plan.project.links, critical_path_test=short)
    outcome = run("dcma_critical_path_test", broken)
    assert outcome.status is FindingStatus.failed
    assert (outcome.evidence["added_days"], outcome.evidence["finish_delta_days"]) == (5.0, 4.5)
    assert run("dcma_critical_path_test", broken, tolerance_days=0.5).status is (
        FindingStatus.passed
    )


def test_the_critical_path_test_needs_a_test() -> None:
    plan = plan_facts(critical_path_test=None)
    assert run("dcma_critical_path_test", plan).status is FindingStatus.not_applicable


def test_cpli_reproduces_the_published_example() -> None:
    """CPL 720 days, total float -60 days: CPLI = (720 - 60) / 720 = 0.917."""
    tasks = plan_tasks()
    late = edit(tasks, incomplete_indexes(tasks, 1), total_float_days=Decimal(-60))
    outcome = run("dcma_cpli", plan_facts(late, critical_path_length_days=Decimal(720)))
    assert outcome.status is FindingStatus.failed
    assert outcome.evidence["value"] == 0.917
    assert outcome.evidence["total_float_days"] == -60.0
    assert outcome.evidence["critical_path_length_days"] == 720.0
    assert outcome.message == (
        "CPLI = 0.917 (critical path length 720 days, total float -60 days); limit ≥ 0.95."
    )


def test_cpli_reads_positive_float_too() -> None:
    tasks = [task(total_float_days=Decimal(10), critical=False)]
    outcome = run("dcma_cpli", facts(tasks=tasks, critical_path_length_days=Decimal(100)))
    assert outcome.status is FindingStatus.passed
    assert outcome.evidence["value"] == 1.1


@pytest.mark.parametrize("length", [None, Decimal(0)])
def test_cpli_needs_a_remaining_critical_path(length: Decimal | None) -> None:
    plan = plan_facts(critical_path_length_days=length)
    assert run("dcma_cpli", plan).status is FindingStatus.not_applicable


def test_bei_counts_tasks_missing_a_baseline_finish_as_due() -> None:
    plan = plan_facts()
    assert run("dcma_bei", plan).evidence["value"] == 1.0
    tasks = plan_tasks()
    unbaselined = edit(tasks, incomplete_indexes(tasks, 1), baseline_finish=None)
    outcome = run("dcma_bei", plan_facts(unbaselined))
    assert outcome.status is FindingStatus.passed  # 20 / 21 = 0.952
    assert (outcome.evidence["completed"], outcome.evidence["due"]) == (20, 20)
    assert outcome.evidence["without_baseline_finish"] == 1
    assert run("dcma_bei", plan_facts(unbaselined), threshold=0.96).status is (FindingStatus.failed)


def test_bei_lists_the_due_tasks_not_complete() -> None:
    tasks = plan_tasks()
    undone = edit(tasks, [3, 4], percent_complete=Decimal(60), actual_finish=None)
    outcome = run("dcma_bei", plan_facts(undone))
    assert outcome.status is FindingStatus.failed  # 18 / 20 = 0.9
    assert outcome.evidence["value"] == 0.9
    assert outcome.evidence["task_ids"] == [str(tasks[3].id), str(tasks[4].id)]


def test_bei_needs_a_baseline() -> None:
    assert run("dcma_bei", plan_facts(baseline=None)).status is FindingStatus.not_applicable
