"""Lessons learned (governance service): the register, its ranked full-text search and the
lessons relevant to a project."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from shared.clients import InputModel, Operation, TypedClient, WireModel, page_params
from shared.pagination import Page


# Shared with the governance service's own schemas (one vocabulary on both sides).
class LessonCategory(StrEnum):
    schedule = "schedule"
    cost = "cost"
    scope = "scope"
    quality = "quality"
    risk = "risk"
    resources = "resources"
    stakeholders = "stakeholders"
    procurement = "procurement"
    technical = "technical"
    governance = "governance"
    communication = "communication"
    other = "other"


class LessonImpact(StrEnum):
    """How much the lesson mattered to the project it came from."""

    low = "low"
    medium = "medium"
    high = "high"


class LessonOutcome(StrEnum):
    """Whether the lesson comes from something that went well (repeat it) or badly
    (avoid it)."""

    positive = "positive"
    negative = "negative"


class LessonDTO(WireModel):
    id: uuid.UUID
    title: str
    context: str
    what_happened: str
    root_cause: str
    recommendation: str
    category: LessonCategory
    tags: list[str] = Field(default_factory=list)
    phase: str | None = None
    source_project_id: uuid.UUID | None = None
    impact: LessonImpact
    outcome: LessonOutcome
    author: str
    created_at: datetime
    updated_at: datetime
    version: int


class LessonHitDTO(LessonDTO):
    """A lesson in a list: with ``q``, its relevance and (if asked) where it matched."""

    rank: float | None = None
    headline: str | None = None


class LessonSuggestionDTO(WireModel):
    lesson: LessonDTO
    score: float
    shared_tags: list[str] = Field(default_factory=list)
    same_category: bool
    same_phase: bool
    text_rank: float


class LessonSuggestionsDTO(WireModel):
    items: list[LessonSuggestionDTO]


class LessonCreate(InputModel):
    title: str
    context: str = ""
    what_happened: str = ""
    root_cause: str = ""
    recommendation: str = ""
    category: LessonCategory
    tags: list[str] = Field(default_factory=list)
    phase: str | None = None
    source_project_id: uuid.UUID | None = None
    impact: LessonImpact = LessonImpact.medium
    outcome: LessonOutcome = LessonOutcome.negative


class LessonUpdate(InputModel):
    title: str | None = None
    context: str | None = None
    what_happened: str | None = None
    root_cause: str | None = None
    recommendation: str | None = None
    category: LessonCategory | None = None
    tags: list[str] | None = None
    phase: str | None = None
    source_project_id: uuid.UUID | None = None
    impact: LessonImpact | None = None
    outcome: LessonOutcome | None = None


@dataclass(frozen=True, slots=True)
class LessonSearch:
    """The filters of a lessons list; ``q``: ranked by relevance instead of newest first."""

    q: str | None = None
    categories: list[LessonCategory] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    phase: str | None = None
    source_project_id: uuid.UUID | None = None
    impacts: list[LessonImpact] = field(default_factory=list)
    outcomes: list[LessonOutcome] = field(default_factory=list)
    highlight: bool = False

    def params(self) -> dict[str, Any]:
        return {
            "q": self.q,
            "category": [c.value for c in self.categories] or None,
            "tag": self.tags or None,
            "phase": self.phase,
            "source_project_id": str(self.source_project_id) if self.source_project_id else None,
            "impact": [i.value for i in self.impacts] or None,
            "outcome": [o.value for o in self.outcomes] or None,
            "highlight": "true" if self.highlight else None,
        }


ONE = "/v1/lessons/{lesson_id}"
LIST_LESSONS = Operation("list_lessons", "GET", "/v1/lessons", Page[LessonHitDTO])
GET_LESSON = Operation("get_lesson", "GET", ONE, LessonDTO)
CREATE_LESSON = Operation("create_lesson", "POST", "/v1/lessons", LessonDTO, body=LessonCreate)
UPDATE_LESSON = Operation("update_lesson", "PATCH", ONE, LessonDTO, body=LessonUpdate)
DELETE_LESSON: Operation[Any] = Operation("delete_lesson", "DELETE", ONE, None)
LIST_SIMILAR_LESSONS = Operation(
    "list_similar_lessons", "GET", "/v1/lessons/similar", LessonSuggestionsDTO
)


class LessonEndpoints(TypedClient):
    async def list_lessons(
        self,
        search: LessonSearch | None = None,
        *,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[LessonHitDTO]:
        filters = (search or LessonSearch()).params()
        return await self.fetch(LIST_LESSONS, params=page_params(limit, cursor, **filters))

    async def lessons_by_ids(self, ids: list[uuid.UUID]) -> list[LessonDTO]:
        """Batch read (the lessons found, in no particular order)."""
        return [*await self.fetch_in_batches(LIST_LESSONS, "ids", ids)]

    async def get_lesson(self, lesson_id: uuid.UUID) -> LessonDTO:
        return await self.fetch(GET_LESSON, path={"lesson_id": lesson_id})

    async def similar_lessons(
        self, project_id: uuid.UUID, *, limit: int | None = None
    ) -> LessonSuggestionsDTO:
        params = page_params(limit, None, project_id=str(project_id))
        return await self.fetch(LIST_SIMILAR_LESSONS, params=params)

    async def create_lesson(
        self, data: LessonCreate, *, idempotency_key: str | None = None
    ) -> LessonDTO:
        return await self.send(CREATE_LESSON, data, idempotency_key=idempotency_key)

    async def update_lesson(
        self, lesson_id: uuid.UUID, data: LessonUpdate, *, expected_version: int | None = None
    ) -> LessonDTO:
        return await self.send(
            UPDATE_LESSON, data, path={"lesson_id": lesson_id}, expected_version=expected_version
        )

    async def delete_lesson(
        self, lesson_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        await self.send_no_content(
            DELETE_LESSON, path={"lesson_id": lesson_id}, expected_version=expected_version
        )


__all__ = [
    "LessonCategory",
    "LessonCreate",
    "LessonDTO",
    "LessonEndpoints",
    "LessonHitDTO",
    "LessonImpact",
    "LessonOutcome",
    "LessonSearch",
    "LessonSuggestionDTO",
    "LessonSuggestionsDTO",
    "LessonUpdate",
]
