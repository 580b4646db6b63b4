from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, model_validator

from services.projects.schemas_common import CurrencyCode, StrictModel
from shared.clients.projects.records import ChangeRequestStatus
from shared.fields import decimal_string


def _no_float(value: Any) -> Any:
    if isinstance(value, float):
        raise ValueError('send amounts as decimal strings, e.g. "-1250.00"')
    return value


# A change may also save money or time, so these may be negative.
SignedMoney = Annotated[
    Decimal,
    BeforeValidator(_no_float),
    Field(max_digits=18, decimal_places=2),
    decimal_string(18, 2, signed=True),
]
SignedDays = Annotated[Decimal, Field(max_digits=10, decimal_places=2)]
Title = Annotated[str, Field(min_length=1, max_length=300)]


class _Amounts(StrictModel):
    @model_validator(mode="after")
    def _cost_needs_currency(self) -> _Amounts:
        if getattr(self, "cost_impact", None) is not None and not getattr(self, "currency", None):
            raise ValueError("a cost_impact needs a currency")
        return self


class ChangeRequestCreate(_Amounts):
    title: Title
    description: str | None = None
    reason: str | None = None
    schedule_impact_days: SignedDays | None = None
    cost_impact: SignedMoney | None = None
    currency: CurrencyCode | None = None
    scope_impact: str | None = None


class ChangeRequestUpdate(_Amounts):
    title: Title | None = None
    description: str | None = None
    reason: str | None = None
    schedule_impact_days: SignedDays | None = None
    cost_impact: SignedMoney | None = None
    currency: CurrencyCode | None = None
    scope_impact: str | None = None


class ChangeRequestApproval(StrictModel):
    note: str | None = None
    set_baseline: int | None = Field(
        default=None, ge=0, le=10, description="Capture this baseline number in the same step"
    )
    replace_baseline: bool = False


class ChangeRequestRejection(StrictModel):
    note: str | None = None


class ChangeRequestRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    title: str
    description: str | None
    reason: str | None
    schedule_impact_days: Decimal | None
    cost_impact: Decimal | None
    currency: str | None
    scope_impact: str | None
    status: ChangeRequestStatus
    requested_by: str
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    baseline_number: int | None
    plan_changes: list[dict[str, Any]] | None = Field(
        default=None, description="A corrective option's changes, made when it is approved"
    )
    applied_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    version: int
