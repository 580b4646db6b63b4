from __future__ import annotations

from datetime import date

import strawberry

from services.gateway.corrective_actions.types import CorrectiveActionStatus
from services.gateway.lessons.types import LessonCategory, LessonImpact

EXPECTED_VERSION = "The version you read; a newer one makes this a userError."


@strawberry.input(description="A corrective action: a corrective option or free text.")
class CreateCorrectiveActionInput:
    project_id: strawberry.ID
    title: str
    description: str | None = strawberry.UNSET
    option_id: strawberry.ID | None = strawberry.UNSET
    owner: str | None = strawberry.UNSET
    due_date: date | None = strawberry.UNSET
    status: CorrectiveActionStatus | None = strawberry.field(
        default=strawberry.UNSET, description="PROPOSED or OPEN (the default)."
    )
    change_request_id: strawberry.ID | None = strawberry.UNSET
    idempotency_key: str | None = None


@strawberry.input(description="Fields left out keep their value; null clears an optional one.")
class UpdateCorrectiveActionInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    option_id: strawberry.ID | None = strawberry.UNSET
    owner: str | None = strawberry.UNSET
    due_date: date | None = strawberry.UNSET
    status: CorrectiveActionStatus | None = strawberry.UNSET
    change_request_id: strawberry.ID | None = strawberry.UNSET


@strawberry.input(description="A lesson learned from a closed action (DONE or CANCELLED).")
class CreateLessonFromActionInput:
    action_id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    title: str | None = strawberry.UNSET
    root_cause: str | None = strawberry.UNSET
    recommendation: str | None = strawberry.UNSET
    category: LessonCategory | None = strawberry.UNSET
    impact: LessonImpact | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    idempotency_key: str | None = None
