"""A lesson learned drawn from a closed corrective action: written in the governance
service's register (its author is the caller, its source project the action's project),
and linked from the action (``lesson_id``). One lesson per action."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.clock import Clock
from services.reporting.corrective_actions.schemas import (
    CLOSED,
    ActionStatus,
    LessonCreated,
    LessonFromAction,
)
from services.reporting.corrective_actions.service import effect_of, load_managed, read_of
from services.reporting.models import CorrectiveAction
from shared.auth import Principal
from shared.clients.governance import GovernanceClient, LessonCreate, LessonOutcome
from shared.clients.projects import ProjectsClient
from shared.errors import Conflict


def _what_happened(action: CorrectiveAction) -> str:
    effect = effect_of(action)
    lines = [f"Corrective action '{action.title}' ended {action.status}."]
    if action.description:
        lines.append(action.description)
    if effect.deltas is not None:
        d = effect.deltas
        lines.append(
            f"Measured effect: SPI {d.spi}, SPI(t) {d.spi_t}, P80 finish {d.p80_finish_days} "
            f"days, critical float {d.critical_float_days} days; worked: {effect.worked}."
        )
    return "\n".join(lines)


def _context(action: CorrectiveAction) -> str:
    trigger = action.trigger
    reasons = "; ".join(str(r.get("message", r)) for r in trigger.get("reasons", []))
    return (
        f"Triggered by {trigger['kind']} ({trigger.get('rag')}) on {trigger.get('day')}: {reasons}"
    )


def _outcome(action: CorrectiveAction) -> LessonOutcome:
    worked = effect_of(action).worked
    done = action.status == ActionStatus.done.value
    return LessonOutcome.positive if done and worked is not False else LessonOutcome.negative


async def lesson_from_action(
    session: AsyncSession,
    projects: ProjectsClient,
    governance: GovernanceClient,
    principal: Principal,
    action_id: uuid.UUID,
    data: LessonFromAction,
    expected_versions: list[int] | None,
    *,
    clock: Clock,
) -> LessonCreated:
    action = await load_managed(session, projects, principal, action_id, expected_versions)
    if ActionStatus(action.status) not in CLOSED:
        raise Conflict(f"Corrective action {action_id} is {action.status}: close it first.")
    if action.lesson_id is not None:
        raise Conflict(f"Corrective action {action_id} already has lesson {action.lesson_id}.")
    outcome = _outcome(action)
    lesson = LessonCreate(
        title=data.title or action.title,
        context=_context(action)[:20_000],
        what_happened=_what_happened(action)[:20_000],
        root_cause=data.root_cause,
        recommendation=data.recommendation,
        category=data.category,
        tags=[*data.tags, "corrective-action"],
        source_project_id=action.project_id,
        impact=data.impact,
        outcome=outcome,
    )
    # A retry after a failure here finds the lesson already written, not a second one.
    created = await governance.create_lesson(
        lesson, idempotency_key=f"corrective-action-lesson-{action.id}"
    )
    action.lesson_id = created.id
    action.updated_at = clock.now()
    await session.flush()
    return LessonCreated(action=read_of(action), lesson_id=created.id, outcome=outcome)
