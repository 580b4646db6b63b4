from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, Field

from services.reporting.schemas_common import StrictModel
from shared.clients.governance.lessons import LessonCategory, LessonImpact, LessonOutcome
from shared.clients.reporting.corrective_actions import ActionStatus, TriggerKind

CLOSED = frozenset({ActionStatus.done, ActionStatus.cancelled})

Title = Field(min_length=1, max_length=200)
Owner = Field(default=None, min_length=1, max_length=255)
Description = Field(default=None, min_length=1, max_length=4000)


class CorrectiveActionCreate(StrictModel):
    project_id: uuid.UUID
    title: str = Title
    description: str | None = Description
    option_id: uuid.UUID | None = Field(
        default=None, description="The projects service's corrective option chosen, if any."
    )
    owner: str | None = Owner
    due_date: date | None = None
    status: ActionStatus = Field(
        default=ActionStatus.open, description="`proposed` or `open` (the default)."
    )
    change_request_id: uuid.UUID | None = None


class CorrectiveActionUpdate(StrictModel):
    """Fields left out keep their value; `null` clears the optional ones."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Description
    option_id: uuid.UUID | None = None
    owner: str | None = Owner
    due_date: date | None = None
    status: ActionStatus | None = None
    change_request_id: uuid.UUID | None = None


class Trigger(BaseModel):
    kind: TriggerKind
    day: date | None = Field(description="The day of the snapshot that raised it.")
    rag: str | None = None
    previous_rag: str | None = None
    reasons: list[dict[str, Any]] = Field(
        default_factory=list, description="The health reasons (or the P80 finish) behind it."
    )
    p80_finish: date | None = None
    deadline: date | None = None
    options_job_id: uuid.UUID | None = Field(
        default=None,
        description="A proposal's corrective options, being computed by the projects service "
        "(GET /v1/jobs/{id} there); null when it could not be asked.",
    )


class Figures(BaseModel):
    day: date | None
    spi: Decimal | None
    spi_t: Decimal | None
    p80_finish: date | None
    critical_float_days: Decimal | None


class Deltas(BaseModel):
    spi: Decimal | None
    spi_t: Decimal | None
    p80_finish_days: int | None = Field(description="Negative: the P80 finish moved earlier.")
    critical_float_days: Decimal | None


class Effect(BaseModel):
    before: Figures
    after: Figures | None = Field(description="The latest snapshot taken after the action.")
    deltas: Deltas | None
    worked: bool | None = Field(
        description="True when SPI(t) rose (SPI when SPI(t) is unknown) or the P80 finish "
        "moved earlier, and the critical float did not shrink; false otherwise; null until "
        "a snapshot after the action exists or when nothing comparable was measured."
    )


class CorrectiveActionRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    portfolio_id: uuid.UUID | None
    trigger: Trigger
    option_id: uuid.UUID | None
    title: str
    description: str | None
    owner: str | None
    due_date: date | None
    status: ActionStatus
    change_request_id: uuid.UUID | None
    lesson_id: uuid.UUID | None
    effect: Effect
    created_by: str
    created_at: datetime
    updated_at: datetime
    version: int


# The governance service's tag shape.
LessonTag = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\w.:/-]+$")]


class LessonFromAction(StrictModel):
    """The lesson's text; title, context and what happened default to the action's."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    root_cause: str = Field(default="", max_length=4000)
    recommendation: str = Field(default="", max_length=4000)
    category: LessonCategory = LessonCategory.schedule
    impact: LessonImpact = LessonImpact.medium
    tags: list[LessonTag] = Field(default_factory=list, max_length=20)


class LessonCreated(BaseModel):
    action: CorrectiveActionRead
    lesson_id: uuid.UUID
    outcome: LessonOutcome
