from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from services.projects.engine import LinkType
from services.projects.schemas_common import StrictModel

LAG_OPTIONAL = "A buffer lag the PMO may remove to recover the schedule (a corrective option)."


class DependencyCreate(StrictModel):
    predecessor_id: uuid.UUID
    successor_id: uuid.UUID
    type: LinkType = LinkType.FS
    lag_days: Decimal = Field(
        default=Decimal(0),
        max_digits=10,
        decimal_places=2,
        description="Working days; negative is a lead.",
    )
    lag_optional: bool = Field(default=False, description=LAG_OPTIONAL)


class DependencyUpdate(StrictModel):
    type: LinkType | None = None
    lag_days: Decimal | None = Field(default=None, max_digits=10, decimal_places=2)
    lag_optional: bool | None = Field(default=None, description=LAG_OPTIONAL + " null: unchanged.")


class DependencyRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    predecessor_id: uuid.UUID
    successor_id: uuid.UUID
    type: LinkType
    lag_days: Decimal
    lag_optional: bool = Field(description=LAG_OPTIONAL)
    external_source: str | None
    external_id: str | None
    created_at: datetime
    updated_at: datetime
    version: int
