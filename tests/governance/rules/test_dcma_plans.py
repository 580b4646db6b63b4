"""Each DCMA check on a plan crafted to break exactly it: the clean plan passes every check,
and each edit makes its check fail while the other checks keep their result."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest

from services.governance.rules import REGISTRY
from services.governance.rules.base import Category, Facts, FindingStatus
from shared.clients.projects.facts import CriticalPathTest
from tests.governance.rules.factories import AS_OF, at, task
from tests.governance.rules.plans import (
    chain_links,
    edit,
    incomplete_indexes,
    plan_facts,
    plan_tasks,
)

DCMA = sorted(name for name, kind in REGISTRY.items() if kind.category is Category.dcma)


def outcomes(facts: Facts) -> dict[str, FindingStatus]:
    return {name: REGISTRY[name].evaluate(facts, {}).status for name in DCMA}


def failing(facts: Facts) -> set[str]:
    return {name for name, status in outcomes(facts).items() if status is FindingStatus.failed}


def test_the_fourteen_checks_are_registered() -> None:
    assert len(DCMA) == 14


def test_the_clean_plan_passes_every_check() -> None:
    found = outcomes(plan_facts())
    assert found.pop("dcma_resources") is FindingStatus.not_applicable
    assert set(found.values()) == {FindingStatus.passed}, found


def _missing_logic() -> Facts:
    tasks = plan_tasks()
    links = chain_links(tasks)
    # Two links gone: four tasks lose a predecessor or a successor (4 of 20 incomplete).
    return plan_facts(tasks, [link for i, link in enumerate(links) if i not in (25, 30)])


def _links_edited(count: int, **fields: object) -> Facts:
    tasks = plan_tasks()
    links = chain_links(tasks)
    into_incomplete = [i for i, link in enumerate(links) if i >= 21][:count]
    return plan_facts(
        tasks,
        [
            link.model_copy(update=fields) if i in into_incomplete else link
            for i, link in enumerate(links)
        ],
    )


def _tasks_edited(count: int, **fields: object) -> Facts:
    tasks = plan_tasks()
    return plan_facts(edit(tasks, incomplete_indexes(tasks, count), **fields))


def _invalid_dates() -> Facts:
    tasks = plan_tasks()
    # A task not started yet forecast to start on the status date (the end of that day).
    first = incomplete_indexes(tasks, 1)
    return plan_facts(edit(tasks, first, early_start=at(AS_OF)))


def _missed_task() -> Facts:
    tasks = plan_tasks()
    # Two of the 20 tasks due finished a day after their baseline finish (10 % > 5 %).
    for index in (5, 6):
        late = tasks[index].actual_finish + timedelta(days=1)  # type: ignore[operator]
        tasks = edit(tasks, [index], actual_finish=late, early_finish=late)
    return plan_facts(tasks)


def _broken_critical_path() -> Facts:
    facts = plan_facts()
    test = facts.project.critical_path_test
    assert test is not None
    stalled = CriticalPathTest(**(test.model_dump() | {"finish_delta_days": Decimal(0)}))
    return plan_facts(facts.project.tasks, facts.project.links, critical_path_test=stalled)


def _unbaselined_tasks() -> Facts:
    tasks = plan_tasks()
    # Two tasks added after the baseline: BEI counts them as due (20 / 22 = 0.91).
    added = [task(name=f"Added {i}", early_start=at(AS_OF + timedelta(days=3))) for i in range(2)]
    chain = [*tasks[:-1], *added, tasks[-1]]
    return plan_facts(chain, chain_links(chain))


BREAKERS: dict[str, Callable[[], Facts]] = {
    "dcma_logic": _missing_logic,
    "dcma_leads": lambda: _links_edited(1, lag_days=Decimal(-1)),
    "dcma_lags": lambda: _links_edited(2, lag_days=Decimal(2)),
    "dcma_relationship_types": lambda: _links_edited(3, type="SS"),
    "dcma_hard_constraints": lambda: _tasks_edited(2, constraint_type="MSO"),
    "dcma_high_float": lambda: _tasks_edited(2, total_float_days=Decimal(45)),
    "dcma_negative_float": lambda: _tasks_edited(1, total_float_days=Decimal("-0.5")),
    "dcma_high_duration": lambda: _tasks_edited(2, duration_days=Decimal(45)),
    "dcma_invalid_dates": _invalid_dates,
    "dcma_missed_tasks": _missed_task,
    "dcma_critical_path_test": _broken_critical_path,
    "dcma_bei": _unbaselined_tasks,
}


@pytest.mark.parametrize("name", sorted(BREAKERS))
def test_a_crafted_plan_breaks_exactly_its_check(name: str) -> None:
    assert failing(BREAKERS[name]()) == {name}


def test_a_cpli_below_the_limit_comes_with_negative_float() -> None:
    """CPLI < 1 needs a negative total float on the critical path, which check 7 counts too:
    the published example (CPL 720 days, TF -60) fails exactly these two."""
    tasks = plan_tasks()
    late = edit(tasks, incomplete_indexes(tasks, 1), total_float_days=Decimal(-60))
    facts = plan_facts(late, critical_path_length_days=Decimal(720))
    assert failing(facts) == {"dcma_cpli", "dcma_negative_float"}
    assert REGISTRY["dcma_cpli"].evaluate(facts, {}).evidence["value"] == 0.917


def test_every_check_but_resources_has_a_breaker() -> None:
    assert set(BREAKERS) | {"dcma_cpli", "dcma_resources"} == set(DCMA)
