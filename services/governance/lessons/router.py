from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from services.governance.lessons import service, suggestions
from services.governance.lessons.schemas import (
    MAX_QUERY_LENGTH,
    LessonCreate,
    LessonFilters,
    LessonHit,
    LessonRead,
    LessonSuggestions,
    LessonUpdate,
    normalized_tags,
)
from services.governance.models import Lesson
from shared.auth import CurrentPrincipal
from shared.clients.governance.lessons import LessonCategory, LessonImpact, LessonOutcome
from shared.clients.projects import ProjectsClient
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import Page, parse_ids
from shared.repository import json_response, versioned_response

router = APIRouter(prefix="/v1/lessons", tags=["lessons"])


async def projects_client(request: Request) -> ProjectsClient:
    client: ProjectsClient = request.app.state.projects_client
    return client


Projects = Annotated[ProjectsClient, Depends(projects_client)]

SEARCH_DESCRIPTION = (
    'Words to search for (web-search syntax: "quoted phrase", or, -word), most relevant '
    "first: title matches above recommendation and root cause, above the rest; misspelt words "
    "also find the known words nearest to them. Without q: newest first."
)


def _read(lesson: Lesson, response: Response) -> LessonRead:
    set_etag(response, lesson.version)
    return LessonRead.model_validate(lesson, from_attributes=True)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_lesson")
async def create_lesson(
    body: LessonCreate,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    response: Response,
) -> LessonRead:
    lesson = await service.create_lesson(session, principal, projects, body)
    response.headers["Location"] = f"/v1/lessons/{lesson.id}"
    return _read(lesson, response)


async def lesson_filters(
    category: Annotated[list[LessonCategory] | None, Query()] = None,
    tag: Annotated[
        list[str] | None,
        Query(max_length=64, description="Lessons holding every tag given (case ignored)"),
    ] = None,
    phase: Annotated[str | None, Query(max_length=80)] = None,
    source_project_id: uuid.UUID | None = None,
    impact: Annotated[list[LessonImpact] | None, Query()] = None,
    outcome: Annotated[list[LessonOutcome] | None, Query()] = None,
    ids: Annotated[str | None, Query(description="Comma-separated ids (batch read)")] = None,
) -> LessonFilters:
    return LessonFilters(
        categories=[c.value for c in category] if category else None,
        tags=normalized_tags(tag) if tag else None,
        phase=phase,
        source_project_id=source_project_id,
        impacts=[i.value for i in impact] if impact else None,
        outcomes=[o.value for o in outcome] if outcome else None,
        ids=parse_ids(ids),
    )


@router.get("", operation_id="list_lessons", response_model=Page[LessonHit])
async def list_lessons(
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    filters: Annotated[LessonFilters, Depends(lesson_filters)],
    q: Annotated[
        str | None, Query(max_length=MAX_QUERY_LENGTH, description=SEARCH_DESCRIPTION)
    ] = None,
    highlight: Annotated[
        bool, Query(description="With q: each hit's headline shows where it matched")
    ] = False,
) -> Response:
    text = q.strip() if q else None
    items, cursor = await service.list_lessons(reader, page, filters, q=text, highlight=highlight)
    return json_response({"items": items, "next_cursor": cursor})


@router.get("/similar", operation_id="list_similar_lessons", response_model=LessonSuggestions)
async def list_similar_lessons(
    principal: CurrentPrincipal,
    reader: Read,
    projects: Projects,
    project_id: Annotated[uuid.UUID, Query(description="A project you can read")],
    limit: Annotated[int, Query(ge=1, le=suggestions.MAX_LIMIT)] = suggestions.DEFAULT_LIMIT,
) -> LessonSuggestions:
    found = await suggestions.similar_to_project(reader, projects, project_id, limit)
    return LessonSuggestions(items=found)


@router.get("/{lesson_id}", operation_id="get_lesson", response_model=LessonRead)
async def get_lesson(lesson_id: uuid.UUID, principal: CurrentPrincipal, reader: Read) -> Response:
    return versioned_response(await service.get_lesson(reader, lesson_id))


@router.patch("/{lesson_id}", operation_id="update_lesson")
async def update_lesson(
    lesson_id: uuid.UUID,
    body: LessonUpdate,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    response: Response,
    if_match: IfMatch,
) -> LessonRead:
    lesson = await service.update_lesson(session, principal, projects, lesson_id, body, if_match)
    return _read(lesson, response)


@router.delete("/{lesson_id}", status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_lesson")
async def delete_lesson(
    lesson_id: uuid.UUID, principal: CurrentPrincipal, session: Session, if_match: IfMatch
) -> Response:
    await service.delete_lesson(session, principal, lesson_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
