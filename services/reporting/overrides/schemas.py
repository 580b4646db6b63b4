from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field

from services.reporting.schemas_common import StrictModel
from shared.clients.reporting.health import OverrideRag


class HealthOverrideCreate(StrictModel):
    rag: OverrideRag = Field(description="The overall colour to show instead of the computed one.")
    justification: str = Field(
        min_length=1, max_length=2000, description="Why the computed colour is wrong (required)."
    )
    expires_at: AwareDatetime = Field(
        description="When the override stops applying: in the future, and at most "
        "`REPORTING_OVERRIDE_MAX_DAYS` (default 90) days ahead. With a UTC offset."
    )


class HealthOverrideRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    rag: OverrideRag
    justification: str
    expires_at: datetime
    created_at: datetime
    created_by: str
    revoked_at: datetime | None
    revoked_by: str | None
    superseded_by_id: uuid.UUID | None = Field(
        description="The override that replaced this one while it was active."
    )
    active: bool = Field(description="Neither revoked nor expired (at the time of the answer).")
    version: int
