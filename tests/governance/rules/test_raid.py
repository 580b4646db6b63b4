"""risk_hygiene."""

from __future__ import annotations

from datetime import timedelta

from services.governance.rules import REGISTRY
from services.governance.rules.base import FindingStatus
from tests.governance.rules.factories import AS_OF, at, facts, risk

hygiene = REGISTRY["risk_hygiene"]


def test_owned_answered_and_reviewed_high_risks_pass() -> None:
    outcome = hygiene.evaluate(facts(risks=[risk(), risk(mitigation=None)]), {})
    assert outcome.status is FindingStatus.passed
    assert outcome.evidence["counted"] == 2


def test_each_lapse_is_named_with_the_risk() -> None:
    unowned = risk(owner=" ")
    unanswered = risk(response_strategy=None, mitigation="")
    stale = risk(updated_at=at(AS_OF - timedelta(days=31)))
    outcome = hygiene.evaluate(facts(risks=[unowned, unanswered, stale, risk()]), {})
    assert outcome.status is FindingStatus.failed
    evidence = outcome.evidence
    assert evidence["risk_ids"] == [str(unowned.id), str(unanswered.id), str(stale.id)]
    assert evidence["without_owner"] == [str(unowned.id)]
    assert evidence["without_response"] == [str(unanswered.id)]
    assert evidence["not_reviewed"] == [str(stale.id)]
    assert (evidence["counted"], evidence["offending"]) == (4, 3)


def test_the_review_window_is_a_parameter() -> None:
    stale = risk(updated_at=at(AS_OF - timedelta(days=10)))
    assert hygiene.evaluate(facts(risks=[stale]), {}).status is FindingStatus.passed
    outcome = hygiene.evaluate(facts(risks=[stale]), {"review_within_days": 7})
    assert outcome.status is FindingStatus.failed


def test_low_and_closed_risks_are_not_checked() -> None:
    low = risk(probability=2, impact=3, owner=None)
    closed = risk(status="closed", owner=None)
    outcome = hygiene.evaluate(facts(risks=[low, closed]), {"min_score": 7})
    assert outcome.status is FindingStatus.not_applicable
    lower = hygiene.evaluate(facts(risks=[low, closed]), {"min_score": 6})
    assert lower.status is FindingStatus.failed
    assert lower.evidence["risk_ids"] == [str(low.id)]
