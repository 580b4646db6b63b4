"""A what-if on resources: the request (people added to roles, resources removed, time off
changed, whether to level) as the API takes it. The answer is a job's result (see
``compare.py`` for its shape)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from services.projects.levelling.schemas import LevellingMethod
from services.projects.resources.schemas import Units
from services.projects.schemas_common import Money, StrictModel

# More changes than this in one what-if is a plan change, not a question: 422.
MAX_CHANGES = 50


class PersonToAdd(StrictModel):
    """A person who does not exist yet, joining the pool of ``role_name``. ``key`` names
    it in the answer (e.g. ``"new-tester"``)."""

    key: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.:-]+$")
    role_name: str = Field(min_length=1, max_length=200)
    max_units: Units = Decimal("1.00")
    calendar_id: uuid.UUID | None = None
    rate_per_hour: Money | None = Field(
        default=None, description="Its cost per hour (the role's rate if none)"
    )


class TimeOffChangeIn(StrictModel):
    """Days ``from_date``..``to_date`` (both included) the resource is away (``away``
    true) or works after all (false)."""

    resource_id: uuid.UUID
    from_date: date
    to_date: date
    away: bool = True


class WhatIfRequest(StrictModel):
    add: list[PersonToAdd] = Field(default_factory=list, max_length=MAX_CHANGES)
    remove: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_CHANGES)
    time_off: list[TimeOffChangeIn] = Field(default_factory=list, max_length=MAX_CHANGES)
    level: bool = Field(default=True, description="Level both sides (same method) to compare")
    method: LevellingMethod = LevellingMethod.auto
    time_limit_seconds: float = Field(
        default=5.0, ge=1, le=300, description="The solver's limit per side (1..300 s)"
    )


# -- the answer: a succeeded what-if job's result --------------------------------------------

LOCAL = "The engine's date-time on the plan's calendar (no offset), as levelling gives it"


class OverAllocated(BaseModel):
    resource_id: str | None = Field(
        description="A resource id; a hypothetical person's key; unstaffed:<role> for work "
        "nobody is left to do; none for a pool without a role resource"
    )
    name: str
    kind: str


class OverAllocationSummary(BaseModel):
    hours: float = Field(description="Hours asked beyond capacity, in all")
    periods: int = Field(description="Periods of over-allocated days (per resource or pool)")
    resources: list[OverAllocated]


class WhatIfSide(BaseModel):
    finish: str | None = Field(description=f"Levelled finish (the engine's if not). {LOCAL}")
    levelling_status: str | None = Field(description="optimal | feasible | heuristic")
    levelling_delay_days: int | None = Field(description="Working days levelling adds")
    resource_cost: Decimal | None = Field(description="Decimal string; null: mixed currencies")
    currency: str | None
    unstaffed_hours: Decimal = Field(description="Work of removed people with no role to take it")
    over_allocation_before_levelling: OverAllocationSummary
    over_allocation_after_levelling: OverAllocationSummary | None


class OverAllocationDelta(BaseModel):
    hours: float
    periods: int


class WhatIfDelta(BaseModel):
    """Scenario minus current."""

    finish_working_days: int | None
    resource_cost: Decimal | None
    over_allocation_before_levelling: OverAllocationDelta | None
    over_allocation_after_levelling: OverAllocationDelta | None


class TaskMoving(BaseModel):
    task_id: uuid.UUID
    project_id: uuid.UUID
    name: str
    current_start: str | None = Field(description=LOCAL)
    current_finish: str | None
    scenario_start: str | None
    scenario_finish: str | None


class WhatIfResult(BaseModel):
    """The plan now ("current") beside the plan under the scenario; nothing was written."""

    job_id: uuid.UUID
    levelled: bool
    engine_finish: str | None = Field(description=f"The plan's finish unlevelled. {LOCAL}")
    current: WhatIfSide
    scenario: WhatIfSide
    delta: WhatIfDelta
    tasks_moving: list[TaskMoving]
