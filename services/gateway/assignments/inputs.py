from __future__ import annotations

import strawberry

EXPECTED_VERSION = "The version you read; a newer one makes this a userError."
UNITS = 'Share of each working day as a decimal string ("1.00" = full time).'
WORK = "Instead of units: hours over the task, as a decimal string."


@strawberry.input(description="Exactly one of units and workHours.")
class AssignResourceInput:
    task_id: strawberry.ID
    resource_id: strawberry.ID
    units: str | None = strawberry.field(default=strawberry.UNSET, description=UNITS)
    work_hours: str | None = strawberry.field(default=strawberry.UNSET, description=WORK)


@strawberry.input(description="Exactly one of units and workHours.")
class UpdateAssignmentInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    units: str | None = strawberry.field(default=strawberry.UNSET, description=UNITS)
    work_hours: str | None = strawberry.field(default=strawberry.UNSET, description=WORK)


@strawberry.input
class UnassignResourceInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
