"""Inputs of the planning mutations: calendars, schedule settings, baselines."""

from __future__ import annotations

from datetime import date

import strawberry

from services.gateway.projects.types import ProgressMode

EXPECTED_VERSION = "The version you read; a newer one makes this a userError (code STALE)."
IDEMPOTENCY_KEY = "Retrying with the same key answers the first result."
HOURS = 'Hours per working day, a decimal string, e.g. "7.5".'


@strawberry.input(description="A day that differs from the calendar's week.")
class CalendarExceptionInput:
    day: date
    working: bool = strawberry.field(default=False, description="False: a day off.")
    name: str | None = strawberry.UNSET


@strawberry.input(description="A project's own working calendar.")
class CreateCalendarInput:
    project_id: strawberry.ID
    name: str
    working_weekdays: list[int] | None = strawberry.field(
        default=strawberry.UNSET, description="0 = Monday; Monday to Friday if not given."
    )
    hours_per_day: str | None = strawberry.field(default=strawberry.UNSET, description=HOURS)
    exceptions: list[CalendarExceptionInput] | None = strawberry.UNSET
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Change a calendar; the projects using it are rescheduled.")
class UpdateCalendarInput:
    id: strawberry.ID
    project_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="A project using the calendar: its tasks the change moves come back in "
        "changedTasks (none without it).",
    )
    name: str | None = strawberry.UNSET
    working_weekdays: list[int] | None = strawberry.UNSET
    hours_per_day: str | None = strawberry.field(default=strawberry.UNSET, description=HOURS)
    exceptions: list[CalendarExceptionInput] | None = strawberry.field(
        default=strawberry.UNSET, description="The whole list (replaces the current one)."
    )
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="How a project is scheduled; the plan is rescheduled.")
class UpdateScheduleSettingsInput:
    project_id: strawberry.ID
    calendar_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Null: the default calendar."
    )
    status_date: date | None = strawberry.UNSET
    deadline: date | None = strawberry.UNSET
    critical_threshold_days: str | None = strawberry.field(
        default=strawberry.UNSET, description="Tasks with at most this float are critical."
    )
    progress_mode: ProgressMode | None = strawberry.UNSET
    move_completed_ends_back: bool | None = strawberry.UNSET
    move_remaining_starts_back: bool | None = strawberry.UNSET
    move_remaining_starts_forward: bool | None = strawberry.UNSET
    move_completed_ends_forward: bool | None = strawberry.UNSET
    split_in_progress_tasks: bool | None = strawberry.UNSET
    expected_version: int | None = strawberry.field(
        default=None, description="The project's version you read. " + EXPECTED_VERSION
    )


@strawberry.input(description="Capture the plan as baseline 0-10.")
class SetBaselineInput:
    project_id: strawberry.ID
    number: int = 0
    name: str | None = strawberry.UNSET
    replace: bool = strawberry.field(
        default=False, description="Replace the baseline if that number is taken."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Clear baseline 0-10 of a project.")
class ClearBaselineInput:
    project_id: strawberry.ID
    number: int
    expected_version: int | None = strawberry.field(
        default=None, description="The baseline's version you read. " + EXPECTED_VERSION
    )
