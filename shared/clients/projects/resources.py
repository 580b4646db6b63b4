"""The resource pool (projects service): people and generic roles, their cost rates over
time and their time off."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from shared.clients import InputModel, Operation, TypedClient, WireModel, page_params
from shared.fields import MoneyIn, decimal_string
from shared.pagination import Page

UnitsIn = Annotated[Decimal, decimal_string(4, 2)]


# Shared with the projects service's own schemas (one vocabulary on both sides).
class ResourceKind(StrEnum):
    person = "person"
    role = "role"  # a generic role, e.g. "senior developer", planned before a person is named


class ResourceDTO(WireModel):
    id: uuid.UUID
    kind: ResourceKind
    name: str
    email: str | None = None
    role_name: str | None = None
    skills: list[str]
    max_units: Decimal
    calendar_id: uuid.UUID | None = None
    external_source: str | None = None
    external_id: str | None = None
    active: bool
    created_at: datetime
    updated_at: datetime
    version: int


class RateDTO(WireModel):
    id: uuid.UUID
    resource_id: uuid.UUID
    effective_from: date
    rate_per_hour: Decimal
    currency: str
    created_at: datetime
    version: int


class RateListDTO(WireModel):
    items: list[RateDTO]


class TimeOffDTO(WireModel):
    id: uuid.UUID
    resource_id: uuid.UUID
    from_date: date
    to_date: date
    reason: str | None = None
    created_at: datetime
    version: int


class TimeOffListDTO(WireModel):
    items: list[TimeOffDTO]


class ResourceCreate(InputModel):
    kind: ResourceKind
    name: str
    email: str | None = None
    role_name: str | None = None
    skills: list[str] = []
    max_units: UnitsIn = Decimal("1.00")
    calendar_id: uuid.UUID | None = None
    external_source: str | None = None
    external_id: str | None = None
    active: bool = True


class ResourceUpdate(InputModel):
    name: str | None = None
    email: str | None = None
    role_name: str | None = None
    skills: list[str] | None = None
    max_units: UnitsIn | None = None
    calendar_id: uuid.UUID | None = None
    external_source: str | None = None
    external_id: str | None = None
    active: bool | None = None


class RateCreate(InputModel):
    effective_from: date
    rate_per_hour: MoneyIn
    currency: str


class TimeOffCreate(InputModel):
    from_date: date
    to_date: date
    reason: str | None = None


ALL = "/v1/resources"
ONE = "/v1/resources/{resource_id}"
CREATE_RESOURCE = Operation("create_resource", "POST", ALL, ResourceDTO, body=ResourceCreate)
LIST_RESOURCES = Operation("list_resources", "GET", ALL, Page[ResourceDTO])
GET_RESOURCE = Operation("get_resource", "GET", ONE, ResourceDTO)
UPDATE_RESOURCE = Operation("update_resource", "PATCH", ONE, ResourceDTO, body=ResourceUpdate)
DELETE_RESOURCE: Operation[Any] = Operation("delete_resource", "DELETE", ONE, None)
LIST_RATES = Operation("list_resource_rates", "GET", f"{ONE}/rates", RateListDTO)
ADD_RATE = Operation("add_resource_rate", "POST", f"{ONE}/rates", RateDTO, body=RateCreate)
RATE_AT = Operation("get_resource_rate_at", "GET", f"{ONE}/rate", RateDTO)
DELETE_RATE: Operation[Any] = Operation(
    "delete_resource_rate", "DELETE", f"{ONE}/rates/{{rate_id}}", None
)
LIST_TIME_OFF = Operation("list_resource_time_off", "GET", f"{ONE}/time-off", TimeOffListDTO)
ADD_TIME_OFF = Operation(
    "add_resource_time_off", "POST", f"{ONE}/time-off", TimeOffDTO, body=TimeOffCreate
)
DELETE_TIME_OFF: Operation[Any] = Operation(
    "delete_resource_time_off", "DELETE", f"{ONE}/time-off/{{time_off_id}}", None
)


class ResourceEndpoints(TypedClient):
    async def create_resource(
        self, data: ResourceCreate, *, idempotency_key: str | None = None
    ) -> ResourceDTO:
        return await self.send(CREATE_RESOURCE, data, idempotency_key=idempotency_key)

    async def get_resource(self, resource_id: uuid.UUID) -> ResourceDTO:
        return await self.fetch(GET_RESOURCE, path={"resource_id": resource_id})

    async def list_resources(
        self,
        *,
        kind: ResourceKind | None = None,
        skill: str | None = None,
        q: str | None = None,
        active: bool | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[ResourceDTO]:
        """Oldest first; ``skill``: those having it; ``q``: in the name or role name."""
        params = page_params(
            limit,
            cursor,
            kind=kind.value if kind else None,
            skill=skill,
            q=q,
            active=None if active is None else str(active).lower(),
        )
        return await self.fetch(LIST_RESOURCES, params=params)

    async def update_resource(
        self, resource_id: uuid.UUID, data: ResourceUpdate, *, expected_version: int | None = None
    ) -> ResourceDTO:
        return await self.send(
            UPDATE_RESOURCE,
            data,
            path={"resource_id": resource_id},
            expected_version=expected_version,
        )

    async def delete_resource(
        self, resource_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        await self.send_no_content(
            DELETE_RESOURCE, path={"resource_id": resource_id}, expected_version=expected_version
        )

    async def list_resource_rates(self, resource_id: uuid.UUID) -> RateListDTO:
        return await self.fetch(LIST_RATES, path={"resource_id": resource_id})

    async def add_resource_rate(self, resource_id: uuid.UUID, data: RateCreate) -> RateDTO:
        return await self.send(ADD_RATE, data, path={"resource_id": resource_id})

    async def resource_rate_at(self, resource_id: uuid.UUID, day: date) -> RateDTO:
        """The rate in force on ``day`` (a 404 problem: none yet)."""
        return await self.fetch(
            RATE_AT, path={"resource_id": resource_id}, params={"at": day.isoformat()}
        )

    async def delete_resource_rate(self, resource_id: uuid.UUID, rate_id: uuid.UUID) -> None:
        await self.send_no_content(
            DELETE_RATE, path={"resource_id": resource_id, "rate_id": rate_id}
        )

    async def list_resource_time_off(self, resource_id: uuid.UUID) -> TimeOffListDTO:
        return await self.fetch(LIST_TIME_OFF, path={"resource_id": resource_id})

    async def add_resource_time_off(
        self, resource_id: uuid.UUID, data: TimeOffCreate
    ) -> TimeOffDTO:
        return await self.send(ADD_TIME_OFF, data, path={"resource_id": resource_id})

    async def delete_resource_time_off(
        self, resource_id: uuid.UUID, time_off_id: uuid.UUID
    ) -> None:
        await self.send_no_content(
            DELETE_TIME_OFF, path={"resource_id": resource_id, "time_off_id": time_off_id}
        )
