from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from services.projects.schedule.schemas import (
    ProgressSettingsRead,
)
from services.projects.schemas_common import CurrencyCode, Money, StrictModel
from shared.clients.projects.projects import Priority, ProjectStatus
from shared.fields import LocalDateTime

Tag = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\w.:/-]+$")]


class _ProjectFields(StrictModel):
    @model_validator(mode="after")
    def _dates_in_order(self) -> _ProjectFields:
        start, target = getattr(self, "start_date", None), getattr(self, "target_date", None)
        if start and target and target < start:
            raise ValueError("target_date must not be before start_date")
        if getattr(self, "budget", None) is not None and not getattr(self, "currency", None):
            raise ValueError("a budget needs a currency")
        return self


PROGRAM_RULE = "A program of the project's portfolio (422 otherwise), or null"
CURRENCY_RULE = (
    "ISO 4217; in a portfolio, the portfolio's currency (422 currency-mismatch otherwise)"
)


class ProjectCreate(_ProjectFields):
    portfolio_id: uuid.UUID | None = None
    program_id: uuid.UUID | None = Field(default=None, description=PROGRAM_RULE)
    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    sponsor: str | None = Field(default=None, max_length=200)
    manager: str | None = Field(default=None, max_length=200)
    start_date: date | None = None
    target_date: date | None = None
    budget: Money | None = None
    currency: CurrencyCode | None = Field(default=None, description=CURRENCY_RULE)
    priority: Priority = Priority.medium
    tags: list[Tag] = Field(default_factory=list, max_length=50)


PHASE_BY_GATES = (
    "A project's phase moves only through gate reviews in the governance service (a review "
    "whose approvers all decide go moves it)"
)
APPROVAL_BY_GATES = (
    "approving a proposed project is a governance decision: its gate review approves it"
)


class ProjectUpdate(_ProjectFields):
    portfolio_id: uuid.UUID | None = None
    program_id: uuid.UUID | None = Field(default=None, description=PROGRAM_RULE)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    status: ProjectStatus | None = Field(
        default=None,
        description="Along the status lifecycle; proposed to approved is refused (403): "
        + APPROVAL_BY_GATES,
    )
    phase: str | None = Field(
        default=None, max_length=80, description=f"Refused (403): {PHASE_BY_GATES}."
    )
    sponsor: str | None = Field(default=None, max_length=200)
    manager: str | None = Field(default=None, max_length=200)
    start_date: date | None = None
    target_date: date | None = None
    budget: Money | None = None
    currency: CurrencyCode | None = Field(default=None, description=CURRENCY_RULE)
    priority: Priority | None = None
    tags: list[Tag] | None = Field(default=None, max_length=50)


class ProjectPhaseChange(StrictModel):
    """What a gate review decided: the project's next phase, and its status when the gate
    changes it too (the first gate approves a proposed project)."""

    phase: str = Field(min_length=1, max_length=80)
    status: ProjectStatus | None = Field(
        default=None, description="null: unchanged; else along the status lifecycle"
    )
    gate_review_id: uuid.UUID | None = Field(
        default=None, description="The governance service's gate review that decided it"
    )
    note: str | None = Field(default=None, max_length=2000)


class ProjectRead(ProgressSettingsRead):
    id: uuid.UUID
    portfolio_id: uuid.UUID | None
    program_id: uuid.UUID | None
    code: str
    name: str
    description: str | None
    status: ProjectStatus
    phase: str | None = Field(description="Set only through gate reviews (governance)")
    sponsor: str | None
    manager: str | None
    start_date: date | None
    target_date: date | None
    budget: Decimal | None
    currency: str | None
    priority: Priority
    tags: list[str]
    calendar_id: uuid.UUID | None
    status_date: date | None
    deadline: date | None
    critical_threshold_days: Decimal
    scheduled_start: LocalDateTime | None
    scheduled_finish: LocalDateTime | None
    created_at: datetime
    updated_at: datetime
    version: int
    archived_at: datetime | None = Field(
        default=None, description="Set while the project is archived (deleted, restorable)"
    )
    archived_by: str | None = None


class PortfolioProjects(BaseModel):
    portfolio_id: uuid.UUID
    items: list[ProjectRead]
    next_cursor: str | None


class ProjectsByPortfolio(BaseModel):
    items: list[PortfolioProjects]


class ProgramProjects(BaseModel):
    program_id: uuid.UUID
    items: list[ProjectRead]
    next_cursor: str | None


class ProjectsByProgram(BaseModel):
    items: list[ProgramProjects]
