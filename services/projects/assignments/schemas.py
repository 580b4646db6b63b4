"""Assignments: a resource on a task at some units; work and cost are derived."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Self

from pydantic import BaseModel, Field, model_validator

from services.projects.resources.schemas import Units
from services.projects.schemas_common import StrictModel
from shared.fields import decimal_string

WorkHours = Annotated[
    Decimal,
    Field(gt=0, max_digits=10, decimal_places=2, description="Hours of work over the task"),
    decimal_string(10, 2),
]
ONE_OF = "give exactly one of units and work_hours"
UNITS_RULE = "Share of each working day (1.00 = full time), at most the resource's max_units (422)"
WORK_RULE = (
    "Instead of units: hours over the task, units = work / (duration x hours per day); "
    "422 on a task of zero duration"
)


class _UnitsOrWork(StrictModel):
    units: Units | None = Field(default=None, description=UNITS_RULE)
    work_hours: WorkHours | None = Field(default=None, description=WORK_RULE)

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.units is None) == (self.work_hours is None):
            raise ValueError(ONE_OF)
        return self


class AssignmentCreate(_UnitsOrWork):
    resource_id: uuid.UUID = Field(description="An active resource (422 if unknown or inactive)")


class AssignmentUpdate(_UnitsOrWork):
    """The resource and the task stay: assign another resource and remove this one."""


class AssignmentRead(BaseModel):
    id: uuid.UUID
    task_id: uuid.UUID
    resource_id: uuid.UUID
    project_id: uuid.UUID
    units: Annotated[Decimal, Field(description="1.00 = full time")]
    work_hours: Annotated[Decimal, Field(description="units x duration x hours per day")]
    cost: Decimal | None = Field(
        description="Each working day's hours at the rate in force that day, in cents; null "
        "when a rate is in another currency than the project's"
    )
    currency: str | None = Field(description="The project's currency")
    created_at: datetime
    updated_at: datetime
    version: int


class AssignmentList(BaseModel):
    items: list[AssignmentRead]
