"""The resource pool: people and generic roles, their cost rates and their time off."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, Field, model_validator

from services.projects.schemas_common import CurrencyCode, Money, StrictModel
from shared.clients.projects.resources import ResourceKind
from shared.fields import decimal_string

HUNDREDTHS = Decimal("0.01")
Units = Annotated[
    Decimal,
    Field(gt=0, le=10, max_digits=4, decimal_places=2, description="1.00 = full time"),
    # As the column stores it, so the audit log records what was stored.
    AfterValidator(lambda units: units.quantize(HUNDREDTHS)),
    decimal_string(4, 2),
]
Skill = Annotated[str, Field(min_length=1, max_length=100)]
Source = Annotated[str, Field(min_length=1, max_length=64)]
ExternalId = Annotated[str, Field(min_length=1, max_length=200)]
Email = Annotated[str, Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")]
CALENDAR_RULE = "A calendar the resource's working time starts from (422 if unknown)"


class ResourceCreate(StrictModel):
    kind: ResourceKind
    name: str = Field(min_length=1, max_length=200)
    email: Email | None = Field(default=None, description="A person's address; not for roles")
    role_name: str | None = Field(default=None, min_length=1, max_length=200)
    skills: list[Skill] = Field(default_factory=list, max_length=50)
    max_units: Units = Decimal("1.00")
    calendar_id: uuid.UUID | None = Field(default=None, description=CALENDAR_RULE)
    external_source: Source | None = None
    external_id: ExternalId | None = None
    active: bool = True

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.external_source is None) != (self.external_id is None):
            raise ValueError("give both external_source and external_id, or neither")
        if self.kind is ResourceKind.role and self.email is not None:
            raise ValueError("a generic role has no email")
        return self


class ResourceUpdate(StrictModel):
    """The kind stays: a role becomes a person by assigning one, not by editing it."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    email: Email | None = None
    role_name: str | None = Field(default=None, min_length=1, max_length=200)
    skills: list[Skill] | None = Field(default=None, max_length=50)
    max_units: Units | None = None
    calendar_id: uuid.UUID | None = Field(default=None, description=CALENDAR_RULE)
    external_source: Source | None = None
    external_id: ExternalId | None = None
    active: bool | None = None


class ResourceRead(BaseModel):
    id: uuid.UUID
    kind: ResourceKind
    name: str
    email: str | None
    role_name: str | None
    skills: list[str]
    max_units: Decimal
    calendar_id: uuid.UUID | None
    external_source: str | None
    external_id: str | None
    active: bool
    created_at: datetime
    updated_at: datetime
    version: int


class ResourceItem(ResourceCreate):
    """One record of an HR push, keyed by its external id."""

    external_source: Source
    external_id: ExternalId


class RateCreate(StrictModel):
    effective_from: date
    rate_per_hour: Annotated[Money, AfterValidator(lambda rate: rate.quantize(HUNDREDTHS))]
    currency: CurrencyCode


class RateRead(BaseModel):
    id: uuid.UUID
    resource_id: uuid.UUID
    effective_from: date
    rate_per_hour: Decimal
    currency: str
    created_at: datetime
    version: int


class RateList(BaseModel):
    items: list[RateRead]


class TimeOffCreate(StrictModel):
    from_date: date
    to_date: date = Field(description="The last day off (included)")
    reason: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.to_date < self.from_date:
            raise ValueError("to_date must not be before from_date")
        return self


class TimeOffRead(BaseModel):
    id: uuid.UUID
    resource_id: uuid.UUID
    from_date: date
    to_date: date
    reason: str | None
    created_at: datetime
    version: int


class TimeOffList(BaseModel):
    items: list[TimeOffRead]
