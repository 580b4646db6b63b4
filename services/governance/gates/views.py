"""A gate review as it reads: the stored review joined with its gate's definition (from the
frozen lifecycle revision) and its decisions (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from services.governance.gates.evaluation import blockers
from services.governance.gates.schemas import (
    ChecklistItemState,
    DecisionRead,
    GateReviewRead,
    RuleResult,
)
from services.governance.lifecycles.schemas import Gate
from services.governance.models import GateDecision, GateReview

REVIEW_FIELDS = tuple(column.key for column in GateReview.__table__.c)
DECISION_FIELDS = tuple(column.key for column in GateDecision.__table__.c)


def review_row(review: GateReview) -> dict[str, Any]:
    return {name: getattr(review, name) for name in REVIEW_FIELDS}


def decision_row(decision: GateDecision) -> dict[str, Any]:
    return {name: getattr(decision, name) for name in DECISION_FIELDS}


def review_view(
    row: Mapping[str, Any], gate: Gate, decisions: Sequence[Mapping[str, Any]]
) -> GateReviewRead:
    checklist: Mapping[str, Any] = row["checklist"]
    return GateReviewRead(
        id=row["id"],
        project_id=row["project_id"],
        lifecycle_id=row["lifecycle_id"],
        from_phase=row["from_phase"],
        to_phase=row["to_phase"],
        gate_name=gate.name,
        state=row["state"],
        opened_by=row["opened_by"],
        approver_roles=gate.approver_roles,
        results=[RuleResult.model_validate(result) for result in row["results"]],
        evaluated_at=row["evaluated_at"],
        checklist=[
            ChecklistItemState(
                key=item.key, text=item.text, required=item.required, **checklist[item.key]
            )
            for item in gate.checklist
        ],
        decisions=[DecisionRead.model_validate(dict(d)) for d in decisions],
        blockers=blockers(gate, checklist, row["results"], decisions),
        closed_at=row["closed_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
    )
