"""gate_approved_before_phase and deliverable_present."""

from __future__ import annotations

import pytest

from services.governance.rules import REGISTRY
from services.governance.rules.base import FindingStatus
from tests.governance.rules.factories import facts

gate = REGISTRY["gate_approved_before_phase"]
deliverable = REGISTRY["deliverable_present"]
EXECUTION = {"phase": "execution", "later_phases": ["closing"]}


@pytest.mark.parametrize("phase", ["execution", "closing"])
def test_the_gate_into_the_phase_must_be_approved(phase: str) -> None:
    approved = facts(phase=phase, approved_gates=frozenset({"planning", "execution"}))
    assert gate.evaluate(approved, EXECUTION).status is FindingStatus.passed
    other = facts(phase=phase, approved_gates=frozenset({"planning"}))
    outcome = gate.evaluate(other, EXECUTION)
    assert outcome.status is FindingStatus.failed
    assert outcome.evidence == {"phase": phase, "gate": "execution"}


@pytest.mark.parametrize("phase", ["planning", None])
def test_no_gate_is_needed_before_the_phase(phase: str | None) -> None:
    assert gate.evaluate(facts(phase=phase), EXECUTION).status is FindingStatus.not_applicable


def test_a_recorded_deliverable_passes_and_a_missing_one_fails() -> None:
    recorded = facts(deliverables=frozenset({"charter"}))
    assert deliverable.evaluate(recorded, {"key": "charter"}).status is FindingStatus.passed
    outcome = deliverable.evaluate(recorded, {"key": "business_case"})
    assert outcome.status is FindingStatus.failed
    assert outcome.evidence == {"key": "business_case"}


def test_a_deliverable_may_be_required_from_a_phase_on() -> None:
    params = {"key": "charter", "phase": "planning", "later_phases": ["execution"]}
    early = deliverable.evaluate(facts(phase="initiation"), params)
    assert early.status is FindingStatus.not_applicable
    assert deliverable.evaluate(facts(phase="execution"), params).status is FindingStatus.failed


@pytest.mark.parametrize("params", [{"key": ""}, {"key": "x", "phase": ""}, {"key": 3}])
def test_blank_keys_and_phases_are_refused(params: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        deliverable.evaluate(facts(), params)
