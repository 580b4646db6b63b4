"""Actual cost entries: money spent on a project on a day (the AC of earned value)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Self

from pydantic import BaseModel, Field, model_validator

from services.projects.schemas_common import CurrencyCode, Money, StrictModel
from shared.clients.projects.costs import CostCategory

CURRENCY_RULE = (
    "The project's currency (its own, else its portfolio's): entries in another currency are "
    "refused (422 currency-mismatch) until exchange rates exist"
)
TASK_RULE = "A task of this project (422 otherwise); null: a cost of the project as a whole"
Source = Annotated[str, Field(min_length=1, max_length=64)]
ExternalId = Annotated[str, Field(min_length=1, max_length=200)]


class ActualCostCreate(StrictModel):
    incurred_on: date
    amount: Money
    currency: CurrencyCode = Field(description=CURRENCY_RULE)
    category: CostCategory = CostCategory.other
    task_id: uuid.UUID | None = Field(default=None, description=TASK_RULE)
    description: str | None = Field(default=None, max_length=2000)
    external_source: Source | None = None
    external_id: ExternalId | None = None

    @model_validator(mode="after")
    def _key_complete(self) -> Self:
        if (self.external_source is None) != (self.external_id is None):
            raise ValueError("give both external_source and external_id, or neither")
        return self


class ActualCostUpdate(StrictModel):
    incurred_on: date | None = None
    amount: Money | None = None
    currency: CurrencyCode | None = Field(default=None, description=CURRENCY_RULE)
    category: CostCategory | None = None
    task_id: uuid.UUID | None = Field(default=None, description=TASK_RULE)
    description: str | None = Field(default=None, max_length=2000)
    external_source: Source | None = None
    external_id: ExternalId | None = None


class ActualCostRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    task_id: uuid.UUID | None
    incurred_on: date
    amount: Decimal
    currency: str
    category: CostCategory
    description: str | None
    external_source: str | None
    external_id: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class ActualCostItem(ActualCostCreate):
    """One entry of a bulk push: a finance system's entry, keyed by its external id."""

    external_source: Source
    external_id: ExternalId
