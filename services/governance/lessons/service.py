"""The lessons-learned register: anyone signed in records a lesson (about a project they can
read, if it names one) and reads every lesson, since lessons exist to be found by the next
project; authors edit and delete their own, pmo and admin any."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.lessons import search
from services.governance.lessons.repository import LessonRepository, RankedSearch
from services.governance.lessons.schemas import LessonCreate, LessonFilters, LessonUpdate
from services.governance.models import Lesson
from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.concurrency import check_version
from shared.errors import FieldError, Forbidden, NotFound, ValidationFailed
from shared.pagination import PageParams, encode_cursor
from shared.reads import Reader

repository = LessonRepository()
# The fields the search vector is made of.
SEARCHED_FIELDS = frozenset({"title", "context", "what_happened", "root_cause", "recommendation"})


async def get_lesson(reader: Reader, lesson_id: uuid.UUID) -> dict[str, Any]:
    row = await repository.get(reader, lesson_id)
    if row is None:
        raise NotFound(f"Lesson {lesson_id} not found.")
    return row


async def list_lessons(
    reader: Reader,
    page: PageParams,
    filters: LessonFilters,
    *,
    q: str | None,
    highlight: bool,
) -> tuple[list[Any], str | None]:
    """Without ``q`` the newest first; with it the most relevant first (see ``search``)."""
    if not q:
        return await repository.newest(reader, page, filters)
    after = search.rank_position(q, page.cursor) if page.cursor is not None else None
    fuzzy = search.fuzzy_query(await repository.nearest_terms(reader, q))
    request = RankedSearch(q=q, fuzzy=fuzzy, after=after, limit=page.limit + 1, highlight=highlight)
    rows = await repository.ranked(reader, request, filters)
    items = rows[: page.limit]
    cursor = None
    if len(rows) > page.limit:
        cursor = encode_cursor(search.rank_cursor_values(q, items[-1]))
    return items, cursor


async def _ensure_project_readable(projects: ProjectsClient, project_id: uuid.UUID) -> None:
    """The caller's token goes with the read: a project they may not see is as unknown as
    one that does not exist."""
    try:
        await projects.get_project(project_id)
    except (NotFound, Forbidden) as exc:
        raise ValidationFailed(
            f"No project {project_id} that you can read.",
            errors=[FieldError("source_project_id", "no project with this id that you can read")],
        ) from exc


async def create_lesson(
    session: AsyncSession, principal: Principal, projects: ProjectsClient, data: LessonCreate
) -> Lesson:
    if data.source_project_id is not None:
        await _ensure_project_readable(projects, data.source_project_id)
    lesson = Lesson(**data.model_dump(), author=principal.subject)
    session.add(lesson)
    await session.flush()
    await repository.add_terms(session, [lesson.id])
    return lesson


async def _load_own(
    session: AsyncSession,
    principal: Principal,
    lesson_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> Lesson:
    lesson = await repository.load_for_update(session, lesson_id)
    if lesson is None:
        raise NotFound(f"Lesson {lesson_id} not found.")
    if not principal.can_write_all and lesson.author != principal.subject:
        raise Forbidden("Only the lesson's author, pmo or admin may change it.")
    check_version(lesson.version, expected_versions)
    return lesson


async def update_lesson(
    session: AsyncSession,
    principal: Principal,
    projects: ProjectsClient,
    lesson_id: uuid.UUID,
    data: LessonUpdate,
    expected_versions: list[int] | None,
) -> Lesson:
    lesson = await _load_own(session, principal, lesson_id, expected_versions)
    changes = data.model_dump(exclude_unset=True)
    moved_to = changes.get("source_project_id")
    if moved_to is not None and moved_to != lesson.source_project_id:
        await _ensure_project_readable(projects, moved_to)
    for field, value in changes.items():
        setattr(lesson, field, value)
    await session.flush()
    if changes.keys() & SEARCHED_FIELDS:
        await repository.add_terms(session, [lesson.id])
    return lesson


async def delete_lesson(
    session: AsyncSession,
    principal: Principal,
    lesson_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> None:
    lesson = await _load_own(session, principal, lesson_id, expected_versions)
    await session.delete(lesson)
    await session.flush()
