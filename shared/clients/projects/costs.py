"""Actual cost entries of projects (projects service): the AC of earned value, entered by
hand or pushed by finance systems, in the project's one currency."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared.clients import (
    InputModel,
    Operation,
    PagesByProjectDTO,
    ProjectPageDTO,
    TypedClient,
    WireModel,
    page_params,
)
from shared.fields import MoneyIn
from shared.pagination import Page


# Shared with the projects service's own schemas (one vocabulary on both sides).
class CostCategory(StrEnum):
    labour = "labour"
    material = "material"
    services = "services"
    travel = "travel"
    other = "other"


class ActualCostDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    task_id: uuid.UUID | None = None
    incurred_on: date
    amount: Decimal
    currency: str
    category: CostCategory
    description: str | None = None
    external_source: str | None = None
    external_id: str | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class ActualCostCreate(InputModel):
    incurred_on: date
    amount: MoneyIn
    currency: str
    category: CostCategory = CostCategory.other
    task_id: uuid.UUID | None = None
    description: str | None = None
    external_source: str | None = None
    external_id: str | None = None


class ActualCostUpdate(InputModel):
    incurred_on: date | None = None
    amount: MoneyIn | None = None
    currency: str | None = None
    category: CostCategory | None = None
    task_id: uuid.UUID | None = None
    description: str | None = None
    external_source: str | None = None
    external_id: str | None = None


IN_PROJECT = "/v1/projects/{project_id}/actual-costs"
ONE = "/v1/actual-costs/{cost_id}"
CREATE_ACTUAL_COST = Operation(
    "create_actual_cost", "POST", IN_PROJECT, ActualCostDTO, body=ActualCostCreate
)
LIST_ACTUAL_COSTS = Operation("list_actual_costs", "GET", IN_PROJECT, Page[ActualCostDTO])
FIRST_ACTUAL_COST_PAGES = Operation(
    "list_first_actual_cost_pages",
    "GET",
    "/v1/actual-costs/first-pages",
    PagesByProjectDTO[ActualCostDTO],
)
GET_ACTUAL_COST = Operation("get_actual_cost", "GET", ONE, ActualCostDTO)
UPDATE_ACTUAL_COST = Operation(
    "update_actual_cost", "PATCH", ONE, ActualCostDTO, body=ActualCostUpdate
)
DELETE_ACTUAL_COST: Operation[Any] = Operation("delete_actual_cost", "DELETE", ONE, None)


class CostEndpoints(TypedClient):
    async def create_actual_cost(
        self,
        project_id: uuid.UUID,
        data: ActualCostCreate,
        *,
        idempotency_key: str | None = None,
    ) -> ActualCostDTO:
        return await self.send(
            CREATE_ACTUAL_COST,
            data,
            path={"project_id": project_id},
            idempotency_key=idempotency_key,
        )

    async def list_actual_costs(
        self,
        project_id: uuid.UUID,
        *,
        incurred_from: date | None = None,
        incurred_to: date | None = None,
        task_id: uuid.UUID | None = None,
        category: CostCategory | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[ActualCostDTO]:
        """By date incurred, oldest first; ``incurred_from``/``incurred_to`` inclusive."""
        params = page_params(
            limit,
            cursor,
            **{
                "from": incurred_from.isoformat() if incurred_from else None,
                "to": incurred_to.isoformat() if incurred_to else None,
                "task_id": str(task_id) if task_id else None,
                "category": category.value if category else None,
            },
        )
        return await self.fetch(LIST_ACTUAL_COSTS, path={"project_id": project_id}, params=params)

    async def actual_costs_by_project(
        self, project_ids: list[uuid.UUID], *, limit: int
    ) -> dict[uuid.UUID, ProjectPageDTO[ActualCostDTO]]:
        """Each project's first ``limit`` entries (oldest first), one call per 500 projects;
        each ``next_cursor`` continues in :meth:`list_actual_costs`."""
        return await self.fetch_by_project(FIRST_ACTUAL_COST_PAGES, project_ids, limit=limit)

    async def get_actual_cost(self, cost_id: uuid.UUID) -> ActualCostDTO:
        return await self.fetch(GET_ACTUAL_COST, path={"cost_id": cost_id})

    async def update_actual_cost(
        self, cost_id: uuid.UUID, data: ActualCostUpdate, *, expected_version: int | None = None
    ) -> ActualCostDTO:
        return await self.send(
            UPDATE_ACTUAL_COST, data, path={"cost_id": cost_id}, expected_version=expected_version
        )

    async def delete_actual_cost(
        self, cost_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        await self.send_no_content(
            DELETE_ACTUAL_COST, path={"cost_id": cost_id}, expected_version=expected_version
        )
