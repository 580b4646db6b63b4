"""Inputs of the mutations that edit a plan: tasks changed, moved in the WBS and deleted,
links changed and deleted. Update fields default to UNSET, so "not sent" (leave alone)
differs from null (clear), as in the REST PATCH."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from services.gateway.tasks.types import DependencyType

EXPECTED_VERSION = "The version you read; a newer one makes this a userError (code STALE)."
DAYS = 'Working days as a decimal string, e.g. "2.5".'
LINK_PROJECT = "The project of the link: its tasks the change moves come back in changedTasks."


@strawberry.input(description="Change a task's fields; the plan is rescheduled.")
class UpdateTaskInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    start_date: date | None = strawberry.UNSET
    finish_date: date | None = strawberry.UNSET
    duration_days: str | None = strawberry.field(default=strawberry.UNSET, description=DAYS)
    percent_complete: str | None = strawberry.UNSET
    milestone: bool | None = strawberry.UNSET
    constraint_type: str | None = strawberry.field(
        default=strawberry.UNSET, description="ASAP, ALAP, SNET, SNLT, FNET, FNLT, MSO or MFO."
    )
    constraint_date: datetime | None = strawberry.UNSET
    deadline: date | None = strawberry.UNSET
    actual_start: datetime | None = strawberry.UNSET
    actual_finish: datetime | None = strawberry.UNSET
    actual_duration_days: str | None = strawberry.field(default=strawberry.UNSET, description=DAYS)
    remaining_duration_days: str | None = strawberry.field(
        default=strawberry.UNSET, description=DAYS
    )
    cost: str | None = strawberry.field(
        default=strawberry.UNSET, description='The task\'s budget, decimal string, e.g. "500.00".'
    )
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="Move a task in the WBS: under another task, or to the top.")
class MoveTaskInput:
    id: strawberry.ID
    parent_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The new parent (a task of the same project); null: a top-level task.",
    )
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="Delete a task with its subtasks and links.")
class DeleteTaskInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    cascade: bool = strawberry.field(
        default=False,
        description="Confirm deleting the subtasks, links and assignments that go with it; "
        "without it such a task is not deleted and the payload's impact lists them.",
    )


@strawberry.input(description="Change a link's type or lag; the plan is rescheduled.")
class UpdateDependencyInput:
    id: strawberry.ID
    project_id: strawberry.ID = strawberry.field(description=LINK_PROJECT)
    type: DependencyType | None = strawberry.UNSET
    lag_days: str | None = strawberry.field(
        default=strawberry.UNSET, description='Working days, e.g. "2" (negative: a lead).'
    )
    lag_optional: bool | None = strawberry.field(
        default=strawberry.UNSET, description="A buffer lag the PMO may remove"
    )
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="Remove a link; the plan is rescheduled.")
class DeleteDependencyInput:
    id: strawberry.ID
    project_id: strawberry.ID = strawberry.field(description=LINK_PROJECT)
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
