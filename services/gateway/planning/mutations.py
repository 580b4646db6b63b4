"""Planning mutations: working calendars, a project's schedule settings, baselines. Those
that reschedule answer ``changedTasks`` (see :mod:`services.gateway.tasks.changes`)."""

from __future__ import annotations

import uuid
from contextlib import suppress

import strawberry

from services.gateway.context import GatewayContext, Info
from services.gateway.ids import parse_id
from services.gateway.payloads import (
    CALL_FIELDS,
    UserError,
    attempt,
    build,
    input_values,
    mutation,
)
from services.gateway.planning.calendar_types import Calendar
from services.gateway.planning.inputs import (
    ClearBaselineInput,
    CreateCalendarInput,
    SetBaselineInput,
    UpdateCalendarInput,
    UpdateScheduleSettingsInput,
)
from services.gateway.planning.types import Baseline
from services.gateway.projects.types import Project
from services.gateway.tasks.changes import rescheduling
from services.gateway.tasks.edits import CHANGED
from services.gateway.tasks.types import Task
from shared.clients.projects.calendars import (
    CalendarCreate,
    CalendarDTO,
    CalendarUpdate,
    ScheduleSettingsUpdate,
)
from shared.clients.projects.planning import BaselineCapture, BaselineDTO

NOT_BODY = CALL_FIELDS | {"number", "replace"}


@strawberry.type
class CalendarPayload:
    calendar: Calendar | None
    user_errors: list[UserError]


@strawberry.type
class CalendarChangePayload:
    calendar: Calendar | None
    changed_tasks: list[Task] = strawberry.field(description=CHANGED)
    user_errors: list[UserError]


@strawberry.type
class ScheduleSettingsPayload:
    project: Project | None = strawberry.field(description="The project as rescheduled.")
    changed_tasks: list[Task] = strawberry.field(description=CHANGED)
    user_errors: list[UserError]


@strawberry.type
class BaselinePayload:
    baseline: Baseline | None
    user_errors: list[UserError]


@strawberry.type
class ClearBaselinePayload:
    cleared_number: int | None = strawberry.field(description="The baseline number cleared.")
    user_errors: list[UserError]


async def _create_calendar(
    context: GatewayContext, input: CreateCalendarInput, body: CalendarCreate
) -> CalendarDTO:
    project_id = parse_id(input.project_id, "projectId")
    key = input.idempotency_key
    return await context.clients.projects.create_calendar(project_id, body, idempotency_key=key)


async def _set_baseline(
    context: GatewayContext, input: SetBaselineInput, body: BaselineCapture
) -> BaselineDTO:
    project_id = parse_id(input.project_id, "projectId")
    return await context.clients.projects.set_baseline(
        project_id,
        input.number,
        body,
        replace=input.replace,
        idempotency_key=input.idempotency_key,
    )


@strawberry.type
class PlanningMutations:
    create_calendar = mutation(
        CalendarPayload,
        _create_calendar,
        None,
        conflict_field="name",
        description="Give a project its own working calendar (assign it with "
        "updateScheduleSettings).",
    )
    set_baseline = mutation(
        BaselinePayload,
        _set_baseline,
        None,
        conflict_field="number",
        description="Capture the plan as a baseline (0-10).",
        exclude=NOT_BODY,
    )

    @strawberry.mutation(
        description="Change a calendar (weekdays, hours, holidays); the projects using it "
        "are rescheduled."
    )
    async def update_calendar(
        self, info: Info, input: UpdateCalendarInput
    ) -> CalendarChangePayload:
        projects = info.context.clients.projects

        async def project_of() -> uuid.UUID | None:
            return parse_id(input.project_id, "projectId") if input.project_id else None

        async def write() -> Calendar:
            body = build(CalendarUpdate, input_values(input, exclude=CALL_FIELDS))
            calendar_id, version = parse_id(input.id), input.expected_version
            dto = await projects.update_calendar(calendar_id, body, expected_version=version)
            return Calendar.from_dto(dto)

        return await rescheduling(
            info, CalendarChangePayload, project_of, write, conflict_field="name"
        )

    @strawberry.mutation(
        description="Change how a project is scheduled (calendar, status date, deadline, "
        "progress mode); the plan is rescheduled."
    )
    async def update_schedule_settings(
        self, info: Info, input: UpdateScheduleSettingsInput
    ) -> ScheduleSettingsPayload:
        projects = info.context.clients.projects

        async def project_of() -> uuid.UUID:
            return parse_id(input.project_id, "projectId")

        async def write() -> Project:
            body = build(ScheduleSettingsUpdate, input_values(input, exclude=CALL_FIELDS))
            project_id, version = await project_of(), input.expected_version
            await projects.update_schedule_settings(project_id, body, expected_version=version)
            loader = info.context.loaders.projects.project
            with suppress(KeyError):
                loader.clear(project_id)
            return Project.from_dto(await loader.load(project_id))

        return await rescheduling(
            info, ScheduleSettingsPayload, project_of, write, conflict_field="calendarId"
        )

    @strawberry.mutation(description="Clear a baseline of a project.")
    async def clear_baseline(self, info: Info, input: ClearBaselineInput) -> ClearBaselinePayload:
        projects = info.context.clients.projects

        async def call() -> int:
            project_id = parse_id(input.project_id, "projectId")
            version = input.expected_version
            await projects.clear_baseline(project_id, input.number, expected_version=version)
            return input.number

        return await attempt(
            ClearBaselinePayload,
            call,
            conflict_field="number",
            precondition_field="expectedVersion",
        )
