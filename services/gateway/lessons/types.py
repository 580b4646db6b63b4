"""Lessons learned (governance): the register, its search hits and the suggestions."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from services.gateway.context import Info
from services.gateway.relay.node import Node
from services.gateway.values import gid
from shared.clients.governance import LessonDTO, LessonHitDTO, LessonSuggestionDTO

if TYPE_CHECKING:
    from services.gateway.projects.types import Project

PROJECT_TYPES = "services.gateway.projects.types"


@strawberry.enum(description="What a lesson is about.")
class LessonCategory(Enum):
    SCHEDULE = "schedule"
    COST = "cost"
    SCOPE = "scope"
    QUALITY = "quality"
    RISK = "risk"
    RESOURCES = "resources"
    STAKEHOLDERS = "stakeholders"
    PROCUREMENT = "procurement"
    TECHNICAL = "technical"
    GOVERNANCE = "governance"
    COMMUNICATION = "communication"
    OTHER = "other"


@strawberry.enum(description="How much the lesson mattered to the project it came from.")
class LessonImpact(Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@strawberry.enum(description="POSITIVE: something to repeat; NEGATIVE: something to avoid.")
class LessonOutcome(Enum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


@strawberry.type(description="A lesson learned on a project, for the projects that follow.")
class Lesson(Node):
    id: strawberry.ID
    title: str
    context: str
    what_happened: str
    root_cause: str
    recommendation: str
    category: LessonCategory
    tags: list[str]
    phase: str | None
    impact: LessonImpact
    outcome: LessonOutcome
    author: str = strawberry.field(description="Who recorded it (the token's subject).")
    source_project_id: strawberry.ID | None
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as expectedVersion when updating.")
    rank: float | None = strawberry.field(
        default=None, description="In a search (lessons with q): relevance, higher first."
    )
    headline: str | None = strawberry.field(
        default=None,
        description="In a search with highlight: excerpts, the matches between <b> and </b>.",
    )
    source_project_uuid: strawberry.Private[uuid.UUID | None] = None

    @classmethod
    def from_dto(cls, dto: LessonDTO) -> Lesson:
        hit = dto if isinstance(dto, LessonHitDTO) else None
        return cls(
            id=gid(dto.id),
            title=dto.title,
            context=dto.context,
            what_happened=dto.what_happened,
            root_cause=dto.root_cause,
            recommendation=dto.recommendation,
            category=LessonCategory(dto.category),
            tags=dto.tags,
            phase=dto.phase,
            impact=LessonImpact(dto.impact),
            outcome=LessonOutcome(dto.outcome),
            author=dto.author,
            source_project_id=gid(dto.source_project_id) if dto.source_project_id else None,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            rank=hit.rank if hit else None,
            headline=hit.headline if hit else None,
            source_project_uuid=dto.source_project_id,
        )

    @strawberry.field(description="The project it was learned on, if you can read it.")
    async def source_project(
        self, info: Info
    ) -> Annotated[Project, strawberry.lazy(PROJECT_TYPES)] | None:
        if self.source_project_uuid is None:
            return None
        from services.gateway.projects.types import Project

        loader = info.context.loaders.projects.project
        return Project.from_dto(await loader.load(self.source_project_uuid))


@strawberry.type(description="A lesson relevant to a project, and why.")
class LessonSuggestion:
    lesson: Lesson
    score: float = strawberry.field(description="Relevance, 0 to 1.")
    shared_tags: list[str]
    same_category: bool
    same_phase: bool
    text_rank: float = strawberry.field(description="Similarity of the text, 0 to 1.")

    @classmethod
    def from_dto(cls, dto: LessonSuggestionDTO) -> LessonSuggestion:
        return cls(
            lesson=Lesson.from_dto(dto.lesson),
            score=dto.score,
            shared_tags=dto.shared_tags,
            same_category=dto.same_category,
            same_phase=dto.same_phase,
            text_rank=dto.text_rank,
        )
