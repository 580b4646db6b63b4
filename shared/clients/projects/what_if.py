"""What-if on resources (projects service): queue a comparison of a project's or a
portfolio's finish, resource cost and over-allocation with people added to a role, people
removed or time off changed; nothing is written. The answer is a job (poll ``get_job``);
``what_if_result`` reads its comparison, typed."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from shared.clients import InputModel, Operation, TypedClient, WireModel
from shared.clients.projects.levelling import JobDTO, LevellingMethod
from shared.clients.projects.resources import UnitsIn
from shared.fields import MoneyIn


class PersonToAdd(InputModel):
    key: str
    role_name: str
    max_units: UnitsIn = Decimal("1.00")
    calendar_id: uuid.UUID | None = None
    rate_per_hour: MoneyIn | None = None


class TimeOffChange(InputModel):
    resource_id: uuid.UUID
    from_date: date
    to_date: date
    away: bool = True


class WhatIfRequest(InputModel):
    add: list[PersonToAdd] = []
    remove: list[uuid.UUID] = []
    time_off: list[TimeOffChange] = []
    level: bool = True
    method: LevellingMethod = LevellingMethod.auto
    time_limit_seconds: float = 5.0


class OverAllocatedDTO(WireModel):
    resource_id: str | None = None
    name: str
    kind: str


class OverAllocationDTO(WireModel):
    hours: float
    periods: int
    resources: list[OverAllocatedDTO]


class WhatIfSideDTO(WireModel):
    finish: str | None = None
    levelling_status: str | None = None
    levelling_delay_days: int | None = None
    resource_cost: Decimal | None = None
    currency: str | None = None
    unstaffed_hours: Decimal
    over_allocation_before_levelling: OverAllocationDTO
    over_allocation_after_levelling: OverAllocationDTO | None = None


class OverAllocationDeltaDTO(WireModel):
    hours: float
    periods: int


class WhatIfDeltaDTO(WireModel):
    finish_working_days: int | None = None
    resource_cost: Decimal | None = None
    over_allocation_before_levelling: OverAllocationDeltaDTO | None = None
    over_allocation_after_levelling: OverAllocationDeltaDTO | None = None


class TaskMovingDTO(WireModel):
    task_id: uuid.UUID
    project_id: uuid.UUID
    name: str
    current_start: str | None = None
    current_finish: str | None = None
    scenario_start: str | None = None
    scenario_finish: str | None = None


class WhatIfResultDTO(WireModel):
    """A succeeded what-if job's result: the plan now ("current") and under the scenario."""

    job_id: uuid.UUID
    levelled: bool
    engine_finish: str | None = None
    current: WhatIfSideDTO
    scenario: WhatIfSideDTO
    delta: WhatIfDeltaDTO
    tasks_moving: list[TaskMovingDTO]


WHAT_IF_PROJECT = Operation(
    "request_project_what_if",
    "POST",
    "/v1/projects/{project_id}/what-if",
    JobDTO,
    body=WhatIfRequest,
)
WHAT_IF_RESULT = Operation(
    "get_what_if_result", "GET", "/v1/jobs/{job_id}/what-if", WhatIfResultDTO
)
WHAT_IF_PORTFOLIO = Operation(
    "request_portfolio_what_if",
    "POST",
    "/v1/portfolios/{portfolio_id}/what-if",
    JobDTO,
    body=WhatIfRequest,
)


class WhatIfEndpoints(TypedClient):
    async def request_project_what_if(self, project_id: uuid.UUID, data: WhatIfRequest) -> JobDTO:
        """The queued job (202); poll ``get_job``, then read :meth:`what_if_result`."""
        return await self.send(WHAT_IF_PROJECT, data, path={"project_id": project_id})

    async def request_portfolio_what_if(
        self, portfolio_id: uuid.UUID, data: WhatIfRequest
    ) -> JobDTO:
        return await self.send(WHAT_IF_PORTFOLIO, data, path={"portfolio_id": portfolio_id})

    async def what_if_result(self, job_id: uuid.UUID) -> WhatIfResultDTO:
        """The comparison once the job succeeded (Conflict before, or once it failed)."""
        return await self.fetch(WHAT_IF_RESULT, path={"job_id": job_id})
