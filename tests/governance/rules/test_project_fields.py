"""required_field and status_update_age."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from services.governance.rules import REGISTRY
from services.governance.rules.base import FindingStatus
from tests.governance.rules.factories import AS_OF, facts, status_update

required = REGISTRY["required_field"]
age = REGISTRY["status_update_age"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sponsor", "Dana"),
        ("budget", Decimal(0)),
        ("tags", ["erp"]),
        ("start_date", AS_OF),
    ],
)
def test_a_present_field_passes(field: str, value: object) -> None:
    outcome = required.evaluate(facts(**{field: value}), {"field": field})
    assert outcome.status is FindingStatus.passed


@pytest.mark.parametrize(
    ("field", "value"), [("sponsor", None), ("description", "  "), ("tags", [])]
)
def test_a_missing_or_blank_field_fails(field: str, value: object) -> None:
    outcome = required.evaluate(facts(**{field: value}), {"field": field})
    assert outcome.status is FindingStatus.failed
    assert outcome.evidence == {"field": field}


def test_a_field_required_from_a_phase_is_not_applicable_before_it() -> None:
    params = {"field": "budget", "phase": "execution", "later_phases": ["closure"]}
    before = required.evaluate(facts(phase="planning"), params)
    assert before.status is FindingStatus.not_applicable
    assert before.evidence == {"phase": "planning"}
    assert required.evaluate(facts(phase="closure"), params).status is FindingStatus.failed
    with_budget = facts(phase="execution", budget=Decimal(1))
    assert required.evaluate(with_budget, params).status is FindingStatus.passed


def test_only_listed_fields_can_be_required() -> None:
    with pytest.raises(ValidationError):
        required.evaluate(facts(), {"field": "name"})


def test_a_recent_status_update_passes() -> None:
    outcome = age.evaluate(facts(last_status_update=status_update(days_old=14)), {})
    assert outcome.status is FindingStatus.passed
    assert outcome.evidence["value"] == 14


def test_an_old_status_update_fails() -> None:
    outcome = age.evaluate(facts(last_status_update=status_update(days_old=8)), {"max_age_days": 7})
    assert outcome.status is FindingStatus.failed
    assert (outcome.evidence["value"], outcome.evidence["limit"]) == (8, 7)


def test_no_status_update_fails() -> None:
    assert age.evaluate(facts(), {}).status is FindingStatus.failed


def test_no_update_is_due_before_the_project_starts() -> None:
    outcome = age.evaluate(facts(start_date=AS_OF + timedelta(days=1)), {})
    assert outcome.status is FindingStatus.not_applicable
