"""Decisions on a gate review.

Approver roles: ``admin``, ``pmo`` and ``executive`` are the decider's global roles;
``manager`` is a manager member of the project and ``sponsor`` the user the project names
as its sponsor. A decision counts for every required role the decider holds that has not
decided yet; a role decides once (a second decision is a 409), except that a ``hold`` is
recorded without using the role's decision up.

- ``go`` means "ready to pass": it is refused (409, saying what blocks) while a required
  checklist item is open or a critical rule fails on the project's current facts. When
  every required role has said go, the project enters the next phase (and takes the
  phase's project status) through the projects service, and the review closes as passed.
- ``recycle`` (any required role) closes the review; the project stays where it is.
- ``stop`` (any required role) closes the review and cancels the project.

The projects service is called before anything is written: if it fails, the request fails
as a whole (502/503/504) and nothing is recorded, so the decision can simply be sent
again; the phase change is idempotent and keyed by the review, so a retry after a
half-finished attempt completes it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.gates.evaluation import (
    blockers,
    evaluate_gate,
    readiness_problems,
    roles_decided,
    roles_going,
    roles_held,
)
from services.governance.gates.phases import ProjectPhases
from services.governance.gates.schemas import Decision, DecisionCreate, GateReviewRead, ReviewState
from services.governance.gates.service import (
    ensure_open,
    facts_for,
    load_review,
    repository,
    review_role,
    view_of,
)
from services.governance.gates.views import decision_row
from services.governance.lifecycles import service as lifecycles
from services.governance.lifecycles.schemas import ApproverRole, Gate, Phase
from services.governance.models import GateDecision, GateReview
from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.clients.projects.facts import ProjectFactsDTO
from shared.clients.projects.projects import ProjectStatus
from shared.errors import Conflict, Forbidden

CLOSING = {Decision.recycle: ReviewState.recycled, Decision.stop: ReviewState.stopped}


async def decide(
    session: AsyncSession,
    principal: Principal,
    clients: tuple[ProjectsClient, ProjectPhases],
    review_id: uuid.UUID,
    data: DecisionCreate,
    expected_versions: list[int] | None,
) -> GateReviewRead:
    projects, phases = clients
    review = await load_review(session, review_id)
    member_role = await review_role(projects, principal, review)
    ensure_open(review, expected_versions)
    facts = await projects.project_facts(review.project_id)
    lifecycle = await lifecycles.lifecycle_by_id(session, review.lifecycle_id)
    gate = lifecycles.gate_into(lifecycles.gates_of(lifecycle), review.to_phase)
    decisions = [decision_row(d) for d in await repository.decisions_of(session, review.id)]
    roles = _roles_deciding(gate, roles_held(principal, member_role, facts.sponsor), decisions)
    if data.decision == Decision.go:
        path = lifecycles.phases_of(lifecycle)
        await _go(session, (review, gate, facts), path, decisions, (roles, phases))
    elif data.decision == Decision.stop:
        current = facts.phase or lifecycles.phases_of(lifecycle)[0].key
        await phases.cancel(review.project_id, current, review_id=review.id)
    if data.decision in CLOSING:
        review.state, review.closed_at = CLOSING[data.decision].value, datetime.now(UTC)
    for role in roles:
        session.add(
            GateDecision(
                review_id=review.id,
                role=role.value,
                decision=data.decision.value,
                comment=data.comment,
                decided_by=principal.subject,
                decided_at=datetime.now(UTC),
            )
        )
    # A hold changes no column of the review: bump it anyway, so its ETag moves with it.
    review.updated_at = datetime.now(UTC)
    await session.flush()
    return await view_of(session, review, gate)


def _roles_deciding(
    gate: Gate, held: frozenset[ApproverRole], decisions: list[dict[str, Any]]
) -> list[ApproverRole]:
    """The required roles this decision counts for: those the decider holds that have not
    decided yet."""
    required = [role for role in gate.approver_roles if role in held]
    if not required:
        names = ", ".join(role.value for role in gate.approver_roles)
        raise Forbidden(f"Deciding this gate needs one of the approver roles: {names}.")
    decided = roles_decided(decisions)
    open_roles = [role for role in required if role not in decided]
    if not open_roles:
        names = ", ".join(role.value for role in required)
        raise Conflict(f"The gate's {names} decision has been given already.")
    return open_roles


async def _go(
    session: AsyncSession,
    subject: tuple[GateReview, Gate, ProjectFactsDTO],
    path: list[Phase],
    decisions: list[dict[str, Any]],
    deciding: tuple[list[ApproverRole], ProjectPhases],
) -> None:
    review, gate, facts = subject
    roles, phases = deciding
    results = evaluate_gate(gate, await facts_for(session, facts))
    problems = readiness_problems(blockers(gate, review.checklist, results, decisions))
    if problems:
        raise Conflict("The gate is not ready for a go: " + "; ".join(problems) + ".")
    review.results, review.evaluated_at = results, datetime.now(UTC)
    current = facts.phase or path[0].key
    # In to_phase already: an earlier attempt moved the project and failed before saving.
    if current not in (review.from_phase, review.to_phase):
        raise Conflict(
            f"The project has left phase {review.from_phase!r} (it is in {current!r}); "
            "this review no longer applies: recycle it."
        )
    if set(gate.approver_roles) <= roles_going(decisions) | set(roles):
        target = next(phase for phase in path if phase.key == review.to_phase)
        status = ProjectStatus(target.project_status) if target.project_status else None
        await phases.enter_phase(
            review.project_id, review.to_phase, status=status, review_id=review.id
        )
        review.state, review.closed_at = ReviewState.passed.value, datetime.now(UTC)
