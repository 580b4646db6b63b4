"""Rule kinds over governance's own records of a project: approved gates, deliverables."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from services.governance.rules.base import Facts, Outcome, Params, RuleKind
from services.governance.rules.phases import (
    PhaseName,
    PhaseParams,
    in_phases,
    later_phases_field,
    phase_text,
)
from services.governance.rules.registry import register


class GateApprovedParams(PhaseParams):
    """The phase whose entry gate must be approved, and the later phases."""


def check_gate_approved(facts: Facts, params: GateApprovedParams) -> Outcome:
    project = facts.project
    if not in_phases(project, params.phase, params.later_phases):
        return Outcome.not_applicable(
            f"The project is in {phase_text(project)}, not in {params.phase!r} or later.",
            phase=project.phase,
        )
    evidence = {"phase": project.phase, "gate": params.phase}
    if params.phase not in facts.approved_gates:
        message = f"The gate into {params.phase!r} was not approved."
        return Outcome.failed(message, **evidence)
    return Outcome.passed(f"The gate into {params.phase!r} was approved.", **evidence)


GATE_APPROVED_BEFORE_PHASE = register(
    RuleKind(
        name="gate_approved_before_phase",
        title="Gate approved before a phase",
        description=(
            "Once the project is in `phase` or one of `later_phases`, the gate into `phase` "
            "must have been approved (a go from every required approver). Not applicable in "
            "other phases and while the project has no phase."
        ),
        params=GateApprovedParams,
        check=check_gate_approved,
        example={"phase": "execution", "later_phases": ["closing"]},
    )
)

DeliverableKey = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class DeliverablePresentParams(Params):
    """Which deliverable must be recorded, and from which phase on."""

    key: DeliverableKey = Field(description="The key of the required deliverable.")
    phase: PhaseName | None = Field(
        default=None,
        description="The phase from which on the deliverable is required; null: always.",
    )
    later_phases: list[PhaseName] = later_phases_field()


def check_deliverable_present(facts: Facts, params: DeliverablePresentParams) -> Outcome:
    project = facts.project
    if params.phase is not None and not in_phases(project, params.phase, params.later_phases):
        return Outcome.not_applicable(
            f"The project is in {phase_text(project)}, not in {params.phase!r} or later.",
            phase=project.phase,
        )
    if params.key not in facts.deliverables:
        return Outcome.failed(f"Deliverable {params.key!r} is missing.", key=params.key)
    return Outcome.passed(f"Deliverable {params.key!r} is recorded.", key=params.key)


DELIVERABLE_PRESENT = register(
    RuleKind(
        name="deliverable_present",
        title="Required deliverable present",
        description=(
            "Passes when a deliverable with `key` is recorded for the project. With a `phase`, "
            "it is required only in that phase and the `later_phases` (not applicable in other "
            "phases and while the project has no phase); without one, always."
        ),
        params=DeliverablePresentParams,
        check=check_deliverable_present,
        example={"key": "project_charter", "phase": "planning", "later_phases": ["execution"]},
    )
)
