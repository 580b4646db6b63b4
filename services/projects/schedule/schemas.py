from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from services.projects.scheduling import LinkType
from services.projects.schemas_common import StrictModel
from shared.fields import LocalDateTime

Weekday = Annotated[int, Field(ge=0, le=6)]


class DependencyCreate(StrictModel):
    predecessor_id: uuid.UUID
    successor_id: uuid.UUID
    type: LinkType = LinkType.FS
    lag_days: Decimal = Field(
        default=Decimal(0),
        max_digits=10,
        decimal_places=2,
        description="Working days; negative is a lead.",
    )


class DependencyUpdate(StrictModel):
    type: LinkType | None = None
    lag_days: Decimal | None = Field(default=None, max_digits=10, decimal_places=2)


class DependencyRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    predecessor_id: uuid.UUID
    successor_id: uuid.UUID
    type: LinkType
    lag_days: Decimal
    external_source: str | None
    external_id: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class CalendarExceptionIn(StrictModel):
    day: date
    working: bool = False
    name: str | None = Field(default=None, max_length=200)


class CalendarCreate(StrictModel):
    name: str = Field(min_length=1, max_length=200)
    working_weekdays: list[Weekday] = Field(
        default_factory=lambda: [0, 1, 2, 3, 4],
        min_length=1,
        max_length=7,
        description="0 = Monday",
    )
    hours_per_day: Decimal = Field(default=Decimal(8), gt=0, lt=24, decimal_places=2)
    exceptions: list[CalendarExceptionIn] = Field(default_factory=list, max_length=5000)


class CalendarUpdate(StrictModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    working_weekdays: list[Weekday] | None = Field(default=None, min_length=1, max_length=7)
    hours_per_day: Decimal | None = Field(default=None, gt=0, lt=24, decimal_places=2)
    # Given: replaces the calendar's whole exception list.
    exceptions: list[CalendarExceptionIn] | None = Field(default=None, max_length=5000)


class CalendarExceptionRead(BaseModel):
    day: date
    working: bool
    name: str | None


class CalendarRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID | None
    name: str
    working_weekdays: list[int]
    hours_per_day: Decimal
    exceptions: list[CalendarExceptionRead]
    created_at: datetime
    updated_at: datetime
    version: int


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
