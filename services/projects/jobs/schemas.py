from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class JobState(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


FINISHED = frozenset({JobState.succeeded, JobState.failed, JobState.cancelled})


class JobRead(BaseModel):
    """A job's state. ``result`` is set once it succeeded (its shape depends on ``kind``);
    ``error`` is a problem+json object once it failed."""

    id: uuid.UUID
    version: int
    kind: str
    state: JobState
    progress: float = Field(description="0..1")
    message: str | None
    params: dict[str, Any]
    result: dict[str, Any] | None
    error: dict[str, Any] | None
    project_id: uuid.UUID | None
    portfolio_id: uuid.UUID | None
    created_by: str | None
    attempts: int
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
