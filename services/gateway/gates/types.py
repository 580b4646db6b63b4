"""Gate reviews (governance): the review of the gate into a project's next phase, with its
automatic results, checklist, approvers' decisions and what still blocks it."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from services.gateway.context import Info
from services.gateway.lifecycles.types import ApproverRole, GateRuleSeverity, Lifecycle
from services.gateway.projects.types import Project
from services.gateway.relay.node import Node
from services.gateway.values import gid
from shared.clients.governance.gates import (
    ChecklistItemStateDTO,
    DecisionDTO,
    GateReviewDTO,
    RuleResultDTO,
)


@strawberry.enum
class GateReviewState(Enum):
    OPEN = "open"
    PASSED = "passed"
    RECYCLED = "recycled"
    STOPPED = "stopped"


@strawberry.enum(description="An approver's decision at a gate.")
class GateDecision(Enum):
    GO = strawberry.enum_value("go", description="Ready to pass; from every role it passes.")
    HOLD = strawberry.enum_value("hold", description="Not yet; the role may decide again.")
    RECYCLE = strawberry.enum_value("recycle", description="Close; the project stays.")
    STOP = strawberry.enum_value("stop", description="Close and cancel the project.")


@strawberry.enum
class GateRuleOutcome(Enum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"


@strawberry.type(description="A gate rule's result on the project's facts.")
class GateRuleResult:
    kind: str
    params: JSON
    severity: GateRuleSeverity
    status: GateRuleOutcome
    message: str
    evidence: JSON

    @classmethod
    def from_dto(cls, dto: RuleResultDTO) -> GateRuleResult:
        return cls(
            kind=dto.kind,
            params=JSON(dto.params),
            severity=GateRuleSeverity(dto.severity.value),
            status=GateRuleOutcome(dto.status.value),
            message=dto.message,
            evidence=JSON(dto.evidence),
        )


@strawberry.type
class GateChecklistItemState:
    key: str
    text: str
    required: bool
    done: bool
    comment: str
    checked_by: str | None
    checked_at: datetime | None

    @classmethod
    def from_dto(cls, dto: ChecklistItemStateDTO) -> GateChecklistItemState:
        return cls(**dto.model_dump())


@strawberry.type(description="One approver role's decision.")
class GateReviewDecision(Node):
    id: strawberry.ID
    role: ApproverRole
    decision: GateDecision
    comment: str
    decided_by: str
    decided_at: datetime

    @classmethod
    def from_dto(cls, dto: DecisionDTO) -> GateReviewDecision:
        return cls(
            id=gid(dto.id),
            role=ApproverRole(dto.role.value),
            decision=GateDecision(dto.decision.value),
            comment=dto.comment,
            decided_by=dto.decided_by,
            decided_at=dto.decided_at,
        )


@strawberry.type(description="What keeps an open review from passing.")
class GateReviewBlockers:
    pending_roles: list[ApproverRole]
    open_checklist_items: list[str]
    failing_critical_rules: list[str]


@strawberry.type(description="The review of the gate into a project's next phase.")
class GateReview(Node):
    id: strawberry.ID
    project_id: strawberry.ID
    from_phase: str
    to_phase: str
    gate_name: str
    state: GateReviewState
    opened_by: str
    approver_roles: list[ApproverRole]
    results: list[GateRuleResult]
    evaluated_at: datetime
    checklist: list[GateChecklistItemState]
    decisions: list[GateReviewDecision]
    blockers: GateReviewBlockers
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int
    project_uuid: strawberry.Private[uuid.UUID]
    lifecycle_uuid: strawberry.Private[uuid.UUID]

    @strawberry.field
    async def project(self, info: Info) -> Project | None:
        return Project.from_dto(await info.context.loaders.projects.project.load(self.project_uuid))

    @strawberry.field(description="The lifecycle revision the gate belongs to.")
    async def lifecycle(self, info: Info) -> Lifecycle:
        dto = await info.context.loaders.lifecycles.lifecycle.load(self.lifecycle_uuid)
        return Lifecycle.from_dto(dto)

    @classmethod
    def from_dto(cls, dto: GateReviewDTO) -> GateReview:
        roles = [ApproverRole(role.value) for role in dto.approver_roles]
        pending = [ApproverRole(role.value) for role in dto.blockers.pending_roles]
        return cls(
            id=gid(dto.id),
            project_id=gid(dto.project_id),
            from_phase=dto.from_phase,
            to_phase=dto.to_phase,
            gate_name=dto.gate_name,
            state=GateReviewState(dto.state.value),
            opened_by=dto.opened_by,
            approver_roles=roles,
            results=[GateRuleResult.from_dto(r) for r in dto.results],
            evaluated_at=dto.evaluated_at,
            checklist=[GateChecklistItemState.from_dto(item) for item in dto.checklist],
            decisions=[GateReviewDecision.from_dto(d) for d in dto.decisions],
            blockers=GateReviewBlockers(
                pending_roles=pending,
                open_checklist_items=dto.blockers.open_checklist_items,
                failing_critical_rules=dto.blockers.failing_critical_rules,
            ),
            closed_at=dto.closed_at,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            project_uuid=dto.project_id,
            lifecycle_uuid=dto.lifecycle_id,
        )
