from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from services.governance.templates.content import (
    Deliverables,
    Links,
    RaidDefaults,
    StandardKeys,
    Strict,
    Tags,
    Tasks,
    TemplateDeliverable,
    TemplateLink,
    TemplateTask,
)

Category = Annotated[str, Field(min_length=1, max_length=80)]
LifecycleKey = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9._-]*$")]
LIFECYCLE = (
    "The lifecycle that applies: `lifecycle_key` (its published revision when the template "
    "is published and instantiated) or `lifecycle_id` (that revision), not both."
)


class TemplateStatus(StrEnum):
    draft = "draft"
    published = "published"
    retired = "retired"


class _OneLifecycle(Strict):
    @model_validator(mode="after")
    def _one_lifecycle(self) -> _OneLifecycle:
        if getattr(self, "lifecycle_key", None) and getattr(self, "lifecycle_id", None):
            raise ValueError("give lifecycle_key or lifecycle_id, not both")
        return self


class TemplateCreate(_OneLifecycle):
    key: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=20_000)
    category: Category | None = None
    tags: Tags = Field(default_factory=list)
    lifecycle_key: LifecycleKey | None = Field(default=None, description=LIFECYCLE)
    lifecycle_id: uuid.UUID | None = Field(default=None, description=LIFECYCLE)
    tasks: Tasks = Field(default_factory=list)
    dependencies: Links = Field(default_factory=list)
    raid: RaidDefaults = Field(default_factory=RaidDefaults)
    deliverables: Deliverables = Field(default_factory=list)
    standard_keys: StandardKeys = Field(default_factory=list)


class TemplateUpdate(_OneLifecycle):
    """Every field optional; a list given replaces the whole list."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=20_000)
    category: Category | None = None
    tags: Tags | None = None
    lifecycle_key: LifecycleKey | None = Field(default=None, description=LIFECYCLE)
    lifecycle_id: uuid.UUID | None = Field(default=None, description=LIFECYCLE)
    tasks: Tasks | None = None
    dependencies: Links | None = None
    raid: RaidDefaults | None = None
    deliverables: Deliverables | None = None
    standard_keys: StandardKeys | None = None


class TemplateRead(BaseModel):
    id: uuid.UUID
    key: str
    revision: int
    status: TemplateStatus
    name: str
    description: str
    category: str | None
    tags: list[str]
    lifecycle_key: str | None
    lifecycle_id: uuid.UUID | None
    tasks: list[TemplateTask]
    dependencies: list[TemplateLink]
    raid: RaidDefaults
    deliverables: list[TemplateDeliverable]
    standard_keys: list[str]
    published_at: datetime | None
    retired_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class InstantiationCreate(Strict):
    name: str = Field(min_length=1, max_length=200)
    code: str | None = Field(
        default=None,
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description="The project's code; made from the template's key when absent.",
    )
    start_date: date = Field(
        ge=date(1900, 1, 1), le=date(2200, 12, 31), description="The project's start."
    )
    manager: str = Field(min_length=1, max_length=200)
    portfolio_id: uuid.UUID
    sponsor: str | None = Field(default=None, min_length=1, max_length=200)


class InstantiatedProject(BaseModel):
    id: uuid.UUID
    code: str
    name: str
    phase: str | None


class LessonSuggestion(BaseModel):
    """A lesson learned that matches the template (lessons domain), most relevant first."""

    id: uuid.UUID
    title: str
    recommendation: str | None
    category: str | None
    tags: list[str]
    score: float = Field(description="Relevance, higher is closer.")


class InstantiationRecordRead(BaseModel):
    """An instantiation as listed (without the lessons offered at the time)."""

    id: uuid.UUID
    template_id: uuid.UUID
    template_key: str
    template_revision: int
    project: InstantiatedProject
    lifecycle_id: uuid.UUID | None
    instantiated_by: str
    instantiated_at: datetime


class InstantiationRead(InstantiationRecordRead):
    """The answer to an instantiation: the record and the lessons that match the template."""

    lessons: list[LessonSuggestion] = Field(
        description="Lessons learned matching the template's tags, category and text."
    )
