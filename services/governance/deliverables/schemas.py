import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Key = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9._-]*$")]
Url = Annotated[str, Field(max_length=2000, pattern=r"^https?://\S+$")]


class DeliverableStatus(StrEnum):
    """``submitted`` and ``accepted`` deliverables count as present for rules."""

    planned = "planned"
    submitted = "submitted"
    accepted = "accepted"


PRESENT = frozenset({DeliverableStatus.submitted, DeliverableStatus.accepted})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DeliverableCreate(_Strict):
    key: Key
    name: str = Field(min_length=1, max_length=300)
    status: DeliverableStatus = DeliverableStatus.planned
    url: Url | None = None
    evidence: str | None = Field(default=None, max_length=20_000)


class DeliverableUpdate(_Strict):
    """The key stays: rules and templates name deliverables by it."""

    name: str | None = Field(default=None, min_length=1, max_length=300)
    status: DeliverableStatus | None = None
    url: Url | None = None
    evidence: str | None = Field(default=None, max_length=20_000)


class DeliverableRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    key: str
    name: str
    status: DeliverableStatus
    url: str | None
    evidence: str | None
    submitted_by: str | None
    submitted_at: datetime | None
    accepted_by: str | None
    accepted_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int
