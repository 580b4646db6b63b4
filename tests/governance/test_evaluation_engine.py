"""The evaluation engine over hand-made facts: scope decides which rules run, a rule that
cannot run is not applicable, and the score is the weighted share of passed rules."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest

from services.governance.evaluations.engine import Finding, evaluate, prepare, score_of
from services.governance.rules.base import FindingStatus, Outcome
from tests.governance.kinds import HAS_TAG, MIN_TASKS
from tests.governance.rules.factories import facts, task

pytestmark = pytest.mark.usefixtures("test_kinds")


def rule_row(kind: str = HAS_TAG, params: Any = None, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": uuid.uuid4(),
        "title": None,
        "standard_id": uuid.uuid4(),
        "standard_key": "hygiene",
        "standard_revision": 1,
        "kind": kind,
        "params": {"tag": "erp"} if params is None else params,
        "severity": "major",
        "weight": Decimal(1),
        "scope_portfolio_ids": [],
        "scope_project_statuses": [],
        "scope_phases": [],
        "scope_tags": [],
    }
    return row | overrides


def statuses(result) -> list[str]:
    return [f.outcome.status.value for f in result.findings]


def test_each_scope_list_must_match_and_empty_means_any() -> None:
    portfolio = uuid.uuid4()
    rules = [
        prepare(rule_row()),
        prepare(rule_row(scope_portfolio_ids=[portfolio])),
        prepare(rule_row(scope_project_statuses=["proposed", "active"])),
        prepare(rule_row(scope_phases=["execution"])),
        prepare(rule_row(scope_tags=["erp", "it"])),
    ]
    inside = facts(portfolio_id=portfolio, status="active", phase="execution", tags=["it"])
    assert len(evaluate(rules, inside).findings) == 5
    outside = facts(portfolio_id=uuid.uuid4(), status="on_hold", phase=None, tags=["hr"])
    only_unscoped = evaluate(rules, outside)
    assert [f.rule.id for f in only_unscoped.findings] == [rules[0].id]


def test_outcomes_and_score() -> None:
    rules = [
        prepare(rule_row(weight=Decimal(3))),  # fails: no erp tag
        prepare(rule_row(params={"tag": "it"}, weight=Decimal(1))),  # passes
        prepare(rule_row(MIN_TASKS, {"min_tasks": 1}, weight=Decimal(5))),  # no plan: n/a
    ]
    result = evaluate(rules, facts(tags=["it"]))
    assert statuses(result) == ["fail", "pass", "not_applicable"]
    assert result.score == Decimal("25.00")
    assert result.count(FindingStatus.passed) == 1
    by_severity = result.by_severity()
    assert by_severity["major"] == {"passed": 1, "failed": 1, "not_applicable": 1}
    assert by_severity["critical"] == {"passed": 0, "failed": 0, "not_applicable": 0}


def test_no_applicable_rule_scores_null() -> None:
    rules = [prepare(rule_row(MIN_TASKS, {"min_tasks": 1}))]
    assert evaluate(rules, facts()).score is None
    assert evaluate([], facts()).score is None
    planned = evaluate(rules, facts(tasks=[task(), task()]))
    assert planned.score == Decimal("100.00")


def test_score_rounds_to_the_cent() -> None:
    rule = prepare(rule_row())
    findings = [
        Finding(rule, Outcome.passed("ok")),
        Finding(rule, Outcome.failed("no")),
        Finding(rule, Outcome.failed("no")),
    ]
    assert score_of(findings) == Decimal("33.33")


def test_a_rule_that_cannot_run_is_not_applicable() -> None:
    gone = prepare(rule_row("kind_of_an_older_release", {}))
    misfit = prepare(rule_row(MIN_TASKS, {"min_tasks": "three"}))
    result = evaluate([gone, misfit], facts(tasks=[task()]))
    assert statuses(result) == ["not_applicable", "not_applicable"]
    assert "kind_of_an_older_release" in result.findings[0].outcome.message
    assert "no longer fit" in result.findings[1].outcome.message
    assert result.score is None


def test_parameters_stored_as_json_are_parsed_once_per_rule() -> None:
    rule = prepare(rule_row(MIN_TASKS, {"min_tasks": 2, "max_share": 0.25}))
    assert rule.params is not None and rule.params.model_dump() == {
        "min_tasks": 2,
        "max_share": 0.25,
    }
    assert statuses(evaluate([rule], facts(tasks=[task()]))) == ["fail"]
