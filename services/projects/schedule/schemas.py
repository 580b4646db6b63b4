from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from services.projects.schemas_common import StrictModel
from shared.fields import LocalDateTime


class CriticalTask(BaseModel):
    id: uuid.UUID
    name: str
    wbs_code: str | None
    early_start: LocalDateTime | None
    early_finish: LocalDateTime | None
    total_float_days: Decimal | None


class CriticalPath(BaseModel):
    project_id: uuid.UUID
    project_finish: LocalDateTime | None
    tasks: list[CriticalTask]


class TaskScheduleRead(BaseModel):
    id: uuid.UUID
    name: str
    wbs_code: str | None
    is_summary: bool
    is_milestone: bool
    start_date: date | None
    finish_date: date | None
    early_start: LocalDateTime | None
    early_finish: LocalDateTime | None
    late_start: LocalDateTime | None
    late_finish: LocalDateTime | None
    total_float_days: Decimal | None
    free_float_days: Decimal | None
    critical: bool


class ScheduleSettings(StrictModel):
    calendar_id: uuid.UUID | None = Field(
        default=None, description="null: the default Mon-Fri, 8-hour calendar"
    )
    status_date: date | None = None
    deadline: date | None = None
    critical_threshold_days: Decimal | None = Field(
        default=None, ge=0, max_digits=8, decimal_places=2
    )


class ScheduleSettingsRead(BaseModel):
    project_id: uuid.UUID
    calendar_id: uuid.UUID | None
    status_date: date | None
    deadline: date | None
    critical_threshold_days: Decimal
    scheduled_start: LocalDateTime | None
    scheduled_finish: LocalDateTime | None
    version: int
