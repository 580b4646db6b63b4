"""Lessons relevant to a project, a template or a gate: those sharing its tags, its category
or words of its text (any of these), never its own, ranked by how much they share.

:func:`suggest_lessons` is the entry point for the other governance domains (template
instantiation, gate reviews): no HTTP, their reader or their transaction's session."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from services.governance.lessons.repository import LessonSource, SuggestionRequest
from services.governance.lessons.schemas import LessonRead, LessonSuggestion, normalized_tags
from services.governance.lessons.service import repository
from shared.clients.projects import ProjectsClient
from shared.errors import FieldError, Forbidden, NotFound, ValidationFailed

DEFAULT_LIMIT = 5
MAX_LIMIT = 50
# Words beyond these are left out of the text match (a long description adds little).
MAX_TEXT_CHARS = 2_000


async def suggest_lessons(
    source: LessonSource,
    *,
    tags: Sequence[str] = (),
    category: str | None = None,
    text: str | None = None,
    phase: str | None = None,
    exclude_project_id: uuid.UUID | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[LessonSuggestion]:
    """The ``limit`` lessons most relevant to these tags, category (a ``LessonCategory``
    value), text and phase, none recorded on ``exclude_project_id``; best first.

    ``source`` is a :class:`~shared.reads.Reader` or the caller's ``AsyncSession`` (the
    lessons are read inside its transaction). Tags match ignoring case; the phase only
    raises the rank of lessons that match on something else."""
    wanted = normalized_tags(list(tags))
    request = SuggestionRequest(
        tags=wanted,
        category=category,
        text=text[:MAX_TEXT_CHARS] if text else None,
        phase=phase,
        exclude_project_id=exclude_project_id,
        limit=max(1, min(limit, MAX_LIMIT)),
    )
    rows = await repository.suggestions(source, request)
    return [_suggestion(row, wanted) for row in rows]


def _suggestion(row: dict[str, object], wanted: list[str]) -> LessonSuggestion:
    lesson = LessonRead.model_validate(row)
    return LessonSuggestion(
        lesson=lesson,
        score=round(float(row["score"]), 6),  # type: ignore[arg-type]
        shared_tags=[tag for tag in lesson.tags if tag in wanted],
        same_category=bool(row["same_category"]),
        same_phase=bool(row["same_phase"]),
        text_rank=round(float(row["text_rank"]), 6),  # type: ignore[arg-type]
    )


async def similar_to_project(
    source: LessonSource, projects: ProjectsClient, project_id: uuid.UUID, limit: int
) -> list[LessonSuggestion]:
    """Lessons for a project, read with the caller's token: by its tags and by its name and
    description; lessons recorded on the project itself are left out."""
    try:
        project = await projects.get_project(project_id)
    except (NotFound, Forbidden) as exc:
        raise ValidationFailed(
            f"No project {project_id} that you can read.",
            errors=[FieldError("project_id", "no project with this id that you can read")],
        ) from exc
    text = " ".join(part for part in (project.name, project.description) if part)
    return await suggest_lessons(
        source,
        tags=project.tags,
        text=text,
        exclude_project_id=project.id,
        limit=limit,
    )
