from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import BaseModel, Field


class LevellingMethod(StrEnum):
    auto = "auto"  # CP-SAT up to 5,000 tasks, else the heuristic
    solver = "solver"
    heuristic = "heuristic"


class LevellingRequest(BaseModel):
    method: LevellingMethod = LevellingMethod.auto
    time_limit_seconds: float = Field(
        default=5.0, ge=1, le=300, description="The solver's limit (1..300 s)"
    )


class LevellingApply(BaseModel):
    """Apply a succeeded levelling job's preview."""

    set_baseline: bool = False
    baseline_number: int = Field(default=0, ge=0, le=10)
    baseline_name: str | None = Field(default=None, max_length=200)
    replace_baseline: bool = False


class AppliedProject(BaseModel):
    project_id: uuid.UUID
    scheduled_finish: str | None
    baseline_number: int | None = None


class LevellingApplied(BaseModel):
    """What applying wrote: the delays of every task, the schedule recomputed, and
    optionally a baseline. The same answer for a duplicate push."""

    job_id: uuid.UUID
    tasks_changed: int
    projects: list[AppliedProject]
