from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from services.projects.schemas_common import StrictModel

Weekday = Annotated[int, Field(ge=0, le=6)]


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
