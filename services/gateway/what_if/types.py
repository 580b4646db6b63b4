from __future__ import annotations

import strawberry

from services.gateway.values import gid, money
from shared.clients.projects.what_if import (
    OverAllocationDeltaDTO,
    OverAllocationDTO,
    TaskMovingDTO,
    WhatIfDeltaDTO,
    WhatIfResultDTO,
    WhatIfSideDTO,
)


@strawberry.type(description="Who is over-allocated, by how many hours, in how many periods.")
class WhatIfOverAllocation:
    hours: float
    periods: int
    resource_ids: list[strawberry.ID | None]
    resource_names: list[str]

    @classmethod
    def from_dto(cls, dto: OverAllocationDTO | None) -> WhatIfOverAllocation | None:
        if dto is None:
            return None
        return cls(
            hours=dto.hours,
            periods=dto.periods,
            resource_ids=[
                None if r.resource_id is None else strawberry.ID(r.resource_id)
                for r in dto.resources
            ],
            resource_names=[r.name for r in dto.resources],
        )


@strawberry.type(description="One side of a what-if: the plan now, or under the scenario.")
class WhatIfSide:
    finish: str | None = strawberry.field(description="Levelled finish (engine's if not)")
    levelling_status: str | None
    levelling_delay_days: int | None
    resource_cost: str | None = strawberry.field(description="Decimal string")
    currency: str | None
    unstaffed_hours: str
    over_allocation_before_levelling: WhatIfOverAllocation
    over_allocation_after_levelling: WhatIfOverAllocation | None

    @classmethod
    def from_dto(cls, dto: WhatIfSideDTO) -> WhatIfSide:
        before = WhatIfOverAllocation.from_dto(dto.over_allocation_before_levelling)
        assert before is not None
        return cls(
            finish=dto.finish,
            levelling_status=dto.levelling_status,
            levelling_delay_days=dto.levelling_delay_days,
            resource_cost=money(dto.resource_cost),
            currency=dto.currency,
            unstaffed_hours=str(dto.unstaffed_hours),
            over_allocation_before_levelling=before,
            over_allocation_after_levelling=WhatIfOverAllocation.from_dto(
                dto.over_allocation_after_levelling
            ),
        )


@strawberry.type
class WhatIfOverAllocationDelta:
    hours: float
    periods: int

    @classmethod
    def from_dto(cls, dto: OverAllocationDeltaDTO | None) -> WhatIfOverAllocationDelta | None:
        return None if dto is None else cls(hours=dto.hours, periods=dto.periods)


@strawberry.type(description="Scenario minus current.")
class WhatIfDelta:
    finish_working_days: int | None
    resource_cost: str | None = strawberry.field(description="Decimal string")
    over_allocation_before_levelling: WhatIfOverAllocationDelta | None
    over_allocation_after_levelling: WhatIfOverAllocationDelta | None

    @classmethod
    def from_dto(cls, dto: WhatIfDeltaDTO) -> WhatIfDelta:
        return cls(
            finish_working_days=dto.finish_working_days,
            resource_cost=money(dto.resource_cost),
            over_allocation_before_levelling=WhatIfOverAllocationDelta.from_dto(
                dto.over_allocation_before_levelling
            ),
            over_allocation_after_levelling=WhatIfOverAllocationDelta.from_dto(
                dto.over_allocation_after_levelling
            ),
        )


@strawberry.type(description="A task whose levelled dates differ between the two sides.")
class WhatIfTaskMove:
    task_id: strawberry.ID
    project_id: strawberry.ID
    name: str
    current_start: str | None
    current_finish: str | None
    scenario_start: str | None
    scenario_finish: str | None

    @classmethod
    def from_dto(cls, dto: TaskMovingDTO) -> WhatIfTaskMove:
        return cls(
            task_id=gid(dto.task_id),
            project_id=gid(dto.project_id),
            name=dto.name,
            current_start=dto.current_start,
            current_finish=dto.current_finish,
            scenario_start=dto.scenario_start,
            scenario_finish=dto.scenario_finish,
        )


@strawberry.type(description="A succeeded what-if: the plan now beside the scenario.")
class ResourceWhatIf:
    levelled: bool
    engine_finish: str | None
    current: WhatIfSide
    scenario: WhatIfSide
    delta: WhatIfDelta
    tasks_moving: list[WhatIfTaskMove]

    @classmethod
    def from_dto(cls, dto: WhatIfResultDTO) -> ResourceWhatIf:
        return cls(
            levelled=dto.levelled,
            engine_finish=dto.engine_finish,
            current=WhatIfSide.from_dto(dto.current),
            scenario=WhatIfSide.from_dto(dto.scenario),
            delta=WhatIfDelta.from_dto(dto.delta),
            tasks_moving=[WhatIfTaskMove.from_dto(t) for t in dto.tasks_moving],
        )
