"""Inputs of the lesson mutations. Update fields default to UNSET, so "not sent" (leave
alone) differs from null (clear), as in the REST PATCH."""

from __future__ import annotations

import strawberry

from services.gateway.lessons.types import LessonCategory, LessonImpact, LessonOutcome


@strawberry.input
class RecordLessonInput:
    title: str
    category: LessonCategory
    context: str | None = strawberry.UNSET
    what_happened: str | None = strawberry.UNSET
    root_cause: str | None = strawberry.UNSET
    recommendation: str | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    phase: str | None = strawberry.UNSET
    source_project_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A project you can read."
    )
    impact: LessonImpact | None = strawberry.UNSET
    outcome: LessonOutcome | None = strawberry.UNSET
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key never records two lessons."
    )


@strawberry.input
class UpdateLessonInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(
        default=None, description="The version you read; a newer one makes this a userError."
    )
    title: str | None = strawberry.UNSET
    category: LessonCategory | None = strawberry.UNSET
    context: str | None = strawberry.UNSET
    what_happened: str | None = strawberry.UNSET
    root_cause: str | None = strawberry.UNSET
    recommendation: str | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    phase: str | None = strawberry.UNSET
    source_project_id: strawberry.ID | None = strawberry.UNSET
    impact: LessonImpact | None = strawberry.UNSET
    outcome: LessonOutcome | None = strawberry.UNSET


@strawberry.input
class DeleteLessonInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(
        default=None, description="The version you read; a newer one makes this a userError."
    )


@strawberry.input(description="Filters of a lessons search; every one given must hold.")
class LessonFilter:
    categories: list[LessonCategory] | None = None
    tags: list[str] | None = strawberry.field(
        default=None, description="Lessons holding every tag given."
    )
    phase: str | None = None
    source_project_id: strawberry.ID | None = None
    impacts: list[LessonImpact] | None = None
    outcomes: list[LessonOutcome] | None = None
