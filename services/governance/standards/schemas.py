import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class StandardStatus(StrEnum):
    draft = "draft"
    published = "published"
    retired = "retired"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class StandardCreate(_Strict):
    key: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str = Field(min_length=1, max_length=300)
    body: str = Field(default="", max_length=200_000)


class StandardUpdate(_Strict):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    body: str | None = Field(default=None, max_length=200_000)


class StandardRead(BaseModel):
    id: uuid.UUID
    key: str
    revision: int
    title: str
    body: str
    status: StandardStatus
    published_at: datetime | None
    retired_at: datetime | None
    rule_count: int = Field(description="How many rules the revision holds (see its /rules).")
    created_at: datetime
    updated_at: datetime
    version: int
