from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.clients.governance.lessons import LessonCategory, LessonImpact, LessonOutcome

# The same shape as a project's tags, so a project's tags can be matched against them; kept
# in lower case (matching ignores case).
Tag = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\w.:/-]+$")]
Tags = Annotated[list[Tag], Field(max_length=50)]
Phase = Annotated[str, Field(min_length=1, max_length=80)]
Story = Annotated[str, Field(max_length=20_000)]
MAX_QUERY_LENGTH = 200

# Fields a PATCH may leave out but never set to null (the row always has a value).
_NOT_NULL = (
    "title",
    "context",
    "what_happened",
    "root_cause",
    "recommendation",
    "category",
    "tags",
    "impact",
    "outcome",
)


def normalized_tags(tags: list[str]) -> list[str]:
    """Lower case, each once, in the order given."""
    return list(dict.fromkeys(tag.lower() for tag in tags))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LessonCreate(_Strict):
    title: str = Field(min_length=1, max_length=300)
    context: Story = ""
    what_happened: Story = ""
    root_cause: Story = ""
    recommendation: Story = ""
    category: LessonCategory
    tags: Tags = Field(default_factory=list)
    phase: Phase | None = Field(default=None, description="The project phase it happened in.")
    source_project_id: uuid.UUID | None = Field(
        default=None, description="The project it was learned on; you must be able to read it."
    )
    impact: LessonImpact = LessonImpact.medium
    outcome: LessonOutcome = LessonOutcome.negative

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        return normalized_tags(tags)


class LessonUpdate(_Strict):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    context: Story | None = None
    what_happened: Story | None = None
    root_cause: Story | None = None
    recommendation: Story | None = None
    category: LessonCategory | None = None
    tags: Tags | None = None
    phase: Phase | None = None
    source_project_id: uuid.UUID | None = None
    impact: LessonImpact | None = None
    outcome: LessonOutcome | None = None

    @field_validator(*_NOT_NULL)
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may not be null")
        return value

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        return normalized_tags(tags)


@dataclass(frozen=True, slots=True)
class LessonFilters:
    """The list filters; None: not filtered on."""

    categories: list[str] | None = None
    tags: list[str] | None = None
    phase: str | None = None
    source_project_id: uuid.UUID | None = None
    impacts: list[str] | None = None
    outcomes: list[str] | None = None
    ids: list[uuid.UUID] | None = None

    def params(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


class LessonRead(BaseModel):
    id: uuid.UUID
    title: str
    context: str
    what_happened: str
    root_cause: str
    recommendation: str
    category: LessonCategory
    tags: list[str]
    phase: str | None
    source_project_id: uuid.UUID | None
    impact: LessonImpact
    outcome: LessonOutcome
    author: str
    created_at: datetime
    updated_at: datetime
    version: int


class LessonHit(LessonRead):
    """A lesson in a list; with ``q``, its relevance and, if asked, where it matched."""

    rank: float | None = Field(
        description="Relevance to q (higher first); null without q.", default=None
    )
    headline: str | None = Field(
        default=None,
        description="With q and highlight=true: excerpts with the matches between <b> and </b>.",
    )


class LessonSuggestion(BaseModel):
    """A lesson relevant to a project (or a template, or a gate), and why."""

    lesson: LessonRead
    score: float = Field(description="Relevance, 0 to 1 (higher first).")
    shared_tags: list[str] = Field(description="The tags the lesson shares with the request.")
    same_category: bool
    same_phase: bool
    text_rank: float = Field(description="Similarity of the text, 0 to 1.")


class LessonSuggestions(BaseModel):
    items: list[LessonSuggestion]
