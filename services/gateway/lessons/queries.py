from __future__ import annotations

import strawberry

from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.fields import node_by_id
from services.gateway.ids import parse_id
from services.gateway.lessons.inputs import LessonFilter
from services.gateway.lessons.types import Lesson, LessonSuggestion
from shared.clients.governance import LessonCategory, LessonImpact, LessonOutcome, LessonSearch


def _search(q: str | None, filter: LessonFilter | None, highlight: bool) -> LessonSearch:
    if filter is None:
        return LessonSearch(q=q, highlight=highlight)
    project = filter.source_project_id
    return LessonSearch(
        q=q,
        categories=[LessonCategory(c.value) for c in filter.categories or ()],
        tags=list(filter.tags or ()),
        phase=filter.phase,
        source_project_id=parse_id(project, "sourceProjectId") if project else None,
        impacts=[LessonImpact(i.value) for i in filter.impacts or ()],
        outcomes=[LessonOutcome(o.value) for o in filter.outcomes or ()],
        highlight=highlight,
    )


@strawberry.type
class LessonQueries:
    lesson = node_by_id(Lesson, lambda loaders: loaders.lessons.lesson)

    @strawberry.field(
        description=(
            "Lessons learned. With q: a full-text search, most relevant first (title matches "
            "above recommendation and root cause, above the rest; misspelt words tolerated; "
            'web-search syntax: "phrase", or, -word). Without q: newest first.'
        )
    )
    async def lessons(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        q: str | None = None,
        filter: LessonFilter | None = None,
        highlight: bool = False,
    ) -> Connection[Lesson] | None:
        request = page_request(first, after)
        page = await info.context.clients.governance.list_lessons(
            _search(q, filter, highlight), limit=request.limit, cursor=request.cursor
        )
        return connection(page.items, page.next_cursor, request, Lesson.from_dto)

    @strawberry.field(
        description=(
            "Lessons relevant to a project: sharing its tags or words of its name and "
            "description, from other projects, best first."
        )
    )
    async def similar_lessons(
        self, info: Info, project_id: strawberry.ID, limit: int | None = None
    ) -> list[LessonSuggestion]:
        project = parse_id(project_id, "projectId")
        answer = await info.context.clients.governance.similar_lessons(project, limit=limit)
        return [LessonSuggestion.from_dto(item) for item in answer.items]
