"""Working calendars and a project's schedule settings (projects service)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import Field

from shared.clients import InputModel, Operation, TypedClient, WireModel
from shared.clients.projects.projects import ProgressMode
from shared.fields import LocalDateTime


class CalendarExceptionDTO(WireModel):
    day: date
    working: bool
    name: str | None = None


class CalendarDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID | None = None
    name: str
    working_weekdays: list[int]
    hours_per_day: Decimal
    exceptions: list[CalendarExceptionDTO] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime
    version: int


class CalendarExceptionIn(InputModel):
    day: date
    working: bool = False
    name: str | None = None


class CalendarCreate(InputModel):
    name: str
    working_weekdays: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4])
    hours_per_day: Decimal = Decimal(8)
    exceptions: list[CalendarExceptionIn] = Field(default_factory=list)


class CalendarUpdate(InputModel):
    name: str | None = None
    working_weekdays: list[int] | None = None
    hours_per_day: Decimal | None = None
    exceptions: list[CalendarExceptionIn] | None = None


class ScheduleSettingsUpdate(InputModel):
    calendar_id: uuid.UUID | None = None
    status_date: date | None = None
    deadline: date | None = None
    critical_threshold_days: Decimal | None = None
    progress_mode: ProgressMode | None = None
    move_completed_ends_back: bool | None = None
    move_remaining_starts_back: bool | None = None
    move_remaining_starts_forward: bool | None = None
    move_completed_ends_forward: bool | None = None
    split_in_progress_tasks: bool | None = None


class ScheduleSettingsDTO(WireModel):
    project_id: uuid.UUID
    calendar_id: uuid.UUID | None = None
    status_date: date | None = None
    deadline: date | None = None
    critical_threshold_days: Decimal
    progress_mode: ProgressMode
    move_completed_ends_back: bool
    move_remaining_starts_back: bool
    move_remaining_starts_forward: bool
    move_completed_ends_forward: bool
    split_in_progress_tasks: bool
    scheduled_start: LocalDateTime | None = None
    scheduled_finish: LocalDateTime | None = None
    version: int


CREATE_CALENDAR = Operation(
    "create_calendar",
    "POST",
    "/v1/projects/{project_id}/calendars",
    CalendarDTO,
    body=CalendarCreate,
)
UPDATE_CALENDAR = Operation(
    "update_calendar", "PATCH", "/v1/calendars/{calendar_id}", CalendarDTO, body=CalendarUpdate
)
UPDATE_SCHEDULE_SETTINGS = Operation(
    "update_schedule_settings",
    "PATCH",
    "/v1/projects/{project_id}/schedule-settings",
    ScheduleSettingsDTO,
    body=ScheduleSettingsUpdate,
)


class CalendarEndpoints(TypedClient):
    async def create_calendar(
        self, project_id: uuid.UUID, data: CalendarCreate, *, idempotency_key: str | None = None
    ) -> CalendarDTO:
        return await self.send(
            CREATE_CALENDAR,
            data,
            path={"project_id": project_id},
            idempotency_key=idempotency_key,
        )

    async def update_calendar(
        self, calendar_id: uuid.UUID, data: CalendarUpdate, *, expected_version: int | None = None
    ) -> CalendarDTO:
        return await self.send(
            UPDATE_CALENDAR,
            data,
            path={"calendar_id": calendar_id},
            expected_version=expected_version,
        )

    async def update_schedule_settings(
        self,
        project_id: uuid.UUID,
        data: ScheduleSettingsUpdate,
        *,
        expected_version: int | None = None,
    ) -> ScheduleSettingsDTO:
        """The project is rescheduled with the new settings."""
        return await self.send(
            UPDATE_SCHEDULE_SETTINGS,
            data,
            path={"project_id": project_id},
            expected_version=expected_version,
        )
