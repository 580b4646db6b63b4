"""baseline_before_phase, schedule_variance and cost_variance."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.governance.rules import REGISTRY
from services.governance.rules.base import FindingStatus
from shared.clients.projects.facts import FactTask
from tests.governance.rules.factories import baseline, facts, task

before_phase = REGISTRY["baseline_before_phase"]
schedule = REGISTRY["schedule_variance"]
cost = REGISTRY["cost_variance"]
EXECUTION = {"phase": "execution", "later_phases": ["closing"]}


@pytest.mark.parametrize("phase", ["execution", "closing"])
def test_a_baseline_is_required_from_the_phase_on(phase: str) -> None:
    assert before_phase.evaluate(facts(phase=phase), EXECUTION).status is FindingStatus.failed
    with_baseline = facts(phase=phase, baseline=baseline())
    assert before_phase.evaluate(with_baseline, EXECUTION).status is FindingStatus.passed


@pytest.mark.parametrize("phase", ["initiation", "planning", None])
def test_no_baseline_is_required_before_the_phase(phase: str | None) -> None:
    outcome = before_phase.evaluate(facts(phase=phase), EXECUTION)
    assert outcome.status is FindingStatus.not_applicable


def test_later_phases_are_only_those_listed() -> None:
    outcome = before_phase.evaluate(facts(phase="closing"), {"phase": "execution"})
    assert outcome.status is FindingStatus.not_applicable


def test_schedule_variance_within_the_limit_passes() -> None:
    plan = facts(baseline=baseline(), finish_variance_days=Decimal(10))
    outcome = schedule.evaluate(plan, {"max_days": 10})
    assert outcome.status is FindingStatus.passed
    assert outcome.evidence["value"] == 10.0
    early = facts(baseline=baseline(), finish_variance_days=Decimal(-3))
    assert schedule.evaluate(early, {"max_days": 0}).status is FindingStatus.passed


def test_schedule_variance_over_the_limit_fails() -> None:
    plan = facts(baseline=baseline(), finish_variance_days=Decimal("10.5"))
    outcome = schedule.evaluate(plan, {"max_days": 10})
    assert outcome.status is FindingStatus.failed
    assert (outcome.evidence["value"], outcome.evidence["limit"]) == (10.5, 10.0)


def test_schedule_variance_needs_a_baseline() -> None:
    assert schedule.evaluate(facts(), {}).status is FindingStatus.not_applicable


def _costs(*amounts: int, summary: int = 0) -> list[FactTask]:
    tasks = [task(cost=Decimal(amount)) for amount in amounts]
    return [*tasks, task(is_summary=True, cost=Decimal(summary)), task(cost=None)]


def test_cost_variance_sums_the_non_summary_tasks() -> None:
    plan = facts(baseline=baseline(total_cost=Decimal(1000)), tasks=_costs(600, 500, summary=1100))
    outcome = cost.evaluate(plan, {"max_percent": 10})
    assert outcome.status is FindingStatus.passed
    assert (outcome.evidence["value"], outcome.evidence["planned_cost"]) == (10.0, "1100")


def test_cost_variance_over_the_limit_fails() -> None:
    plan = facts(baseline=baseline(total_cost=Decimal(1000)), tasks=_costs(600, 501))
    outcome = cost.evaluate(plan, {"max_percent": 10})
    assert outcome.status is FindingStatus.failed
    assert outcome.evidence["value"] == 10.1


@pytest.mark.parametrize(
    ("total", "tasks"),
    [(None, [task(cost=Decimal(1))]), (Decimal(0), [task(cost=Decimal(1))]), (Decimal(9), [])],
)
def test_cost_variance_needs_a_baseline_cost_and_task_costs(
    total: Decimal | None,
    tasks: list,  # type: ignore[type-arg]
) -> None:
    plan = facts(baseline=baseline(total_cost=total), tasks=tasks)
    assert cost.evaluate(plan, {}).status is FindingStatus.not_applicable
    assert cost.evaluate(facts(tasks=tasks), {}).status is FindingStatus.not_applicable
