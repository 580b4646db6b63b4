"""What an instantiation asks of the other governance domains once the project exists:
the lifecycle assignment, the planned deliverables, and the lessons learned that match the
template. Each is one clearly named function, so the domains plug in here."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.deliverables.planned import plan_deliverables
from services.governance.lessons.suggestions import suggest_lessons
from services.governance.lifecycles.assignment import attach_lifecycle
from services.governance.models import Template, TemplateInstantiation
from services.governance.templates.references import LifecycleRef
from services.governance.templates.schemas import LessonSuggestion
from shared.auth import Principal
from shared.clients.governance.lessons import LessonCategory

MAX_LESSONS = 5
CATEGORIES = frozenset(category.value for category in LessonCategory)


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
    session: AsyncSession, template: Template, phase: str | None
) -> list[LessonSuggestion]:
    """Lessons learned that match the template's tags, category and text (its name and
    description), ranked higher in the phase the project starts in; best first, at most
    ``MAX_LESSONS``. A template's category counts only where it is a lesson category."""
    category = template.category if template.category in CATEGORIES else None
    found = await suggest_lessons(
        session,
        tags=list(template.tags),
        category=category,
        text=f"{template.name}\n{template.description}",
        phase=phase,
        limit=MAX_LESSONS,
    )
    return [
        LessonSuggestion(
            id=hit.lesson.id,
            title=hit.lesson.title,
            recommendation=hit.lesson.recommendation or None,
            category=hit.lesson.category.value,
            tags=hit.lesson.tags,
            score=hit.score,
        )
        for hit in found
    ]
