"""The governance client's lifecycle, template, deliverable and gate-review calls, made in
an order the service accepts (a published lifecycle before the template naming it, an
instantiated project before its gate review), for test_upstream_answers."""

from __future__ import annotations

import secrets
import uuid
from datetime import date
from decimal import Decimal

from shared.clients.governance import GovernanceClient
from shared.clients.governance.deliverables import (
    DeliverableCreate,
    DeliverableStatus,
    DeliverableUpdate,
)
from shared.clients.governance.gates import (
    ChecklistCheck,
    DecisionCreate,
    GateDecision,
    GateReviewOpen,
)
from shared.clients.governance.lifecycles import (
    ApproverRole,
    ChecklistItemIn,
    GateIn,
    LifecycleAssign,
    LifecycleCreate,
    LifecycleUpdate,
    PhaseIn,
)
from shared.clients.governance.templates import (
    InstantiationCreate,
    TemplateCreate,
    TemplateLinkIn,
    TemplateTaskIn,
    TemplateUpdate,
)
from shared.clients.projects.projects import ProjectStatus


def _key(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


async def exercise_stage_gates(governance: GovernanceClient, portfolio_id: uuid.UUID) -> None:
    lifecycle = await _lifecycle(governance)
    template = await _template(governance, lifecycle.key)
    instantiated = await governance.instantiate_template(
        template.id,
        InstantiationCreate(
            name="Answers", start_date=date(2027, 1, 4), manager="dev", portfolio_id=portfolio_id
        ),
        idempotency_key=_key("inst"),
    )
    await governance.list_template_instantiations(template.id, limit=2)
    project_id = instantiated.project.id
    await governance.assign_lifecycle(project_id, LifecycleAssign(lifecycle_id=lifecycle.id))
    await governance.project_lifecycle(project_id)
    await _deliverables(governance, project_id)
    await _gate_review(governance, project_id)
    await governance.create_template_revision(template.id)
    await governance.retire_template(template.id)
    await governance.retire_lifecycle(lifecycle.id)


async def _lifecycle(governance: GovernanceClient):  # type: ignore[no-untyped-def]
    created = await governance.create_lifecycle(
        LifecycleCreate(
            key=_key("ans"),
            name="Answers lifecycle",
            phases=[
                PhaseIn(key="idea", name="Idea"),
                PhaseIn(key="approved", name="Approved", project_status=ProjectStatus.approved),
            ],
            gates=[
                GateIn(
                    from_phase="idea",
                    to_phase="approved",
                    checklist=[ChecklistItemIn(key="case", text="Business case")],
                    approver_roles=[ApproverRole.admin],
                )
            ],
        )
    )
    updated = await governance.update_lifecycle(
        created.id, LifecycleUpdate(description="Two phases."), expected_version=created.version
    )
    published = await governance.publish_lifecycle(created.id, expected_version=updated.version)
    await governance.get_lifecycle(created.id)
    await governance.list_lifecycles(key=created.key, limit=2)
    await governance.lifecycles_by_ids([created.id])
    await governance.revise_lifecycle(created.id)
    return published


async def _template(governance: GovernanceClient, lifecycle_key: str):  # type: ignore[no-untyped-def]
    created = await governance.create_template(
        TemplateCreate(
            key=_key("ans"),
            name="Answers template",
            lifecycle_key=lifecycle_key,
            tasks=[
                TemplateTaskIn(key="a", name="A", duration_days=Decimal(2)),
                TemplateTaskIn(key="b", name="B", duration_days=Decimal(3)),
            ],
            dependencies=[TemplateLinkIn(predecessor_key="a", successor_key="b")],
        )
    )
    updated = await governance.update_template(
        created.id, TemplateUpdate(description="Two tasks."), expected_version=created.version
    )
    published = await governance.publish_template(created.id, expected_version=updated.version)
    await governance.get_template(created.id)
    await governance.list_templates(key=created.key, limit=2)
    await governance.templates_by_ids([created.id])
    return published


async def _deliverables(governance: GovernanceClient, project_id: uuid.UUID) -> None:
    added = await governance.add_deliverable(
        project_id, DeliverableCreate(key="charter", name="Charter")
    )
    await governance.get_deliverable(project_id, added.id)
    await governance.list_deliverables(project_id, limit=2)
    submitted = DeliverableUpdate(status=DeliverableStatus.submitted)
    updated = await governance.update_deliverable(project_id, added.id, submitted)
    spare = await governance.add_deliverable(project_id, DeliverableCreate(key="x", name="X"))
    await governance.delete_deliverable(project_id, spare.id)
    assert updated.status is DeliverableStatus.submitted


async def _gate_review(governance: GovernanceClient, project_id: uuid.UUID) -> None:
    review = await governance.open_gate_review(
        GateReviewOpen(project_id=project_id, to_phase="approved")
    )
    await governance.list_gate_reviews(project_id=project_id, limit=2)
    await governance.get_gate_review(review.id)
    await governance.evaluate_gate_review(review.id)
    await governance.check_gate_review_item(review.id, "case", ChecklistCheck(done=True))
    decided = await governance.decide_gate_review(
        review.id, DecisionCreate(decision=GateDecision.go, comment="Ready.")
    )
    assert decided.state.value == "passed", decided
